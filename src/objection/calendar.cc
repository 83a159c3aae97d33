#include "objection/calendar.h"

#include <algorithm>
#include <map>

#include "config/toml_reader.h"

namespace rx::objection {
namespace {

constexpr std::string_view kWhat = "working-day calendar";

bool is_weekend(Date d) {
  // 1970-01-01 was a Thursday: (days + 4) % 7 gives 0 = Sunday ... 6 = Saturday.
  const int32_t days = d.days_since_epoch();
  const int weekday = static_cast<int>(((days % 7) + 7 + 4) % 7);
  return weekday == 0 || weekday == 6;
}

// One date or an inclusive range "A..B" as days since the epoch; nullopt with `why` set.
std::optional<std::pair<int32_t, int32_t>> parse_span(std::string_view text, bool allow_range,
                                                      std::string& why) {
  const size_t dots = text.find("..");
  if (dots != std::string_view::npos && !allow_range) {
    why = "must be one date YYYY-MM-DD (ranges only for holidays)";
    return std::nullopt;
  }
  auto from = Date::parse(text.substr(0, dots));
  auto to = dots == std::string_view::npos ? from : Date::parse(text.substr(dots + 2));
  if (!from.is_ok() || !to.is_ok()) {
    why = "'" + std::string(text) + "' is not a date YYYY-MM-DD" +
          (allow_range ? " or a range YYYY-MM-DD..YYYY-MM-DD" : "");
    return std::nullopt;
  }
  if (*to < *from) {
    why = "range '" + std::string(text) + "' ends before it starts";
    return std::nullopt;
  }
  return std::pair{from->days_since_epoch(), to->days_since_epoch()};
}

}  // namespace

Result<Calendar> Calendar::parse(std::string_view toml_text, std::string_view source) {
  RX_ASSIGN_OR_RETURN(toml::table root, config::parse_toml(toml_text, source, kWhat));
  std::vector<FieldError> errors;
  Calendar cal;
  cal.first_year_ = 0;
  // Where each date was first listed, to name both places of a duplicate or a conflict.
  std::map<int32_t, std::string> seen;
  std::set<int> years;
  for (const auto& [key, node] : root) {
    const std::string name(key.str());
    int year = 0;
    const bool numeric = name.size() == 4 && std::all_of(name.begin(), name.end(), [](char c) {
                           return c >= '0' && c <= '9';
                         });
    if (numeric) year = std::stoi(name);
    if (!numeric || year < 1990 || year > 2200) {
      errors.push_back({name, config::where(source, key.source()) +
                                  ": unknown key (expected a year table such as [2025])"});
      continue;
    }
    if (!node.is_table()) {
      errors.push_back({name, config::where(source, node.source()) + ": must be a table"});
      continue;
    }
    years.insert(year);
    const toml::table& table = *node.as_table();
    config::TableReader reader(table, name + ".", source, errors);
    std::string notice;
    if (!reader.string("source", notice) || notice.empty())
      reader.fail("source", "is required: the notice the dates come from");
    bool provisional = false;
    reader.boolean("provisional", provisional);
    if (provisional) cal.provisional_.insert(year);
    for (const char* list : {"holidays", "workdays"}) {
      const bool holidays = std::string_view(list) == "holidays";
      const toml::node* n = table.get(list);
      if (!n) continue;
      const toml::array* items = n->as_array();
      if (!items) {
        reader.fail(list, "must be an array of date strings");
        continue;
      }
      for (const toml::node& item : *items) {
        const std::string at = config::where(source, item.source());
        const std::string field = name + "." + list;
        if (!item.is_string()) {
          errors.push_back({field, at + ": must be a date string"});
          continue;
        }
        std::string why;
        auto span = parse_span(*item.value<std::string>(), holidays, why);
        if (!span) {
          errors.push_back({field, at + ": " + why});
          continue;
        }
        for (int32_t day = span->first; day <= span->second; ++day) {
          const Date d = Date::from_days(day);
          if (d.year() != year) {
            errors.push_back({field, at + ": " + d.to_string() + " is not in " + name});
            break;
          }
          if (!holidays && !is_weekend(d)) {
            errors.push_back({field, at + ": " + d.to_string() +
                                         " is a weekday; adjusted workdays are Saturdays or "
                                         "Sundays"});
            continue;
          }
          auto [it, fresh] = seen.emplace(day, at);
          if (!fresh) {
            const bool conflict = (holidays ? cal.workdays_ : cal.holidays_).count(day) > 0;
            errors.push_back({field, at + ": " + d.to_string() +
                                         (conflict ? " is both a holiday and a workday (also at "
                                                   : " is listed twice (also at ") +
                                         it->second + ")"});
            continue;
          }
          (holidays ? cal.holidays_ : cal.workdays_).insert(day);
        }
      }
    }
    for (const auto& [k, v] : table) {
      (void)v;
      const std::string_view kn = k.str();
      if (kn != "source" && kn != "provisional" && kn != "holidays" && kn != "workdays")
        errors.push_back(
            {name + "." + std::string(kn), config::where(source, k.source()) + ": unknown key"});
    }
  }
  if (years.empty()) {
    errors.push_back({"calendar", std::string(source) + ":1:1: no year tables such as [2025]"});
  } else {
    cal.first_year_ = *years.begin();
    cal.last_year_ = *years.rbegin();
    for (int y = cal.first_year_; y <= cal.last_year_; ++y)
      if (!years.count(y))
        errors.push_back({std::to_string(y), std::string(source) + ":1:1: year " +
                                                 std::to_string(y) +
                                                 " is missing between the first and last year"});
  }
  if (!errors.empty()) return config::errors_status(std::move(errors), kWhat);
  return cal;
}

Result<Calendar> Calendar::load(const std::string& path) {
  RX_ASSIGN_OR_RETURN(std::string text, config::read_text_file(path, kWhat));
  return parse(text, path);
}

Result<Calendar> Calendar::from_lists(int first_year, int last_year,
                                      const std::vector<Date>& holidays,
                                      const std::vector<Date>& workdays) {
  Calendar cal;
  cal.first_year_ = first_year;
  cal.last_year_ = last_year;
  for (Date d : holidays) cal.holidays_.insert(d.days_since_epoch());
  for (Date d : workdays) {
    if (cal.holidays_.count(d.days_since_epoch()))
      return invalid_argument(d.to_string() + " is both a holiday and a workday");
    cal.workdays_.insert(d.days_since_epoch());
  }
  return cal;
}

Date Calendar::first_day() const {
  return *Date::from_ymd(first_year_, 1, 1);
}

Date Calendar::last_day() const {
  return *Date::from_ymd(last_year_, 12, 31);
}

Status Calendar::outside(Date d) const {
  return failed_precondition("the working-day calendar covers " + std::to_string(first_year_) +
                             " to " + std::to_string(last_year_) + ", not " + d.to_string() +
                             "; extend data/calendar/workdays.toml");
}

Result<bool> Calendar::is_working_day(Date d) const {
  if (!covers(d)) return outside(d);
  const int32_t day = d.days_since_epoch();
  if (holidays_.count(day)) return false;
  if (workdays_.count(day)) return true;
  return !is_weekend(d);
}

Result<Date> Calendar::add_working_days(Date from, int n) const {
  if (n < 0) return invalid_argument("working days to add must not be negative");
  if (!covers(from)) return outside(from);
  Date d = from;
  if (n == 0) {
    for (;;) {
      RX_ASSIGN_OR_RETURN(bool working, is_working_day(d));
      if (working) return d;
      d = Date::from_days(d.days_since_epoch() + 1);
    }
  }
  for (int left = n; left > 0;) {
    d = Date::from_days(d.days_since_epoch() + 1);
    RX_ASSIGN_OR_RETURN(bool working, is_working_day(d));
    if (working) --left;
  }
  return d;
}

}  // namespace rx::objection
