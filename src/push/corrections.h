// Corrections reach everyone who holds the affected data: push_record_change stores one
// record_correction event (requires_ack) for every institution that received the category of
// the enterprise (consent::recipients_of), whether or not it subscribes. It is in the
// institution's feed and, when the institution has a webhook subscription to the enterprise,
// delivered there too. Corrections are never withheld: they concern data already received.
#pragma once

#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "push/record_change.h"
#include "store/database.h"

namespace rx::push {

// kInvalidArgument for an unknown change. Inside the caller's transaction (the one that
// corrects, removes, repairs or revokes the record), so the notice is never lost.
// Returns the ids of the events stored.
Result<std::vector<std::string>> push_record_change(store::Session& s, const RecordChange& change,
                                                    const Clock& clock, Random& random);

}  // namespace rx::push
