// Shared helpers for the objection tests: the shipped calendar, dates and instants.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "objection/calendar.h"

namespace rx::objection::testing {

inline std::string source_dir() {
  const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
  return dir ? dir : ".";
}

inline const Calendar& shipped_calendar() {
  static const Calendar cal = [] {
    auto loaded = Calendar::load(source_dir() + "/data/calendar/workdays.toml");
    EXPECT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    return std::move(loaded).value();
  }();
  return cal;
}

inline Date d(std::string_view text) {
  auto parsed = Date::parse(text);
  EXPECT_TRUE(parsed.is_ok()) << text;
  return parsed.is_ok() ? *parsed : Date();
}

// `hh:mm` on `day` in Asia/Shanghai.
inline Instant shanghai(std::string_view day, int hh, int mm = 0) {
  return Instant(std::chrono::days(d(day).days_since_epoch())) + std::chrono::hours(hh - 8) +
         std::chrono::minutes(mm);
}

}  // namespace rx::objection::testing
