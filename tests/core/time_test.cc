#include "core/time.h"

#include <gtest/gtest.h>

#include <set>

#include "core/clock.h"
#include "core/id.h"

namespace rx {
namespace {

TEST(Date, ParsesAndFormats) {
  auto d = Date::parse("2024-02-29");
  ASSERT_TRUE(d.is_ok());
  EXPECT_EQ(d->year(), 2024);
  EXPECT_EQ(d->to_string(), "2024-02-29");
  EXPECT_EQ(Date::from_days(d->days_since_epoch()), *d);
}

TEST(Date, RejectsImpossibleOrMalformedDates) {
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-1-01", "20240101", "2024/01/01", ""})
    EXPECT_FALSE(Date::parse(bad).is_ok()) << bad;
}

TEST(Instant, FormatsAsUtc) {
  Instant t(std::chrono::seconds(1'795'000'000));
  EXPECT_EQ(format_instant(t), "2026-11-18T11:06:40Z");
  EXPECT_EQ(format_instant(t + std::chrono::microseconds(42)), "2026-11-18T11:06:40.000042Z");
}

TEST(Clock, ManualClockAdvancesOnlyWhenTold) {
  ManualClock clock(Instant(std::chrono::seconds(10)));
  EXPECT_EQ(clock.now(), Instant(std::chrono::seconds(10)));
  clock.advance(std::chrono::seconds(5));
  EXPECT_EQ(clock.now(), Instant(std::chrono::seconds(15)));
}

TEST(Random, SeededRandomIsDeterministicAndUniformRespectsBound) {
  SeededRandom a(7), b(7);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
  for (int i = 0; i < 1000; ++i) EXPECT_LT(a.uniform(31), 31u);
}

TEST(Uuid, Version7IsTimeOrderedAndWellFormed) {
  ManualClock clock(Instant(std::chrono::seconds(1'795'000'000)));
  SeededRandom random(1);
  std::string first = new_uuid_v7(clock, random);
  clock.advance(std::chrono::milliseconds(1));
  std::string second = new_uuid_v7(clock, random);
  EXPECT_EQ(first.size(), 36u);
  EXPECT_EQ(first[14], '7');
  EXPECT_NE(std::string("89ab").find(first[19]), std::string::npos);
  EXPECT_LT(first, second);
}

}  // namespace
}  // namespace rx
