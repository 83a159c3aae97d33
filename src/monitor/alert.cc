#include "monitor/alert.h"

#include <set>

namespace rx::monitor {

std::string_view to_string(AlertState s) {
  switch (s) {
    case AlertState::kOpen:
      return "open";
    case AlertState::kAcknowledged:
      return "acknowledged";
    case AlertState::kResolved:
      return "resolved";
  }
  return "open";
}

std::optional<AlertState> parse_alert_state(std::string_view text) {
  for (AlertState s : {AlertState::kOpen, AlertState::kAcknowledged, AlertState::kResolved})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

Status acknowledge(Alert& a, std::string_view note, std::string_view by, Instant now) {
  if (a.state != AlertState::kOpen)
    return failed_precondition("alert " + a.id + " is " + std::string(to_string(a.state)) +
                               "; only an open alert can be acknowledged");
  a.state = AlertState::kAcknowledged;
  a.acknowledged_at = now;
  a.acknowledged_by = std::string(by);
  a.acknowledge_note = std::string(note);
  a.updated_at = now;
  return Status::ok();
}

Status resolve(Alert& a, std::string_view note, std::string_view by, Instant now) {
  if (note.empty())
    return invalid_argument("resolving an alert needs a note",
                            {{"note", "is required: what was found and done"}});
  if (a.state == AlertState::kResolved)
    return failed_precondition("alert " + a.id + " is already resolved");
  a.state = AlertState::kResolved;
  a.resolved_at = now;
  a.resolved_by = std::string(by);
  a.resolve_note = std::string(note);
  a.updated_at = now;
  return Status::ok();
}

Result<std::string> key_to_suspend(const Alert& a, const std::optional<std::string>& asked) {
  std::set<std::string> keys;
  if (!a.key_id.empty()) keys.insert(a.key_id);
  for (const Evidence& e : a.evidence)
    if (!e.key_id.empty()) keys.insert(e.key_id);
  if (asked) {
    if (keys.contains(*asked)) return *asked;
    return invalid_argument("key " + *asked + " did not act in alert " + a.id,
                            {{"key_id", "must be the alert's key or a key in its evidence"}});
  }
  if (!a.key_id.empty()) return a.key_id;
  if (keys.size() == 1) return *keys.begin();
  return invalid_argument(
      "alert " + a.id + " involves " + std::to_string(keys.size()) + " keys; name one",
      {{"key_id", "is required: the alert's evidence comes from several keys"}});
}

}  // namespace rx::monitor
