#include "push/corrections.h"

#include "consent/access_log.h"
#include "core/id.h"
#include "push/event_repository.h"
#include "push/subscription_repository.h"

namespace rx::push {

Result<std::vector<std::string>> push_record_change(store::Session& s, const RecordChange& change,
                                                    const Clock& clock, Random& random) {
  if (change.change != "corrected" && change.change != "removed" && change.change != "repaired" &&
      change.change != "revoked")
    return invalid_argument("unknown record change '" + change.change + "'",
                            {{"change", "must be corrected, removed, repaired or revoked"}});
  RX_ASSIGN_OR_RETURN(std::vector<std::string> institutions,
                      consent::recipients_of(s, change.uscc, change.category));
  const nlohmann::json payload = {
      {"uscc", change.uscc},
      {"category", change.category},
      {"record_key", change.record_key},
      {"change", change.change},
      {"objection_id", change.objection_id ? nlohmann::json(*change.objection_id) : nullptr},
      {"at", format_instant(change.at)}};
  const Instant now = clock.now();
  std::vector<std::string> ids;
  for (const std::string& institution : institutions) {
    Event e;
    e.id = new_uuid_v7(clock, random);
    e.institution_id = institution;
    e.uscc = change.uscc;
    e.kind = std::string(kRecordCorrection);
    e.payload = payload;
    e.created_at = now;
    e.requires_ack = true;
    e.delivery = "feed";
    RX_ASSIGN_OR_RETURN(auto sub, find_subscription(s, institution, change.uscc));
    if (sub && sub->webhook_url) {
      e.subscription_id = sub->id;
      e.delivery = "pending";
      e.next_attempt_at = now;
    }
    RX_RETURN_IF_ERROR(insert_event(s, e));
    ids.push_back(e.id);
  }
  return ids;
}

}  // namespace rx::push
