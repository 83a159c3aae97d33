#include "lab/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace rx::lab {
namespace {

TEST(Auc, CountsPairsOrderedCorrectly) {
  // Bad 0.35 beats good 0.1 but not good 0.4; bad 0.8 beats both goods: 3 of 4 pairs.
  EXPECT_DOUBLE_EQ(auc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.75);
  EXPECT_DOUBLE_EQ(gini_from_auc(0.75), 0.5);
}

TEST(Auc, TiesCountHalf) {
  EXPECT_DOUBLE_EQ(auc({0.5, 0.5}, {1, 0}), 0.5);
  // Goods 0.2, 0.5; bads 0.5, 0.9: pairs (0.5 vs 0.2) 1, (0.5 vs 0.5) 0.5, (0.9 vs both) 2.
  EXPECT_DOUBLE_EQ(auc({0.2, 0.5, 0.5, 0.9}, {0, 0, 1, 1}), 3.5 / 4);
}

TEST(Auc, OneClassIsUndefined) {
  EXPECT_TRUE(std::isnan(auc({0.1, 0.2}, {0, 0})));
}

TEST(Auc, MatchesPairCountOnRandomData) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> score(0, 20);  // many ties
  std::vector<double> risk(300);
  std::vector<uint8_t> bad(300);
  for (size_t i = 0; i < risk.size(); ++i) {
    risk[i] = score(rng);
    bad[i] = rng() % 3 == 0;
  }
  double wins = 0, pairs = 0;
  for (size_t i = 0; i < risk.size(); ++i)
    for (size_t j = 0; j < risk.size(); ++j)
      if (bad[i] && !bad[j]) {
        pairs += 1;
        wins += risk[i] > risk[j] ? 1 : risk[i] == risk[j] ? 0.5 : 0;
      }
  EXPECT_NEAR(auc(risk, bad), wins / pairs, 1e-12);
}

TEST(Ks, MaximumGapAndWhereItOccurs) {
  // Descending: 0.8 bad, 0.4 good, 0.35 bad, 0.1 good. At >= 0.8: TPR 0.5, FPR 0.
  Ks ks = ks_statistic({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1});
  EXPECT_DOUBLE_EQ(ks.ks, 0.5);
  EXPECT_DOUBLE_EQ(ks.threshold, 0.8);
  EXPECT_DOUBLE_EQ(ks_statistic({0.9, 0.8, 0.2, 0.1}, {1, 1, 0, 0}).ks, 1.0);
}

TEST(Roc, EndsAtCornersAndIsThinned) {
  std::vector<double> risk;
  std::vector<uint8_t> bad;
  for (int i = 0; i < 5000; ++i) {
    risk.push_back(i);
    bad.push_back(i % 4 == 0);
  }
  auto roc = roc_curve(risk, bad, 200);
  ASSERT_EQ(roc.size(), 200u);
  EXPECT_EQ(roc.front().fpr, 0);
  EXPECT_EQ(roc.front().tpr, 0);
  EXPECT_EQ(roc.back().fpr, 1);
  EXPECT_EQ(roc.back().tpr, 1);
  for (size_t i = 1; i < roc.size(); ++i) EXPECT_GE(roc[i].fpr, roc[i - 1].fpr);
}

TEST(Confusion, CountsAtCutoff) {
  Confusion c = confusion({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}, 0.35);
  EXPECT_EQ(c.true_bad, 2);
  EXPECT_EQ(c.false_bad, 1);
  EXPECT_EQ(c.true_good, 1);
  EXPECT_EQ(c.false_good, 0);
  EXPECT_DOUBLE_EQ(c.precision(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(c.recall(), 1.0);
  EXPECT_DOUBLE_EQ(c.accuracy(), 0.75);
}

TEST(Calibration, DecilesOfPredictedPd) {
  std::vector<double> pd;
  std::vector<uint8_t> bad;
  for (int i = 0; i < 100; ++i) {
    pd.push_back(i / 100.0);
    bad.push_back(i >= 90);
  }
  auto table = calibration_table(pd, bad, 10);
  ASSERT_EQ(table.size(), 10u);
  EXPECT_EQ(table[0].count, 10);
  EXPECT_NEAR(table[0].mean_predicted, 0.045, 1e-12);
  EXPECT_EQ(table[0].observed_rate, 0);
  EXPECT_EQ(table[9].observed_rate, 1);
}

TEST(Stability, IndexByHand) {
  // Shares 0.5/0.5 vs 0.25/0.75: (0.25-0.5) ln(0.5) + (0.75-0.5) ln(1.5).
  double expected = -0.25 * std::log(0.5) + 0.25 * std::log(1.5);
  EXPECT_NEAR(stability_index({50, 50}, {25, 75}), expected, 1e-12);
  EXPECT_EQ(stability_index({10, 20, 30}, {20, 40, 60}), 0);
}

TEST(Stability, AlarmLevels) {
  EXPECT_EQ(stability_alarm(0.05), StabilityAlarm::kStable);
  EXPECT_EQ(stability_alarm(0.10), StabilityAlarm::kWatch);
  EXPECT_EQ(stability_alarm(0.249), StabilityAlarm::kWatch);
  EXPECT_EQ(stability_alarm(0.25), StabilityAlarm::kAct);
  EXPECT_EQ(stability_alarm_name(StabilityAlarm::kAct), "act");
}

TEST(Psi, SameDistributionIsStableShiftedIsNot) {
  std::mt19937 rng(11);
  std::normal_distribution<double> n01(600, 50);
  std::vector<double> a, b, shifted, far;
  for (int i = 0; i < 20000; ++i) {
    a.push_back(n01(rng));
    b.push_back(n01(rng));
  }
  for (double v : b) {
    shifted.push_back(v + 20);
    far.push_back(v + 50);
  }
  EXPECT_EQ(stability_alarm(psi(a, b)), StabilityAlarm::kStable);
  EXPECT_EQ(stability_alarm(psi(a, shifted)), StabilityAlarm::kWatch);
  EXPECT_EQ(stability_alarm(psi(a, far)), StabilityAlarm::kAct);
}

}  // namespace
}  // namespace rx::lab
