// Calendar arithmetic for the generator on plain integers: days since 1970-01-01 and month
// indexes (year * 12 + month - 1). Branch-light and allocation-free (H. Hinnant's algorithms).
#pragma once

#include <cstdint>

namespace rx::synth {

struct Ymd {
  int year;
  int month;  // 1-12
  int day;    // 1-31
};

constexpr int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

constexpr Ymd civil_from_days(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2), m, d};
}

constexpr int month_index(int year, int month) {
  return year * 12 + month - 1;
}
constexpr int month_of_day(int32_t days) {
  Ymd d = civil_from_days(days);
  return month_index(d.year, d.month);
}
constexpr int32_t first_day_of_month(int mi) {
  return days_from_civil(mi / 12, mi % 12 + 1, 1);
}
constexpr int32_t last_day_of_month(int mi) {
  return first_day_of_month(mi + 1) - 1;
}
constexpr int year_of_month(int mi) {
  return mi / 12;
}
constexpr int month_of_year(int mi) {
  return mi % 12 + 1;
}  // 1-12

}  // namespace rx::synth
