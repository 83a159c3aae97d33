#include "objection/calendar.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace rx::objection {
namespace {

using testing::d;
using testing::shanghai;
using testing::shipped_calendar;

bool working(const Calendar& c, std::string_view day) {
  auto r = c.is_working_day(d(day));
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() && *r;
}

TEST(CalendarTest, ShippedFileCoversThreeYearsWith2027Provisional) {
  const Calendar& c = shipped_calendar();
  EXPECT_EQ(c.first_year(), 2025);
  EXPECT_EQ(c.last_year(), 2027);
  EXPECT_EQ(c.first_day(), d("2025-01-01"));
  EXPECT_EQ(c.last_day(), d("2027-12-31"));
  EXPECT_EQ(c.provisional_years(), std::set<int>{2027});
}

TEST(CalendarTest, PublishedHolidaysAndAdjustedWorkdays) {
  const Calendar& c = shipped_calendar();
  // 2025: 春节 1-28..2-04 off, Sunday 1-26 and Saturday 2-08 worked.
  EXPECT_FALSE(working(c, "2025-01-28"));
  EXPECT_FALSE(working(c, "2025-02-04"));
  EXPECT_TRUE(working(c, "2025-01-26"));
  EXPECT_TRUE(working(c, "2025-02-08"));
  EXPECT_TRUE(working(c, "2025-02-05"));
  // 2025 国庆 10-01..10-08 off; 9-28 (Sun) and 10-11 (Sat) worked.
  EXPECT_FALSE(working(c, "2025-10-08"));
  EXPECT_TRUE(working(c, "2025-09-28"));
  EXPECT_TRUE(working(c, "2025-10-11"));
  // 2026: 元旦 1-01..1-03, Sunday 1-04 worked; 春节 2-15..2-23, 2-14 and 2-28 worked.
  EXPECT_FALSE(working(c, "2026-01-02"));
  EXPECT_TRUE(working(c, "2026-01-04"));
  EXPECT_FALSE(working(c, "2026-02-23"));
  EXPECT_TRUE(working(c, "2026-02-14"));
  EXPECT_TRUE(working(c, "2026-02-28"));
  EXPECT_TRUE(working(c, "2026-05-09"));
  EXPECT_FALSE(working(c, "2026-09-25"));
  // Plain weekdays and weekends.
  EXPECT_TRUE(working(c, "2026-03-10"));   // Tuesday
  EXPECT_FALSE(working(c, "2026-03-14"));  // Saturday
  EXPECT_FALSE(working(c, "2026-03-15"));  // Sunday
}

TEST(CalendarTest, AddsWorkingDaysAcrossHolidays) {
  const Calendar& c = shipped_calendar();
  // Friday 2025-09-26: next working days are Sunday 9-28 (调休), then 9-29, 9-30, 10-09.
  EXPECT_EQ(*c.add_working_days(d("2025-09-26"), 1), d("2025-09-28"));
  EXPECT_EQ(*c.add_working_days(d("2025-09-26"), 3), d("2025-09-30"));
  EXPECT_EQ(*c.add_working_days(d("2025-09-26"), 4), d("2025-10-09"));
  EXPECT_EQ(*c.add_working_days(d("2025-09-26"), 5), d("2025-10-10"));
  // Across the year boundary.
  EXPECT_EQ(*c.add_working_days(d("2025-12-31"), 1), d("2026-01-04"));
  // n = 0: the day itself when working, else the next working day.
  EXPECT_EQ(*c.add_working_days(d("2026-03-10"), 0), d("2026-03-10"));
  EXPECT_EQ(*c.add_working_days(d("2026-03-14"), 0), d("2026-03-16"));
  EXPECT_EQ(c.add_working_days(d("2026-03-10"), -1).status().code(), StatusCode::kInvalidArgument);
}

TEST(CalendarTest, BeyondTheCoveredYearsIsAnError) {
  const Calendar& c = shipped_calendar();
  auto before = c.is_working_day(d("2024-12-31"));
  EXPECT_EQ(before.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(before.status().message().find("covers 2025 to 2027"), std::string::npos);
  EXPECT_EQ(c.is_working_day(d("2028-01-03")).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.add_working_days(d("2027-12-30"), 5).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.add_working_days(d("2024-06-01"), 1).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST(CalendarTest, EndOfWorkingDayIsMidnightInShanghai) {
  const Calendar& c = shipped_calendar();
  const Instant end = c.end_of_working_day(d("2026-03-10"));
  EXPECT_EQ(format_instant(end), "2026-03-10T15:59:59.999999Z");
  EXPECT_EQ(shanghai_date(end), d("2026-03-10"));
  EXPECT_EQ(shanghai_date(end + std::chrono::microseconds(1)), d("2026-03-11"));
  // 07:30 in Shanghai is still the previous day in UTC.
  EXPECT_EQ(shanghai_date(shanghai("2026-03-10", 7, 30)), d("2026-03-10"));
}

std::string load_error(std::string_view text) {
  auto r = Calendar::parse(text, "cal.toml");
  EXPECT_FALSE(r.is_ok());
  return r.is_ok() ? "" : r.status().to_string();
}

TEST(CalendarTest, LoaderErrorsNameFileLineAndColumn) {
  EXPECT_NE(load_error("[2025]\nsource = \"x\"\nholidays = [\"2025-02-30\"]\n")
                .find("cal.toml:3:13: '2025-02-30' is not a date"),
            std::string::npos);
  EXPECT_NE(load_error("[2025]\nsource = \"x\"\nholidays = [\"2025-01-01\"]\n"
                       "workdays = [\"2025-01-01\"]\n")
                .find("cal.toml:4:13: 2025-01-01 is a weekday"),
            std::string::npos);
  EXPECT_NE(load_error("[2025]\nsource = \"x\"\nholidays = [\"2025-01-04\"]\n"
                       "workdays = [\"2025-01-04\"]\n")
                .find("cal.toml:4:13: 2025-01-04 is both a holiday and a workday (also at "
                      "cal.toml:3:13)"),
            std::string::npos);
  EXPECT_NE(load_error("[2025]\nsource = \"x\"\nholidays = [\"2025-01-01\", "
                       "\"2024-12-31..2025-01-02\"]\n")
                .find("2024-12-31 is not in 2025"),
            std::string::npos);
  EXPECT_NE(load_error("[2025]\nsource = \"x\"\nholidays = [\"2025-05-01..2025-05-05\", "
                       "\"2025-05-03\"]\n")
                .find("2025-05-03 is listed twice (also at cal.toml:3:13)"),
            std::string::npos);
  EXPECT_NE(load_error("[2025]\nsource = \"x\"\nholiday = []\n").find("cal.toml:3:1: unknown key"),
            std::string::npos);
  EXPECT_NE(load_error("first_year = 2025\n").find("cal.toml:1:1: unknown key"), std::string::npos);
  EXPECT_NE(
      load_error("[2025]\nsource = \"x\"\n[2027]\nsource = \"y\"\n").find("year 2026 is missing"),
      std::string::npos);
  EXPECT_NE(load_error("[2025]\nholidays = []\n").find("2025.source"), std::string::npos);
  EXPECT_NE(load_error("[2025]\nsource = \"x\"\nworkdays = [\"2025-01-04..2025-01-05\"]\n")
                .find("ranges only for holidays"),
            std::string::npos);
  EXPECT_NE(load_error("[2025\n").find("cal.toml:1:"), std::string::npos);
}

TEST(CalendarTest, FromListsRejectsConflicts) {
  EXPECT_FALSE(Calendar::from_lists(2025, 2025, {d("2025-01-04")}, {d("2025-01-04")}).is_ok());
  auto c = Calendar::from_lists(2025, 2025, {d("2025-01-01")}, {});
  ASSERT_TRUE(c.is_ok());
  EXPECT_FALSE(*c->is_working_day(d("2025-01-01")));
}

}  // namespace
}  // namespace rx::objection
