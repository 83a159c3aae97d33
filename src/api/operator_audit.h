// The operator's own reads of an enterprise's data are uses too: each is a ledger entry,
// written (and committed) before the answer leaves, so no read goes unrecorded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/routes.h"

namespace rx::api {

// Records an admin key's read of `uscc`'s data (`what`: records, evaluation) and the hash of
// the body about to be sent. Other roles (an enterprise reading its own data) record nothing.
Status audit_operator_read(Services& s, const RequestContext& c, std::string_view uscc,
                           std::string_view what, std::vector<std::string> categories,
                           std::string_view body);

}  // namespace rx::api
