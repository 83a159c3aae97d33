// The anomaly rules of real-time use monitoring (实时监控), as pure functions over ledger
// entries: which rule windows an entry counts in, and what count raises an alert. No SQL; the
// Monitor (monitor.h) keeps the counts in the database. See docs/monitoring.md.
//
// Every rule counts entries in a window of time for one "who" (an institution or an API key);
// an alert is raised the first time a window's count reaches its threshold, and later entries
// of that window only update it. Windows are fixed (tumbling), not sliding: a burst that
// straddles a boundary is counted in two windows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/status.h"
#include "core/time.h"
#include "ledger/entry.h"

namespace rx::monitor {

// Stable identifiers: stored in alerts and used by the API and the portal.
namespace rule {
// An allowed query or report for a purpose that needs an application, without one.
inline constexpr std::string_view kNoApplication = "no_application";
// An institution's requests in one hour above a multiple of its hourly baseline.
inline constexpr std::string_view kVolume = "volume";
// One API key reading many distinct enterprises in a short window.
inline constexpr std::string_view kDistinctEnterprises = "distinct_enterprises";
// An institution's requests during quiet hours (Asia/Shanghai).
inline constexpr std::string_view kQuietHours = "quiet_hours";
// One API key refused repeatedly in a short window.
inline constexpr std::string_view kDenials = "denials";
}  // namespace rule

// Every rule id, in a fixed order.
const std::vector<std::string_view>& all_rules();
bool is_rule(std::string_view id);

// Defaults and ranges are the configuration's ([monitor], config/config.h).
using Thresholds = config::MonitorThresholds;

// Actions that read an enterprise's data on an institution's request (push events and their
// deliveries are the platform's doing and do not count as requests).
bool is_request(std::string_view action);

// One window an entry counts in.
struct Hit {
  std::string_view rule;
  std::string who;             // institution id or key id, per rule
  std::string institution_id;  // the actor's, may be empty for key rules
  std::string key_id;          // set for key rules
  int64_t window_start = 0;    // UTC microseconds
  int64_t window_end = 0;      // exclusive
};

// The windows `e` counts in. distinct_enterprises is included for every request with a
// subject: whether the subject is new to the window is the caller's question.
std::vector<Hit> hits_of(const ledger::Entry& e, const Thresholds& t);

// The Shanghai local hour 0-23 of an instant.
int shanghai_hour(Instant at);
bool in_quiet_hours(Instant at, const Thresholds& t);

// The hour containing `at` (UTC microseconds of its start); Shanghai is a whole-hour offset,
// so these are Shanghai hours too.
int64_t hour_start(Instant at);
// The Shanghai calendar day containing `at`, as UTC microseconds of its start.
int64_t shanghai_day_start(Instant at);

// The count that raises the volume alert, from the requests of the baseline_hours before.
int64_t volume_threshold(int64_t baseline_requests, const Thresholds& t);
// The fixed threshold of every other rule.
int64_t fixed_threshold(std::string_view rule, const Thresholds& t);

// Which running counts (1-based within the window) are kept as evidence: the first
// evidence_limit for most rules, for volume the evidence_limit from the threshold on (the
// requests beyond the normal ones).
bool keeps_evidence(std::string_view rule, int64_t running_count, int64_t threshold,
                    const Thresholds& t);

}  // namespace rx::monitor
