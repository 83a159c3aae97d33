#include "credit/indicators.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/time.h"
#include "credit/credit_test_support.h"

namespace rx::credit {
namespace {

constexpr std::string_view kLibrary = R"(version = 1
[[series]]
id = "paid"
category = "tax"
field = "tax_paid_amount"
[[events]]
id = "penalty"
category = "admin_penalty"
date = "decision_date"
value = "fine_amount"
[[events]]
id = "grade"
category = "tax_credit_grade"
date = "evaluated_on"
value = "grade"
value_map = { A = 5, B = 4, M = 3, C = 2, D = 1 }
)";

std::string indicator(std::string_view id, std::string_view source, std::string_view op,
                      int window) {
  return "[[indicators]]\nid = \"" + std::string(id) + "\"\nname = \"n\"\ncategory = \"c\"\n" +
         "definition = \"d\"\nsource = \"" + std::string(source) + "\"\nop = \"" + std::string(op) +
         "\"\nwindow = " + std::to_string(window) + "\n";
}

int32_t day(const char* text) {
  return Date::parse(text)->days_since_epoch();
}

class IndicatorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string toml(kLibrary);
    for (auto [id, source, op, window] :
         std::initializer_list<std::tuple<const char*, const char*, const char*, int>>{
             {"sum12", "paid", "sum", 12},
             {"mean12", "paid", "mean", 12},
             {"max12", "paid", "max", 12},
             {"last3", "paid", "last", 3},
             {"yoy", "paid", "yoy_growth", 12},
             {"change6", "paid", "change", 6},
             {"positive12", "paid", "months_positive", 12},
             {"streak24", "paid", "streak", 24},
             {"penalties24", "penalty", "count", 24},
             {"penalties_all", "penalty", "count", 0},
             {"fines24", "penalty", "sum_value", 24},
             {"since_penalty", "penalty", "months_since_last", 0},
             {"grade", "grade", "last_value", 24},
             {"first_penalty_years", "penalty", "years_since_first", 0}})
      toml += indicator(id, source, op, window);
    auto lib = parse_indicator_library(toml, "test.toml", testing::shipped_catalog());
    ASSERT_TRUE(lib.is_ok()) << lib.status().to_string();
    lib_ = *lib;
  }

  float value(const Panel& p, int64_t e, std::string_view id) const {
    return compute_indicator(lib_.indicators[static_cast<size_t>(lib_.indicator_index(id))], lib_,
                             p, e);
  }

  IndicatorLibrary lib_;
  const MonthIndex as_of_ = month_index(2026, 10);
};

TEST_F(IndicatorsTest, SeriesOperationsOverTheirWindows) {
  Panel p(2, as_of_, 24, 1, 2);
  // Enterprise 0: 100 a month for the first year, 150 a month in the last year, except the
  // last two months which are 0; enterprise 1 has no tax records at all.
  for (int m = 0; m < 24; ++m)
    p.add(0, 0, p.first_month() + m, m < 12 ? 100.f : (m >= 22 ? 0.f : 150.f));
  EXPECT_FLOAT_EQ(value(p, 0, "sum12"), 1500);
  EXPECT_FLOAT_EQ(value(p, 0, "mean12"), 125);
  EXPECT_FLOAT_EQ(value(p, 0, "max12"), 150);
  EXPECT_FLOAT_EQ(value(p, 0, "last3"), 0);
  EXPECT_FLOAT_EQ(value(p, 0, "yoy"), 0.25f);                   // 1500 / 1200 - 1
  EXPECT_FLOAT_EQ(value(p, 0, "change6"), 50.f / 150.f - 1.f);  // months 19-21 vs 22-24
  EXPECT_FLOAT_EQ(value(p, 0, "positive12"), 10);
  EXPECT_FLOAT_EQ(value(p, 0, "streak24"), 0);
  for (const char* id : {"sum12", "mean12", "max12", "last3", "yoy", "change6", "positive12"})
    EXPECT_TRUE(std::isnan(value(p, 1, id))) << id << ": no data is missing, not zero";
}

TEST_F(IndicatorsTest, AStreakCountsConsecutiveMonthsEndingAtTheEvaluationMonth) {
  Panel p(1, as_of_, 24, 1, 2);
  for (int m = 0; m < 24; ++m) p.add(0, 0, p.first_month() + m, m == 15 ? 0.f : 10.f);
  EXPECT_FLOAT_EQ(value(p, 0, "streak24"), 8);
}

TEST_F(IndicatorsTest, EventsCountInTheirWindowAndNeverPastTheRetentionPeriod) {
  Panel p(2, as_of_, 24, 1, 2);
  EventColumnBuilder penalties;
  penalties.add(0, day("2026-10-31"), 1000);  // the last day of the evaluation month
  penalties.add(0, day("2025-01-15"), 500);   // within 24 months
  penalties.add(0, day("2023-06-01"), 200);   // within the 5-year retention, not 24 months
  penalties.add(0, day("2020-06-01"), 300);   // past the 5-year retention: never counts
  penalties.add(0, day("2026-11-02"), 900);   // after the evaluation month: not yet known
  penalties.add(1, day("2024-12-31"), 100);
  p.set_events(0, penalties.build(2));
  EXPECT_FLOAT_EQ(value(p, 0, "penalties24"), 2);
  EXPECT_FLOAT_EQ(value(p, 0, "fines24"), 1500);
  EXPECT_FLOAT_EQ(value(p, 0, "penalties_all"), 3);
  EXPECT_FLOAT_EQ(value(p, 0, "since_penalty"), 0);
  EXPECT_NEAR(value(p, 0, "first_penalty_years"), 3.42, 0.01);
  EXPECT_FLOAT_EQ(value(p, 1, "penalties24"), 1);
  EXPECT_NEAR(value(p, 1, "since_penalty"), 22.0, 0.05);
}

TEST_F(IndicatorsTest, LastValueTakesTheLatestEventAndCountIsZeroWithoutEvents) {
  Panel p(2, as_of_, 24, 1, 2);
  EventColumnBuilder grades;
  grades.add(0, day("2026-04-10"), 2);  // the latest: C
  grades.add(0, day("2025-04-10"), 5);
  p.set_events(1, grades.build(2));
  EXPECT_FLOAT_EQ(value(p, 0, "grade"), 2);
  EXPECT_TRUE(std::isnan(value(p, 1, "grade")));
  EXPECT_FLOAT_EQ(value(p, 1, "penalties24"), 0);
  EXPECT_TRUE(std::isnan(value(p, 1, "since_penalty")));
}

TEST_F(IndicatorsTest, TheBatchPassEqualsTheKernelForEveryEnterprise) {
  const int64_t n = 5000;
  Panel p(n, as_of_, 24, 1, 2);
  EventColumnBuilder penalties;
  for (int64_t e = 0; e < n; ++e) {
    for (int m = 0; m < 24; ++m)
      if ((e + m) % 7) p.add(0, e, p.first_month() + m, static_cast<float>((e * 31 + m) % 97));
    for (int k = 0; k < e % 4; ++k)
      penalties.add(e, day("2025-01-01") + static_cast<int32_t>(e % 300), 10);
  }
  p.set_events(0, penalties.build(n));
  const IndicatorTable t = compute_indicators(lib_, p);
  ASSERT_EQ(t.rows, n);
  ASSERT_EQ(t.width, lib_.indicators.size());
  for (int64_t e = 0; e < n; e += 37)
    for (size_t i = 0; i < t.width; ++i) {
      const float expected = compute_indicator(lib_.indicators[i], lib_, p, e);
      const float got = t.row(e)[i];
      EXPECT_TRUE(got == expected || (std::isnan(got) && std::isnan(expected)))
          << lib_.indicators[i].id << " enterprise " << e;
    }
}

}  // namespace
}  // namespace rx::credit
