#include "monitor/key_suspension.h"

#include "core/id.h"
#include "ledger/ledger.h"

namespace rx::monitor {
namespace {

using store::Rows;
using store::Value;

struct KeyRow {
  std::string role, institution_id;
  bool revoked = false, suspended = false;
};

Result<KeyRow> read_key(store::Session& s, const std::string& id) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT role, institution_id, revoked_at, suspended_at "
                                         "FROM api_keys WHERE id = ?",
                                         {Value(id)}));
  if (rows.empty()) return not_found("API key " + id + " does not exist");
  const store::Row& r = rows[0];
  return KeyRow{r.text(0), r.is_null(1) ? "" : r.text(1), !r.is_null(2), !r.is_null(3)};
}

ledger::Entry entry_for(const KeyChange& c, std::string_view action, std::string reason,
                        const Clock& clock, Random& random) {
  ledger::Entry e;
  e.id = new_uuid_v7(clock, random);
  e.at = clock.now();
  e.actor = c.actor;
  e.action = std::string(action);
  e.outcome = "done";
  e.reason = std::move(reason);
  e.request_id = c.request_id;
  e.ref = c.key_id;
  return e;
}

}  // namespace

Status suspend_key(store::Session& s, const KeyChange& c, const Clock& clock, Random& random) {
  RX_ASSIGN_OR_RETURN(KeyRow key, read_key(s, c.key_id));
  if (key.revoked) return failed_precondition("API key " + c.key_id + " is revoked");
  if (key.suspended) return failed_precondition("API key " + c.key_id + " is already suspended");
  if (key.role != "institution")
    return failed_precondition("API key " + c.key_id + " belongs to role " + key.role +
                               "; only institution keys are suspended (revoke others)");
  if (c.institution_id && key.institution_id != *c.institution_id)
    return invalid_argument("API key " + c.key_id + " belongs to institution " +
                                key.institution_id + ", not " + *c.institution_id,
                            {{"key_id", "must be a key of institution " + *c.institution_id}});
  RX_RETURN_IF_ERROR(
      s.execute("UPDATE api_keys SET suspended_at = ?, suspension_note = ? WHERE id = ?",
                {Value(micros(clock.now())), Value(c.note), Value(c.key_id)})
          .status());
  std::string reason = "suspended";
  if (c.alert_id) reason += " from alert " + *c.alert_id;
  return ledger::append(s, entry_for(c, ledger::action::kKeySuspend, reason, clock, random));
}

Status resume_key(store::Session& s, const KeyChange& c, const Clock& clock, Random& random) {
  RX_ASSIGN_OR_RETURN(KeyRow key, read_key(s, c.key_id));
  if (!key.suspended) return failed_precondition("API key " + c.key_id + " is not suspended");
  RX_RETURN_IF_ERROR(s.execute("UPDATE api_keys SET suspended_at = NULL, suspension_note = NULL "
                               "WHERE id = ?",
                               {Value(c.key_id)})
                         .status());
  return ledger::append(s,
                        entry_for(c, ledger::action::kAdminChange, "key_resumed", clock, random));
}

}  // namespace rx::monitor
