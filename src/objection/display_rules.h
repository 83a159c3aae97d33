// How long an administrative penalty is displayed (公示期限) and when it may be repaired
// (信用修复), by severity (data/calendar/display_periods.toml). Pure rules; immutable after
// loading, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace rx::objection {

enum class Severity { kMinor, kGeneral, kSerious };
std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view text);

struct SeverityRule {
  int display_months = 0;       // displayed at most this long from the decision date
  int repair_after_months = 0;  // repair allowed from this long after the decision date
};

// `d` plus `months` calendar months, the day clamped to the month's length (01-31 + 1 = 02-28).
Date add_months(Date d, int months);

class DisplayRules {
 public:
  // Parses the TOML text; problems (unknown keys, missing severities, repair after display)
  // name source:line:column.
  static Result<DisplayRules> parse(std::string_view toml_text, std::string_view source);
  static Result<DisplayRules> load(const std::string& path);
  // The defaults of the file shipped in data/calendar/ (minor 3/0, general 12/3, serious 36/12
  // months) for admin_penalty's severity and decision_date.
  static DisplayRules defaults();

  const std::string& category() const { return category_; }
  const std::string& severity_field() const { return severity_field_; }
  const std::string& date_field() const { return date_field_; }
  const SeverityRule& rule(Severity s) const { return rules_[static_cast<int>(s)]; }

  // The first day the record is no longer displayed.
  Date display_end(Severity s, Date decision_date) const;
  // The first day credit repair may be approved.
  Date earliest_repair(Severity s, Date decision_date) const;
  // Whether the record is shown on `today`: not repaired and before display_end.
  bool displayed(Severity s, Date decision_date, bool repaired, Date today) const;

 private:
  std::string category_ = "admin_penalty", severity_field_ = "severity",
              date_field_ = "decision_date";
  SeverityRule rules_[3] = {{3, 0}, {12, 3}, {36, 12}};
};

}  // namespace rx::objection
