#include "core/time.h"

#include <cstdio>

namespace rx {

Result<Date> Date::parse(std::string_view s) {
  auto bad = [&](std::string why) {
    return invalid_argument("invalid date '" + std::string(s) + "': " + why, {{"date", why}});
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return bad("expected YYYY-MM-DD");
  auto digits = [&](size_t from, size_t n, int& out) {
    out = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y, m, d;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return bad("expected YYYY-MM-DD");
  auto r = from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  if (!r.is_ok()) return bad("no such day");
  return r;
}

Result<Date> Date::from_ymd(int year, unsigned month, unsigned day) {
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                  std::chrono::day(day)};
  if (!ymd.ok()) return invalid_argument("no such day", {{"date", "no such day"}});
  return Date(ymd);
}

Date Date::from_days(int32_t days) {
  return Date(std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(days))));
}

int32_t Date::days_since_epoch() const {
  return static_cast<int32_t>(std::chrono::sys_days(ymd_).time_since_epoch().count());
}

std::string Date::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

Date date_of(Instant t) {
  return Date::from_days(
      static_cast<int32_t>(std::chrono::floor<std::chrono::days>(t).time_since_epoch().count()));
}

std::string format_instant(Instant t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::hh_mm_ss<std::chrono::microseconds> hms(t - day);
  Date d = date_of(t);
  char buf[40];
  auto micros = hms.subseconds().count();
  if (micros == 0) {
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", d.to_string().c_str(),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%06ldZ", d.to_string().c_str(),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), static_cast<long>(micros));
  }
  return buf;
}

Date shanghai_date(Instant t) {
  return date_of(t + std::chrono::hours(8));
}

Instant end_of_shanghai_day(Date d) {
  return Instant(std::chrono::days(d.days_since_epoch() + 1)) - std::chrono::hours(8) -
         std::chrono::microseconds(1);
}

}  // namespace rx
