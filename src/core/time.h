// Calendar dates and instants. Instants are UTC; display in Asia/Shanghai is the UI's job.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace rx {

using Instant = std::chrono::sys_time<std::chrono::microseconds>;

// A proleptic Gregorian calendar date.
class Date {
 public:
  constexpr Date() = default;
  // Parses exactly "YYYY-MM-DD" and checks the day exists (2023-02-29 is rejected).
  static Result<Date> parse(std::string_view text);
  static Result<Date> from_ymd(int year, unsigned month, unsigned day);
  static Date from_days(int32_t days_since_epoch);

  int year() const { return static_cast<int>(ymd_.year()); }
  unsigned month() const { return static_cast<unsigned>(ymd_.month()); }
  unsigned day() const { return static_cast<unsigned>(ymd_.day()); }
  int32_t days_since_epoch() const;
  std::string to_string() const;  // "YYYY-MM-DD"

  bool operator==(const Date& o) const { return ymd_ == o.ymd_; }
  auto operator<=>(const Date& o) const { return days_since_epoch() <=> o.days_since_epoch(); }

 private:
  explicit Date(std::chrono::year_month_day ymd) : ymd_(ymd) {}
  std::chrono::year_month_day ymd_{std::chrono::year(1970), std::chrono::month(1),
                                   std::chrono::day(1)};
};

// "2026-11-23T01:02:03Z" (second precision) or with ".123456" microseconds when non-zero.
std::string format_instant(Instant t);

// Instants are stored as integer microseconds since the epoch (UTC).
inline int64_t micros(Instant t) {
  return t.time_since_epoch().count();
}
inline Instant instant_from_micros(int64_t us) {
  return Instant(std::chrono::microseconds(us));
}
Date date_of(Instant t);

// Asia/Shanghai is UTC+8 all year (no daylight saving since 1991): the platform's calendar day.
Date shanghai_date(Instant t);
// The last microsecond of that day in Asia/Shanghai.
Instant end_of_shanghai_day(Date d);

}  // namespace rx
