#include "policy/navigation.h"

#include <algorithm>

namespace rx::policy {

std::string_view to_string(Standing standing) {
  switch (standing) {
    case Standing::kEligible:
      return "eligible";
    case Standing::kNearlyEligible:
      return "nearly_eligible";
    case Standing::kNotEligible:
      return "not_eligible";
    case Standing::kUpcoming:
      return "upcoming";
    case Standing::kExpired:
      return "expired";
  }
  return "not_eligible";
}

Assessment assess(const Policy& policy, std::span<const double> row, Date today) {
  Assessment a{.policy = &policy,
               .version = in_force(policy, today),
               .standing = Standing::kNotEligible,
               .explanation = {},
               .estimate = std::nullopt};
  if (!a.version) {
    a.standing = phase(policy, today) == Phase::kExpired ? Standing::kExpired : Standing::kUpcoming;
    return a;
  }
  a.explanation = a.version->rule.explain(row);
  const auto failed =
      std::count_if(a.explanation.conditions.begin(), a.explanation.conditions.end(),
                    [](const rules::ConditionResult& c) { return c.truth != rules::Truth::kTrue; });
  if (a.explanation.truth == rules::Truth::kTrue)
    a.standing = Standing::kEligible;
  else if (failed <= kNearMiss)
    a.standing = Standing::kNearlyEligible;
  a.estimate = estimate(a.version->benefit, row);
  return a;
}

void order_for_reading(std::vector<Assessment>& out) {
  std::stable_sort(out.begin(), out.end(), [](const Assessment& a, const Assessment& b) {
    if (a.standing != b.standing) return a.standing < b.standing;
    const double ea = a.estimate.value_or(-1), eb = b.estimate.value_or(-1);
    if (ea != eb) return ea > eb;
    return a.policy->id < b.policy->id;
  });
}

std::vector<Assessment> navigation_map(std::span<const Policy> policies,
                                       std::span<const double> row, Date today) {
  std::vector<Assessment> out;
  out.reserve(policies.size());
  for (const Policy& p : policies) out.push_back(assess(p, row, today));
  order_for_reading(out);
  return out;
}

}  // namespace rx::policy
