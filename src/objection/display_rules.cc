#include "objection/display_rules.h"

#include <chrono>

#include "config/toml_reader.h"

namespace rx::objection {
namespace {
constexpr std::string_view kWhat = "display periods";
constexpr std::string_view kNames[] = {"minor", "general", "serious"};
}  // namespace

std::string_view to_string(Severity s) {
  return kNames[static_cast<int>(s)];
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (int i = 0; i < 3; ++i)
    if (text == kNames[i]) return static_cast<Severity>(i);
  return std::nullopt;
}

Date add_months(Date d, int months) {
  using namespace std::chrono;
  const int total = d.year() * 12 + static_cast<int>(d.month()) - 1 + months;
  const int y = total / 12;
  const unsigned m = static_cast<unsigned>(total % 12 + 1);
  const unsigned last =
      static_cast<unsigned>(year_month_day_last(year(y), month_day_last(month(m))).day());
  return *Date::from_ymd(y, m, std::min(d.day(), last));
}

Result<DisplayRules> DisplayRules::parse(std::string_view toml_text, std::string_view source) {
  RX_ASSIGN_OR_RETURN(toml::table root, config::parse_toml(toml_text, source, kWhat));
  std::vector<FieldError> errors;
  DisplayRules rules;
  config::TableReader top(root, "", source, errors);
  top.string("category", rules.category_);
  top.string("severity_field", rules.severity_field_);
  top.string("date_field", rules.date_field_);
  for (int i = 0; i < 3; ++i) {
    const std::string name(kNames[i]);
    const toml::table* t = top.table(name.c_str());
    if (!t) {
      if (!root.get(name)) top.fail(name.c_str(), "is required: the [" + name + "] table");
      continue;
    }
    config::TableReader r(*t, name + ".", source, errors);
    SeverityRule& rule = rules.rules_[i];
    if (!r.integer("display_months", rule.display_months, 0, 1200))
      r.fail("display_months", "is required");
    if (!r.integer("repair_after_months", rule.repair_after_months, 0, 1200))
      r.fail("repair_after_months", "is required");
    if (rule.repair_after_months > rule.display_months)
      r.fail("repair_after_months", "must not exceed display_months");
    r.reject_unknown();
  }
  top.reject_unknown();
  if (!errors.empty()) return config::errors_status(std::move(errors), kWhat);
  return rules;
}

Result<DisplayRules> DisplayRules::load(const std::string& path) {
  RX_ASSIGN_OR_RETURN(std::string text, config::read_text_file(path, kWhat));
  return parse(text, path);
}

DisplayRules DisplayRules::defaults() {
  return DisplayRules();
}

Date DisplayRules::display_end(Severity s, Date decision_date) const {
  return add_months(decision_date, rule(s).display_months);
}

Date DisplayRules::earliest_repair(Severity s, Date decision_date) const {
  return add_months(decision_date, rule(s).repair_after_months);
}

bool DisplayRules::displayed(Severity s, Date decision_date, bool repaired, Date today) const {
  return !repaired && today < display_end(s, decision_date);
}

}  // namespace rx::objection
