// Credit repair (信用修复, 上海市社会信用条例 Art. 38) and revocation of the underlying decision
// (Art. 37): both take a record out of the query interface within 3 working days of approval;
// the platform hides it at once and records the deadline. A record removed by an objection's
// decision is hidden the same way. Pure: no SQL, no HTTP.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "core/status.h"
#include "core/time.h"
#include "objection/calendar.h"
#include "objection/display_rules.h"

namespace rx::objection {

enum class RepairKind { kRepair, kRevocation };
std::string_view to_string(RepairKind k);
std::optional<RepairKind> parse_repair_kind(std::string_view text);

// Why a record no longer appears in the query interface.
enum class SuppressionReason { kRemovedByObjection, kRepaired, kDecisionRevoked };
std::string_view to_string(
    SuppressionReason r);  // removed_by_objection, repaired, decision_revoked
std::optional<SuppressionReason> parse_suppression_reason(std::string_view text);

struct Suppression {
  std::string uscc, category, record_key;
  SuppressionReason reason = SuppressionReason::kRepaired;
  std::optional<std::string> objection_id;  // set for kRemovedByObjection
  Instant approved_at;
  Instant effective_at;  // when it left the query interface (at approval: we do it at once)
  Instant deadline_at;   // the legal deadline: end of the 3rd working day after approval
  std::string note;
  std::string created_by;  // the approving key's id
};

// What changed about a record, for the data-push hook (Services::record_changed).
struct RecordChange {
  std::string uscc, category, record_key;
  std::string change;  // "corrected", "removed", "repaired", "revoked"
  std::optional<std::string> objection_id;
  Instant at;
};

inline constexpr int kSuppressionWorkingDays = 3;

// The suppression of one record approved at `now`; kFailedPrecondition when the calendar does
// not cover the deadline.
Result<Suppression> approve_suppression(const Calendar& calendar, std::string uscc,
                                        std::string category, std::string record_key,
                                        SuppressionReason reason,
                                        std::optional<std::string> objection_id, std::string note,
                                        std::string created_by, Instant now);

// Whether `payload` of `category` may be repaired on `today`: always for categories the rules do
// not govern; for penalties only from the minimum display period on (kFailedPrecondition naming
// the earliest date, with a detail {"record_key", "credit repair possible from YYYY-MM-DD"}).
// Revocations are never restricted. A governed record without a valid severity or date is
// kFailedPrecondition too.
Status check_repair_allowed(const DisplayRules& rules, const catalog::Category& category,
                            const nlohmann::json& payload, RepairKind kind, Date today);

}  // namespace rx::objection
