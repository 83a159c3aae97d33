#include "lab/binning.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace rx::lab {
namespace {

Bin counts(double good, double bad) {
  Bin b;
  b.good = good;
  b.bad = bad;
  return b;
}

TEST(Woe, HandComputedTable) {
  // 100 good, 50 bad. A: 40 good 10 bad; B: 60 good 40 bad.
  std::vector<Bin> bins = {counts(40, 10), counts(60, 40)};
  compute_woe(bins, 0.5);
  EXPECT_NEAR(bins[0].woe, std::log(0.4 / 0.2), 1e-12);  // safer than average: positive
  EXPECT_NEAR(bins[1].woe, std::log(0.6 / 0.8), 1e-12);
  EXPECT_NEAR(bins[0].iv + bins[1].iv, 0.2 * std::log(2.0) + 0.2 * std::log(0.8 / 0.6), 1e-12);
}

TEST(Woe, EmptyCellIsSmoothed) {
  // 100 good, 50 bad; the third bin has no good row and counts 0.5 instead.
  std::vector<Bin> bins = {counts(60, 10), counts(40, 35), counts(0, 5)};
  compute_woe(bins, 0.5);
  EXPECT_NEAR(bins[2].woe, std::log((0.5 / 100) / (5.0 / 50)), 1e-12);
  EXPECT_TRUE(std::isfinite(bins[2].iv));
}

// Risk falls with x, but with noise that makes the fine bins non-monotonic.
Column noisy_numeric(std::vector<uint8_t>& target, size_t n, bool with_missing) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  Column c;
  c.name = "x";
  for (size_t i = 0; i < n; ++i) {
    double x = u(rng) * 100;
    double wobble = 0.08 * std::sin(x);  // local reversals
    double p = 0.45 - 0.3 * x / 100 + wobble;
    bool missing = with_missing && u(rng) < 0.1;
    c.numeric.push_back(missing ? NAN : x);
    target.push_back(u(rng) < (missing ? 0.6 : p));
  }
  return c;
}

TEST(Binning, NumericWoeIsMonotonicAndBinsAreLargeEnough) {
  std::vector<uint8_t> y;
  Column c = noisy_numeric(y, 20000, false);
  auto b = bin_variable(c, y, {});
  ASSERT_TRUE(b.is_ok()) << b.status().to_string();
  ASSERT_GE(b->bins.size(), 2u);
  EXPECT_LE(b->bins.size(), 6u);
  EXPECT_EQ(b->missing_bin, -1);
  for (size_t i = 1; i < b->bins.size(); ++i) {
    EXPECT_GT(b->bins[i].woe, b->bins[i - 1].woe) << "bin " << i;  // risk falls with x
    EXPECT_EQ(b->bins[i].lower, b->bins[i - 1].upper);
  }
  for (const Bin& bin : b->bins) EXPECT_GE(bin.good + bin.bad, 0.05 * 20000);
  EXPECT_TRUE(std::isinf(b->bins.front().lower));
  EXPECT_TRUE(std::isinf(b->bins.back().upper));
  EXPECT_GT(b->iv, 0.1);
}

TEST(Binning, MissingValuesGetTheirOwnBin) {
  std::vector<uint8_t> y;
  Column c = noisy_numeric(y, 20000, true);
  auto b = bin_variable(c, y, {});
  ASSERT_TRUE(b.is_ok());
  ASSERT_GE(b->missing_bin, 0);
  const Bin& m = b->bins[static_cast<size_t>(b->missing_bin)];
  EXPECT_TRUE(m.missing);
  EXPECT_EQ(m.label(ColumnType::kNumeric), "missing");
  EXPECT_LT(m.woe, 0);  // missing rows are riskier in this sample
  EXPECT_EQ(b->bin_of_number(NAN), b->missing_bin);
  EXPECT_EQ(b->bin_of_number(-1e9), 0);
  // Value bins stay monotonic with the missing bin set apart.
  for (int i = 1; i < b->missing_bin; ++i)
    EXPECT_GT(b->bins[size_t(i)].woe, b->bins[size_t(i - 1)].woe);
}

TEST(Binning, CategoriesOrderedByRiskSmallOnesMerged) {
  Column c;
  c.name = "grade";
  c.type = ColumnType::kCategorical;
  c.levels = {"A", "B", "C", "D", "rare"};
  std::vector<uint8_t> y;
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  const double rate[] = {0.05, 0.15, 0.3, 0.5, 0.45};
  const int count[] = {3000, 3000, 2000, 1900, 100};  // "rare" is 1%: below the 5% minimum
  for (int l = 0; l < 5; ++l)
    for (int i = 0; i < count[l]; ++i) {
      c.codes.push_back(l);
      y.push_back(u(rng) < rate[l]);
    }
  auto b = bin_variable(c, y, {});
  ASSERT_TRUE(b.is_ok());
  for (const Bin& bin : b->bins) EXPECT_GE(bin.good + bin.bad, 500);
  for (size_t i = 1; i < b->bins.size(); ++i) EXPECT_LT(b->bins[i].woe, b->bins[i - 1].woe);
  EXPECT_EQ(b->bin_of_category("A", false), 0);
  // "rare" joined the neighbour with the closest bad rate (D).
  EXPECT_EQ(b->bin_of_category("rare", false), b->bin_of_category("D", false));
  // An unseen category goes to the most neutral bin.
  EXPECT_EQ(b->bin_of_category("never seen", false), b->neutral_bin);
  double smallest = 1e9;
  for (const Bin& bin : b->bins) smallest = std::min(smallest, std::abs(bin.woe));
  EXPECT_EQ(std::abs(b->bins[size_t(b->neutral_bin)].woe), smallest);
}

TEST(Selection, DropsLowIvAndTheWeakerOfCorrelatedPairs) {
  std::vector<VariableBinning> b(3);
  b[0].name = "strong";
  b[0].iv = 0.5;
  b[1].name = "copy";
  b[1].iv = 0.3;
  b[2].name = "noise";
  b[2].iv = 0.01;
  std::vector<std::vector<double>> woe(3);
  for (int i = 0; i < 100; ++i) {
    woe[0].push_back(i % 7);
    woe[1].push_back((i % 7) * 2 + (i % 2) * 0.1);
    woe[2].push_back(i % 3);
  }
  Selection s = select_variables(b, woe, {});
  ASSERT_EQ(s.kept.size(), 1u);
  EXPECT_EQ(s.kept[0], 0u);
  ASSERT_EQ(s.dropped.size(), 2u);
  EXPECT_NE(s.dropped[0].find("copy: WOE correlation"), std::string::npos);
  EXPECT_NE(s.dropped[1].find("noise: IV"), std::string::npos);
}

}  // namespace
}  // namespace rx::lab
