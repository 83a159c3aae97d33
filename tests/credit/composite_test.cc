#include "credit/composite.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "credit/credit_test_support.h"
#include "credit/panel.h"

namespace rx::credit {
namespace {

using ::testing::HasSubstr;
using testing::shipped_library;
using testing::shipped_model;

std::string model_toml(std::string_view bands) {
  return R"(version = "t1"
name = "test"
[[grades]]
grade = "A"
min_score = 700
[[grades]]
grade = "B"
min_score = 0
[[factors]]
indicator = "tax_arrears_months_12m"
weight = 3
missing_points = 50
bands = [ { below = 1, points = 100 }, { from = 1, below = 3, points = 40 }, { from = 3, points = 0 } ]
[[factors]]
indicator = "dishonest_debtor_records"
weight = 1
)" + std::string(bands);
}

TEST(CompositeModel, TheShippedModelLoadsWithGradesFromTheBestDown) {
  const CompositeModel& m = shipped_model();
  ASSERT_FALSE(m.factors.empty());
  EXPECT_FALSE(m.version.empty());
  ASSERT_EQ(m.grades.size(), 4u);
  EXPECT_EQ(m.grades.front().name, "A");
  EXPECT_EQ(m.grades.back().min_score, 0);
}

TEST(CompositeModel, ScoreIsTheWeightedMeanOfPointsWithEveryContribution) {
  auto m = parse_composite_model(model_toml("bands = [ { below = 1, points = 100 }, { from = 1, "
                                            "points = 0 } ]\n"),
                                 "m.toml", shipped_library());
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  std::vector<float> row(shipped_library().indicators.size(), kMissing);
  const auto arrears =
      static_cast<size_t>(shipped_library().indicator_index("tax_arrears_months_12m"));
  const auto dishonest =
      static_cast<size_t>(shipped_library().indicator_index("dishonest_debtor_records"));
  row[arrears] = 2;    // band [1, 3): 40 points
  row[dishonest] = 0;  // band (-inf, 1): 100 points
  CompositeResult r = evaluate_composite(*m, row);
  EXPECT_DOUBLE_EQ(r.score, 550);  // (3 * 40 + 1 * 100) / 4 * 10
  EXPECT_EQ(r.grade, "B");
  ASSERT_EQ(r.contributions.size(), 2u);
  EXPECT_EQ(r.contributions[0].band, 1);
  EXPECT_DOUBLE_EQ(r.contributions[0].score, 300);
  EXPECT_DOUBLE_EQ(r.contributions[0].max_score, 750);
  EXPECT_DOUBLE_EQ(r.contributions[1].score, 250);
  EXPECT_DOUBLE_EQ(r.contributions[0].score + r.contributions[1].score, r.score);

  row[arrears] = kMissing;  // no tax data: the factor's missing points
  r = evaluate_composite(*m, row);
  EXPECT_EQ(r.contributions[0].band, -1);
  EXPECT_DOUBLE_EQ(r.score, 625);
  row[arrears] = 0;  // exactly on an edge: [from, below)
  r = evaluate_composite(*m, row);
  EXPECT_DOUBLE_EQ(r.score, 1000);
  EXPECT_EQ(r.grade, "A");
}

TEST(CompositeModel, BandGapsAndOverlapsAreErrorsWithTheirLine) {
  auto gap = parse_composite_model(
      model_toml("bands = [ { below = 1, points = 100 }, { from = 2, points = 0 } ]\n"), "m.toml",
      shipped_library());
  ASSERT_FALSE(gap.is_ok());
  EXPECT_THAT(gap.status().to_string(), HasSubstr("factors[1].bands at m.toml:17:"));
  EXPECT_THAT(gap.status().to_string(), HasSubstr("gap between 1 and 2"));

  auto overlap = parse_composite_model(
      model_toml("bands = [ { below = 5, points = 100 }, { from = 2, points = 0 } ]\n"), "m.toml",
      shipped_library());
  ASSERT_FALSE(overlap.is_ok());
  EXPECT_THAT(overlap.status().to_string(), HasSubstr("overlap between 2 and 5"));

  auto open = parse_composite_model(
      model_toml("bands = [ { below = 5, points = 100 }, { from = 5, below = 9, points = 0 } ]\n"),
      "m.toml", shipped_library());
  ASSERT_FALSE(open.is_ok());
  EXPECT_THAT(open.status().to_string(), HasSubstr("the last band must have no 'below'"));
}

TEST(CompositeModel, OtherMistakesAreNamed) {
  auto bad = [](std::string text) {
    auto m = parse_composite_model(text, "m.toml", shipped_library());
    EXPECT_FALSE(m.is_ok());
    return m.is_ok() ? "" : m.status().to_string();
  };
  const std::string ok_bands =
      "bands = [ { below = 1, points = 100 }, { from = 1, points = 0 } ]\n";
  std::string unknown = model_toml(ok_bands);
  unknown.replace(unknown.find("dishonest_debtor_records"), 24, "weather");
  EXPECT_THAT(bad(unknown), HasSubstr("'weather' is not in the indicator library"));
  std::string points =
      model_toml("bands = [ { below = 1, points = 120 }, { from = 1, points = 0 } ]\n");
  EXPECT_THAT(bad(points), HasSubstr("must be from 0 to 100"));
  std::string order = model_toml(ok_bands);
  order.replace(order.find("min_score = 700"), 15, "min_score = 0");
  EXPECT_THAT(bad(order), HasSubstr("must be below the previous grade's"));
}

}  // namespace
}  // namespace rx::credit
