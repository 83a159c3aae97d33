// The operator's marketplace statistics: demands, applications, decisions, approval rate,
// amounts disbursed, time to decision, SLA breaches and referral conversion, grouped by
// district, industry section, size class or product type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "store/database.h"

namespace rx::market {

enum class StatsDimension { kDistrict, kIndustry, kSize, kProductType };
std::optional<StatsDimension> parse_stats_dimension(std::string_view text);

struct StatsRow {
  std::string key;  // district code, section letter, size class or product type
  int64_t demands = 0;
  int64_t applications = 0;
  int64_t decided = 0;  // approved or declined (and everything after an approval)
  int64_t approved = 0;
  int64_t declined = 0;
  int64_t disbursed_loans = 0;
  int64_t disbursed_amount = 0;  // fen
  std::optional<double> avg_decision_hours;
  int64_t sla_breached = 0;  // decided late, or still undecided past the SLA
  int64_t awaiting = 0;      // undecided
  int64_t referred = 0;      // applications made by referral after a decline
  int64_t referred_approved = 0;
};

// One row per key with any demand or application, by key; `now` judges undecided SLAs.
Result<std::vector<StatsRow>> market_statistics(store::Session& s, StatsDimension by, Instant now);

}  // namespace rx::market
