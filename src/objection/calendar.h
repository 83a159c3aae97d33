// The working-day calendar of mainland China (data/calendar/workdays.toml): public holidays and
// the weekend days that are adjusted working days (调休上班), for a contiguous range of years.
// Legal clocks count working days on it. Dates outside the covered years are errors, never
// guesses: the operator extends the file each year. Immutable after loading; thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace rx::objection {

// The day helpers live in core/time.h (rx::shanghai_date, rx::end_of_shanghai_day).
using rx::end_of_shanghai_day;
using rx::shanghai_date;

class Calendar {
 public:
  // Parses the TOML text of a calendar file; every problem (bad date, a date both holiday and
  // workday, duplicates, a workday that is not a weekend day, a date outside its year's table,
  // missing years, unknown keys) names source:line:column.
  static Result<Calendar> parse(std::string_view toml_text, std::string_view source);
  // Reads and parses the file at `path`.
  static Result<Calendar> load(const std::string& path);
  // A calendar from lists, for tests. REQUIRES: first_year <= last_year.
  static Result<Calendar> from_lists(int first_year, int last_year,
                                     const std::vector<Date>& holidays,
                                     const std::vector<Date>& workdays);

  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  Date first_day() const;  // January 1st of first_year
  Date last_day() const;   // December 31st of last_year
  bool covers(Date d) const { return d.year() >= first_year_ && d.year() <= last_year_; }
  // Years whose dates are an estimate (provisional = true in the file).
  const std::set<int>& provisional_years() const { return provisional_; }

  // Whether `d` is a working day; kFailedPrecondition outside the covered years.
  Result<bool> is_working_day(Date d) const;
  // The n-th working day after `from` (n >= 1); n = 0 gives `from` when it is a working day,
  // else the next one. kFailedPrecondition when the answer or `from` lies outside the covered
  // years; kInvalidArgument for n < 0.
  Result<Date> add_working_days(Date from, int n) const;
  // The last instant of `d` in Asia/Shanghai, 23:59:59.999999 UTC+8.
  Instant end_of_working_day(Date d) const { return end_of_shanghai_day(d); }

 private:
  Calendar() = default;
  Status outside(Date d) const;
  int first_year_ = 0, last_year_ = -1;
  std::set<int32_t> holidays_, workdays_;  // days since the epoch
  std::set<int> provisional_;
};

}  // namespace rx::objection
