#include "objection/repair.h"

namespace rx::objection {
namespace {
constexpr std::string_view kKinds[] = {"repair", "revocation"};
constexpr std::string_view kReasons[] = {"removed_by_objection", "repaired", "decision_revoked"};
}  // namespace

std::string_view to_string(RepairKind k) {
  return kKinds[static_cast<int>(k)];
}

std::optional<RepairKind> parse_repair_kind(std::string_view text) {
  for (int i = 0; i < 2; ++i)
    if (text == kKinds[i]) return static_cast<RepairKind>(i);
  return std::nullopt;
}

std::string_view to_string(SuppressionReason r) {
  return kReasons[static_cast<int>(r)];
}

std::optional<SuppressionReason> parse_suppression_reason(std::string_view text) {
  for (int i = 0; i < 3; ++i)
    if (text == kReasons[i]) return static_cast<SuppressionReason>(i);
  return std::nullopt;
}

Result<Suppression> approve_suppression(const Calendar& calendar, std::string uscc,
                                        std::string category, std::string record_key,
                                        SuppressionReason reason,
                                        std::optional<std::string> objection_id, std::string note,
                                        std::string created_by, Instant now) {
  RX_ASSIGN_OR_RETURN(Date last,
                      calendar.add_working_days(shanghai_date(now), kSuppressionWorkingDays));
  return Suppression{.uscc = std::move(uscc),
                     .category = std::move(category),
                     .record_key = std::move(record_key),
                     .reason = reason,
                     .objection_id = std::move(objection_id),
                     .approved_at = now,
                     .effective_at = now,
                     .deadline_at = calendar.end_of_working_day(last),
                     .note = std::move(note),
                     .created_by = std::move(created_by)};
}

Status check_repair_allowed(const DisplayRules& rules, const catalog::Category& category,
                            const nlohmann::json& payload, RepairKind kind, Date today) {
  if (kind == RepairKind::kRevocation || category.id != rules.category()) return Status::ok();
  const auto severity_it = payload.find(rules.severity_field());
  const auto date_it = payload.find(rules.date_field());
  std::optional<Severity> severity;
  std::optional<Date> decided;
  if (severity_it != payload.end() && severity_it->is_string())
    severity = parse_severity(severity_it->get_ref<const std::string&>());
  if (date_it != payload.end() && date_it->is_string()) {
    auto d = Date::parse(date_it->get_ref<const std::string&>());
    if (d.is_ok()) decided = *d;
  }
  if (!severity || !decided)
    return failed_precondition("the record has no valid " + rules.severity_field() + " and " +
                               rules.date_field() + "; its display period is unknown");
  const Date earliest = rules.earliest_repair(*severity, *decided);
  if (today < earliest)
    return Status(StatusCode::kFailedPrecondition,
                  "a " + std::string(to_string(*severity)) + " penalty decided on " +
                      decided->to_string() + " may be repaired from " + earliest.to_string() +
                      " (minimum display period " +
                      std::to_string(rules.rule(*severity).repair_after_months) + " months)",
                  {{"record_key", "credit repair possible from " + earliest.to_string()}});
  return Status::ok();
}

}  // namespace rx::objection
