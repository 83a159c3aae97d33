// An alert raised by an anomaly rule, and what the operator does with it: acknowledge it
// (looking into it), resolve it with a note, suspend the key it is about. Pure; persistence
// is in alert_repository.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace rx::monitor {

enum class AlertState { kOpen, kAcknowledged, kResolved };
std::string_view to_string(AlertState s);  // open, acknowledged, resolved
std::optional<AlertState> parse_alert_state(std::string_view text);

inline constexpr size_t kMaxNoteChars = 2000;

// A ledger entry that counted towards the alert.
struct Evidence {
  int64_t index = 0;  // leaf index in the ledger
  std::string entry_id;
  std::string key_id;
  Instant at;
};

struct Alert {
  int64_t seq = 0;
  std::string id;  // UUIDv7
  std::string rule;
  std::string institution_id;  // may be empty for a key rule
  std::string key_id;          // empty for an institution rule
  Instant window_start, window_end;
  int64_t count = 0, threshold = 0;
  int64_t raised_index = 0;  // the entry whose count reached the threshold
  Instant raised_entry_at;
  int64_t last_index = 0;  // the newest entry counted
  Instant last_at;
  Instant raised_at, updated_at;
  AlertState state = AlertState::kOpen;
  std::optional<Instant> acknowledged_at;
  std::optional<std::string> acknowledged_by, acknowledge_note;
  std::optional<Instant> resolved_at;
  std::optional<std::string> resolved_by, resolve_note;
  std::optional<std::string> suspended_key_id;
  std::vector<Evidence> evidence;  // in ledger order, at most the rule's evidence_limit
};

// open -> acknowledged; kFailedPrecondition from any other state.
Status acknowledge(Alert& a, std::string_view note, std::string_view by, Instant now);
// open or acknowledged -> resolved; a note is required. kFailedPrecondition once resolved.
Status resolve(Alert& a, std::string_view note, std::string_view by, Instant now);

// The key to suspend for an alert: `asked` if given (it must be the alert's own key, or one
// of its evidence's keys), else the alert's key, else the one key all its evidence shares.
// kInvalidArgument (field key_id) when none can be chosen or `asked` has nothing to do with
// the alert.
Result<std::string> key_to_suspend(const Alert& a, const std::optional<std::string>& asked);

}  // namespace rx::monitor
