// The navigation map: where one enterprise stands with every policy on a day, and why. Pure.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "policy/policy.h"
#include "rules/rule.h"

namespace rx::policy {

enum class Standing {
  kEligible,        // in force, the rule holds
  kNearlyEligible,  // in force, at most kNearMiss conditions are not true (false or no data)
  kNotEligible,     // in force, more conditions fail
  kUpcoming,        // no version in force yet
  kExpired,         // every version ended
};
inline constexpr int kNearMiss = 2;

std::string_view to_string(Standing standing);

struct Assessment {
  const Policy* policy = nullptr;
  const PolicyVersion* version = nullptr;  // in force; null when upcoming or expired
  Standing standing = Standing::kNotEligible;
  rules::Explanation explanation;  // of the version in force; empty otherwise
  std::optional<double> estimate;  // 万元, for a version in force
};

// One policy for one enterprise's row (as wide as the schema the policy was parsed against).
Assessment assess(const Policy& policy, std::span<const double> row, Date today);

// Orders assessments for reading: eligible, nearly eligible, not eligible, upcoming, expired;
// within each by larger estimate first, then id.
void order_for_reading(std::vector<Assessment>& assessments);

// Every policy, ordered for reading: eligible, nearly eligible, not eligible, upcoming,
// expired; within each by larger estimate first, then id.
std::vector<Assessment> navigation_map(std::span<const Policy> policies,
                                       std::span<const double> row, Date today);

}  // namespace rx::policy
