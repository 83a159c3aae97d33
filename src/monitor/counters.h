// Live use counters: how many ledger entries per hour, per institution, broken down by one
// dimension (the enterprise, category, purpose, refusal reason or API key), action and
// outcome. Pure aggregation of a batch in memory; the Monitor adds it to monitor_counts.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "ledger/entry.h"

namespace rx::monitor {

// Stable identifiers stored in monitor_counts.dimension.
namespace dimension {
inline constexpr std::string_view kAll = "all";  // item is empty: every entry once
inline constexpr std::string_view kEnterprise = "enterprise";
inline constexpr std::string_view kCategory = "category";  // "tax" for "tax" and "tax.amount"
inline constexpr std::string_view kPurpose = "purpose";
inline constexpr std::string_view kReason = "reason";  // refusals only
inline constexpr std::string_view kKey = "key";
}  // namespace dimension

struct CountKey {
  std::string dimension;
  int64_t hour_start = 0;      // UTC microseconds
  std::string institution_id;  // the actor's; empty when the actor is not an institution
  std::string item;
  std::string action;
  std::string outcome;
  auto operator<=>(const CountKey&) const = default;
};

using Counts = std::map<CountKey, int64_t>;

// Adds one to every count `e` belongs to: once under "all", once per distinct category, and
// once under each other dimension that has a value.
void count_entry(const ledger::Entry& e, Counts& counts);

}  // namespace rx::monitor
