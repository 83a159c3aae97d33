#include "lab/scorecard.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace rx::lab {
namespace {

TEST(Scaling, BaseOddsGiveBaseScoreAndDoublingAddsPdo) {
  Scaling s;  // 600 at 50:1 good:bad, 20 points to double
  // log-odds of bad at odds 50 good : 1 bad is ln(1/50).
  EXPECT_NEAR(s.score_from_log_odds_bad(std::log(1.0 / 50)), 600, 1e-9);
  EXPECT_NEAR(s.score_from_log_odds_bad(std::log(1.0 / 100)), 620, 1e-9);
  EXPECT_NEAR(s.score_from_log_odds_bad(std::log(1.0 / 25)), 580, 1e-9);
  EXPECT_NEAR(s.pd_from_score(600), 1.0 / 51, 1e-12);
  Scaling other{500, 20, 40};
  EXPECT_NEAR(other.score_from_log_odds_bad(std::log(1.0 / 40)), 540, 1e-9);
}

// Two variables with hand-set coefficients: the points of a row sum to the scaled score.
Scorecard hand_card() {
  Scorecard card;
  card.intercept = -1.2;
  for (const char* name : {"a", "b"}) {
    ScorecardVariable v;
    v.binning.name = name;
    v.binning.type = ColumnType::kNumeric;
    Bin lo, hi;
    lo.upper = 10;
    hi.lower = 10;
    lo.woe = -0.7;
    hi.woe = 0.4;
    v.binning.bins = {lo, hi};
    v.coefficient = name[0] == 'a' ? -0.9 : -0.5;
    card.variables.push_back(v);
  }
  card.compute_points();
  return card;
}

TEST(Scorecard, PointsSumToTheScaledScore) {
  Scorecard card = hand_card();
  Dataset d;
  d.columns = {{"a", ColumnType::kNumeric, {5, 20}, {}, {}},
               {"b", ColumnType::kNumeric, {20, 5}, {}, {}}};
  auto s = score_dataset(card, d);
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  // Row 0: a low (-0.7), b high (0.4).
  double log_odds_bad = -1.2 + -0.9 * -0.7 + -0.5 * 0.4;
  EXPECT_NEAR(s->score[0], card.scaling.score_from_log_odds_bad(log_odds_bad), 1e-9);
  EXPECT_NEAR(s->pd[0], 1 / (1 + std::exp(-log_odds_bad)), 1e-12);
  EXPECT_GT(card.variables[0].points[1], card.variables[0].points[0]);  // safer bin, more points
}

TEST(Scorecard, ReasonCodesAreTheLargestLosses) {
  Scorecard card = hand_card();
  Dataset d;
  d.columns = {{"a", ColumnType::kNumeric, {5, 20}, {}, {}},
               {"b", ColumnType::kNumeric, {5, 20}, {}, {}}};
  auto bins = assign_bins(card, d);
  ASSERT_TRUE(bins.is_ok());
  auto reasons = reason_codes(card, *bins, 0, 3);
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].variable, "a");  // |beta| larger: loses more
  EXPECT_EQ(reasons[0].bin, "[-inf, 10)");
  EXPECT_NEAR(reasons[0].points_lost, 0.9 * 1.1 * card.scaling.factor(), 1e-9);
  EXPECT_EQ(reasons[1].variable, "b");
  EXPECT_TRUE(reason_codes(card, *bins, 1, 3).empty());  // both at maximum
  EXPECT_EQ(reason_codes(card, *bins, 0, 1).size(), 1u);
}

TEST(Scorecard, MissingColumnOrWrongTypeIsAnError) {
  Scorecard card = hand_card();
  Dataset d;
  d.columns = {{"a", ColumnType::kNumeric, {5}, {}, {}}};
  EXPECT_FALSE(score_dataset(card, d).is_ok());
  d.columns.push_back({"b", ColumnType::kCategorical, {}, {0}, {"x"}});
  auto s = score_dataset(card, d);
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.status().message().find("categorical in the data but numeric"), std::string::npos);
}

TEST(Scorecard, FitOnSimulatedData) {
  std::mt19937_64 rng(9);
  std::normal_distribution<double> z(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  Dataset d;
  d.columns = {{"signal", ColumnType::kNumeric, {}, {}, {}},
               {"noise", ColumnType::kNumeric, {}, {}, {}}};
  for (int i = 0; i < 20000; ++i) {
    double s = z(rng);
    d.columns[0].numeric.push_back(s);
    d.columns[1].numeric.push_back(z(rng));
    d.target.push_back(u(rng) < 1 / (1 + std::exp(-(-1 + 1.2 * s))));
  }
  auto fit = fit_scorecard(d);
  ASSERT_TRUE(fit.is_ok()) << fit.status().to_string();
  ASSERT_EQ(fit->card.variables.size(), 1u);
  EXPECT_EQ(fit->card.variables[0].binning.name, "signal");
  EXPECT_LT(fit->card.variables[0].coefficient, 0);  // negative on WOE = ln(good/bad)
  ASSERT_EQ(fit->warnings.size(), 1u);
  EXPECT_NE(fit->warnings[0].find("noise: IV"), std::string::npos);
  auto csi = characteristic_stability(fit->card, d);
  ASSERT_TRUE(csi.is_ok());
  EXPECT_LT(csi->at(0).csi, 1e-9);  // the training data against itself
}

}  // namespace
}  // namespace rx::lab
