#include "policy/navigation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace rx::policy {
namespace {

const rules::Schema& schema() {
  static const rules::Schema s =
      rules::Schema::create(
          {{"size", "规模", "Size", "", rules::AttributeType::kString, {"small", "micro"}},
           {"years", "年限", "Years", "年", rules::AttributeType::kNumber, {}},
           {"grade", "等级", "Grade", "", rules::AttributeType::kGrade, {"A", "B", "C", "D"}},
           {"interest", "利息", "Interest", "万元", rules::AttributeType::kNumber, {}}})
          .value();
  return s;
}

Date day(const char* d) {
  return Date::parse(d).value();
}

Policy policy(const char* id, const char* rule, const char* from, std::optional<Date> to,
              Benefit benefit = {}) {
  Policy p;
  p.id = id;
  PolicyVersion v(rules::compile(rule, schema()).value());
  v.version = 1;
  v.valid_from = day(from);
  v.valid_to = to;
  v.eligibility = rule;
  v.benefit = std::move(benefit);
  p.versions.push_back(std::move(v));
  return p;
}

TEST(Navigation, StandingsWithReasonsAndOrder) {
  const std::vector<double> row = {schema().encode(0, "small"), 3, schema().encode(2, "C"), 40};
  Benefit half{.text = "利息的一半", .rate = 0.5, .of = "interest", .of_slot = 3, .cap = 15};
  std::vector<Policy> all;
  all.push_back(policy("near", R"(size == "small" and grade >= "B")", "2026-01-01", {}));
  all.push_back(policy("fits", R"(years >= 1)", "2026-01-01", {}, half));
  all.push_back(
      policy("far", R"(years >= 10 and grade == "A" and size == "micro")", "2026-01-01", {}));
  all.push_back(policy("old", "", "2020-01-01", day("2020-12-31")));
  all.push_back(policy("soon", "", "2027-01-01", {}));
  const auto map = navigation_map(all, row, day("2026-11-30"));
  ASSERT_EQ(map.size(), 5u);
  EXPECT_EQ(map[0].policy->id, "fits");
  EXPECT_EQ(map[0].standing, Standing::kEligible);
  EXPECT_EQ(map[0].estimate, 15.0);  // 0.5 × 40, capped at 15
  EXPECT_EQ(map[1].policy->id, "near");
  EXPECT_EQ(map[1].standing, Standing::kNearlyEligible);
  ASSERT_EQ(map[1].explanation.conditions.size(), 2u);
  EXPECT_EQ(map[1].explanation.conditions[1].truth, rules::Truth::kFalse);
  EXPECT_EQ(map[1].explanation.conditions[1].values[0].value, "C");
  EXPECT_EQ(map[2].standing, Standing::kNotEligible);
  EXPECT_EQ(map[3].standing, Standing::kUpcoming);
  EXPECT_EQ(map[4].standing, Standing::kExpired);
  EXPECT_EQ(map[4].version, nullptr);
}

TEST(Navigation, MissingDataCountsAsAFailingCondition) {
  const std::vector<double> row = {schema().encode(0, "small"), std::nan(""), std::nan(""), 0};
  const Policy p = policy("p", R"(years >= 1 and grade >= "B")", "2026-01-01", {});
  const Assessment a = assess(p, row, day("2026-06-01"));
  EXPECT_EQ(a.standing, Standing::kNearlyEligible);
  EXPECT_EQ(a.explanation.conditions[0].truth, rules::Truth::kUnknown);
}

}  // namespace
}  // namespace rx::policy
