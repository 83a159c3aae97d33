#include "monitor/rules.h"

#include <algorithm>
#include <cmath>

namespace rx::monitor {
namespace {

constexpr int64_t kHourUs = 3'600'000'000;
constexpr int64_t kMinuteUs = 60'000'000;
constexpr int64_t kShanghaiOffsetUs = 8 * kHourUs;

int64_t floor_to(int64_t value, int64_t step) {
  int64_t q = value / step;
  if (value % step != 0 && value < 0) --q;
  return q * step;
}

bool contains(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

const std::vector<std::string_view>& all_rules() {
  static const std::vector<std::string_view> kRules = {rule::kNoApplication, rule::kVolume,
                                                       rule::kDistinctEnterprises,
                                                       rule::kQuietHours, rule::kDenials};
  return kRules;
}

bool is_rule(std::string_view id) {
  const auto& rules = all_rules();
  return std::find(rules.begin(), rules.end(), id) != rules.end();
}

bool is_request(std::string_view action) {
  return action == ledger::action::kQuery || action == ledger::action::kReport ||
         action == ledger::action::kReportView;
}

int64_t hour_start(Instant at) {
  return floor_to(micros(at), kHourUs);
}

int64_t shanghai_day_start(Instant at) {
  return floor_to(micros(at) + kShanghaiOffsetUs, 24 * kHourUs) - kShanghaiOffsetUs;
}

int shanghai_hour(Instant at) {
  int64_t local = micros(at) + kShanghaiOffsetUs;
  return static_cast<int>((floor_to(local, kHourUs) / kHourUs % 24 + 24) % 24);
}

bool in_quiet_hours(Instant at, const Thresholds& t) {
  const int64_t h = shanghai_hour(at), start = t.quiet_start_hour, end = t.quiet_end_hour;
  if (start == end) return false;
  if (start < end) return h >= start && h < end;
  return h >= start || h < end;
}

std::vector<Hit> hits_of(const ledger::Entry& e, const Thresholds& t) {
  std::vector<Hit> out;
  const std::string& institution = e.actor.institution_id;
  const std::string& key = e.actor.key_id;
  const bool request = is_request(e.action);
  const int64_t day = shanghai_day_start(e.at), day_end = day + 24 * kHourUs;
  if (!institution.empty() && request) {
    const int64_t hour = hour_start(e.at);
    out.push_back({rule::kVolume, institution, institution, "", hour, hour + kHourUs});
    if (e.outcome == "allowed" &&
        (e.action == ledger::action::kQuery || e.action == ledger::action::kReport) &&
        e.application_id.empty() && contains(t.application_purposes, e.purpose))
      out.push_back({rule::kNoApplication, institution, institution, "", day, day_end});
    if (in_quiet_hours(e.at, t))
      out.push_back({rule::kQuietHours, institution, institution, "", day, day_end});
  }
  if (!key.empty() && request && !e.subject.empty()) {
    const int64_t width = t.distinct_window_minutes * kMinuteUs;
    const int64_t start = floor_to(micros(e.at), width);
    out.push_back({rule::kDistinctEnterprises, key, institution, key, start, start + width});
  }
  if (!key.empty() && e.outcome == "denied") {
    const int64_t width = t.denial_window_minutes * kMinuteUs;
    const int64_t start = floor_to(micros(e.at), width);
    out.push_back({rule::kDenials, key, institution, key, start, start + width});
  }
  return out;
}

int64_t volume_threshold(int64_t baseline_requests, const Thresholds& t) {
  const double baseline =
      static_cast<double>(baseline_requests) / static_cast<double>(t.baseline_hours);
  const auto multiple = static_cast<int64_t>(std::floor(t.volume_multiple * baseline)) + 1;
  return std::max(t.volume_min, multiple);
}

int64_t fixed_threshold(std::string_view r, const Thresholds& t) {
  if (r == rule::kNoApplication) return t.no_application_min;
  if (r == rule::kDistinctEnterprises) return t.distinct_enterprises;
  if (r == rule::kQuietHours) return t.quiet_min;
  if (r == rule::kDenials) return t.denials;
  return t.volume_min;
}

bool keeps_evidence(std::string_view r, int64_t running_count, int64_t threshold,
                    const Thresholds& t) {
  const int64_t from = r == rule::kVolume ? threshold : 1;
  return running_count >= from && running_count < from + t.evidence_limit;
}

}  // namespace rx::monitor
