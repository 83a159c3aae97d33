#include "market/matching.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace rx::market {
namespace {

using rules::AttributeType;

const rules::Schema& schema() {
  static const rules::Schema s =
      rules::Schema::create(
          {{"composite_score", "综合评分", "Score", "分", AttributeType::kNumber, {}},
           {"years_operating", "成立年限", "Years", "年", AttributeType::kNumber, {}}})
          .value();
  return s;
}

CompiledProduct product(std::string name, std::string rule, int rate_bp = 400) {
  Product p;
  p.id = name;
  p.name = std::move(name);
  p.amount_min = 1'000'000;
  p.amount_max = 100'000'000;
  p.term_min = 6;
  p.term_max = 24;
  p.rate_min_bp = rate_bp;
  p.rate_max_bp = rate_bp + 100;
  p.eligibility = std::move(rule);
  p.status = ProductStatus::kListed;
  return *compile(std::move(p), schema());
}

std::vector<double> firm(double score, double years) {
  return {score, years};
}

TEST(Matching, EligibleWhenTheRuleAndTheTermsHold) {
  ProductSet set({product("a", "years_operating >= 2"), product("b", "years_operating >= 5")});
  const Ask ask{10'000'000, 12, {}, false};
  auto r = match(set, {}, ask, firm(700, 3), 0);
  ASSERT_EQ(r.eligible.size(), 1u);
  EXPECT_EQ(set[r.eligible[0].product].product.name, "a");
  ASSERT_EQ(r.near_misses.size(), 1u);
  EXPECT_EQ(r.near_misses[0].failed, 1);
  EXPECT_TRUE(eligible(set[0], ask, firm(700, 3)));
  EXPECT_FALSE(eligible(set[1], ask, firm(700, 3)));
}

TEST(Matching, TermsOutsideTheProductAreConditionsToo) {
  ProductSet set({product("a", "")});
  auto r = match(set, {}, {500'000'000, 48, {}, false}, firm(700, 3), 0);
  EXPECT_TRUE(r.eligible.empty());
  ASSERT_EQ(r.near_misses.size(), 1u);
  EXPECT_EQ(r.near_misses[0].failed, 2);
  int not_met = 0;
  for (const ConditionResult& c : r.near_misses[0].conditions)
    not_met += c.truth == rules::Truth::kFalse;
  EXPECT_EQ(not_met, 2);
  EXPECT_TRUE(
      match(set, {}, {500'000'000, 48, {}, false}, firm(700, 3), 0, {.near_miss_max_failed = 1})
          .near_misses.empty());
}

TEST(Matching, RequiredCollateralAndGuaranteeMustBeOffered) {
  CompiledProduct secured = product("secured", "");
  secured.product.collateral = {"real_estate", "equipment"};
  secured.product.guarantee_required = true;
  ProductSet set({secured});
  EXPECT_TRUE(
      match(set, {}, {10'000'000, 12, {"receivables"}, false}, firm(700, 3), 0).eligible.empty());
  EXPECT_EQ(match(set, {}, {10'000'000, 12, {"equipment"}, true}, firm(700, 3), 0).eligible.size(),
            1u);
}

TEST(Matching, MissingDataIsNeverEligible) {
  ProductSet set({product("a", "years_operating >= 1")});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto r = match(set, {}, {10'000'000, 12, {}, false}, firm(nan, nan), 0);
  EXPECT_TRUE(r.eligible.empty());
  ASSERT_EQ(r.near_misses.size(), 1u);
  const ConditionResult& c = r.near_misses[0].conditions.back();
  EXPECT_EQ(c.truth, rules::Truth::kUnknown);
  EXPECT_EQ(c.values.at(0).value, std::nullopt);
}

TEST(Matching, CheaperAndMoreOftenApprovedProductsRankFirst) {
  ProductSet set({product("dear", "", 1500), product("cheap", "", 350), product("mid", "", 700)});
  auto r = match(set, {}, {10'000'000, 12, {}, false}, firm(700, 3), 0);
  ASSERT_EQ(r.eligible.size(), 3u);
  EXPECT_EQ(set[r.eligible[0].product].product.name, "cheap");
  EXPECT_EQ(set[r.eligible[2].product].product.name, "dear");
  // The dear product approves everyone it has seen; that outweighs its price.
  const std::vector<DecisionCounts> decisions = {{200, 0}, {0, 200}, {0, 200}};
  auto learned = match(set, decisions, {10'000'000, 12, {}, false}, firm(700, 3), 0);
  EXPECT_EQ(set[learned.eligible[0].product].product.name, "dear");
}

TEST(Matching, ApprovalLikelihoodFollowsScoreAndEvidence) {
  EXPECT_LT(approval_likelihood(400, {}), approval_likelihood(800, {}));
  EXPECT_DOUBLE_EQ(approval_likelihood(std::numeric_limits<double>::quiet_NaN(), {}), 0.5);
  EXPECT_NEAR(approval_likelihood(550, {1000, 0}), 1.0, 0.01);
  EXPECT_NEAR(approval_likelihood(550, {0, 1000}), 0.0, 0.01);
}

TEST(Matching, PausedProductsAreNotMatched) {
  CompiledProduct paused = product("paused", "");
  paused.product.status = ProductStatus::kPaused;
  ProductSet set({paused});
  auto r = match(set, {}, {10'000'000, 12, {}, false}, firm(700, 3), 0);
  EXPECT_TRUE(r.eligible.empty());
  EXPECT_TRUE(r.near_misses.empty());
}

}  // namespace
}  // namespace rx::market
