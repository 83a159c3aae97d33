#include "api/operator_audit.h"

#include "core/id.h"
#include "crypto/crypto.h"

namespace rx::api {

Status audit_operator_read(Services& s, const RequestContext& c, std::string_view uscc,
                           std::string_view what, std::vector<std::string> categories,
                           std::string_view body) {
  if (c.principal->role != auth::Role::kAdmin) return Status::ok();
  ledger::Entry e;
  e.id = new_uuid_v7(s.clock, s.random);
  e.at = s.clock.now();
  e.actor = {"admin", c.principal->key_id, "", ""};
  e.action = std::string(ledger::action::kOperatorRead);
  e.outcome = "allowed";
  e.reason = std::string(what);
  e.subject = std::string(uscc);
  e.categories = std::move(categories);
  e.request_id = c.request_id;
  e.result_sha256 = crypto::sha256_hex(body);
  e.ref = e.id;
  return s.db.write([&](store::Session& session) { return ledger::append(session, e); });
}

}  // namespace rx::api
