#include "credit/indicator_library.h"

#include <algorithm>
#include <set>

#include "config/toml_reader.h"

namespace rx::credit {
namespace {

using catalog::FieldType;
using config::TableReader;

constexpr std::pair<std::string_view, Op> kOps[] = {
    {"sum", Op::kSum},
    {"mean", Op::kMean},
    {"max", Op::kMax},
    {"last", Op::kLast},
    {"yoy_growth", Op::kYoyGrowth},
    {"change", Op::kChange},
    {"months_positive", Op::kMonthsPositive},
    {"streak", Op::kStreak},
    {"count", Op::kCount},
    {"sum_value", Op::kSumValue},
    {"last_value", Op::kLastValue},
    {"months_since_last", Op::kMonthsSinceLast},
    {"years_since_first", Op::kYearsSinceFirst},
};

bool numeric(FieldType t) {
  return t == FieldType::kInteger || t == FieldType::kMoney || t == FieldType::kDecimal ||
         t == FieldType::kBoolean;
}

// Resolves `category` and checks the filter; returns nullptr after recording an error.
const catalog::Category* category_of(TableReader& r, const catalog::Catalog& cat,
                                     const std::string& id, const Where& where) {
  const catalog::Category* c = cat.category(id);
  if (!c) {
    r.fail("category", "'" + id + "' is not in the shared catalogue");
    return nullptr;
  }
  for (const auto& [field, value] : where) {
    const catalog::Field* f = c->field(field);
    if (!f || (f->type != FieldType::kEnum && f->type != FieldType::kBoolean)) {
      r.fail("where", "'" + field + "' is not an enum or boolean field of " + id);
    } else if (f->type == FieldType::kEnum &&
               std::find(f->values.begin(), f->values.end(), value) == f->values.end()) {
      r.fail("where", "'" + value + "' is not a value of " + id + "." + field);
    } else if (f->type == FieldType::kBoolean && value != "true" && value != "false") {
      r.fail("where", id + "." + field + " is boolean: use \"true\" or \"false\"");
    }
  }
  return c;
}

void check_id(TableReader& r, const std::string& id, std::set<std::string>& seen) {
  if (id.empty())
    r.fail("id", "is required");
  else if (!seen.insert(id).second)
    r.fail("id", "'" + id + "' is defined twice");
}

SeriesSpec parse_series(TableReader& r, const catalog::Catalog& cat, std::set<std::string>& ids) {
  SeriesSpec s;
  r.string("id", s.id);
  check_id(r, s.id, ids);
  r.string("category", s.category);
  r.string("field", s.field);
  r.string_map("where", s.where);
  r.reject_unknown();
  const catalog::Category* c = category_of(r, cat, s.category, s.where);
  if (!c) return s;
  const catalog::Field* time = c->field(c->time_field);
  if (!time || time->type != FieldType::kPeriod)
    r.fail("category", s.category + " is not dated by a period (YYYY-MM): use [[events]]");
  const catalog::Field* f = c->field(s.field);
  if (!f || !numeric(f->type))
    r.fail("field", "'" + s.field + "' is not a numeric field of " + s.category);
  else if (f->type == FieldType::kMoney)
    s.scale = 0.01;
  return s;
}

EventSpec parse_event(TableReader& r, const catalog::Catalog& cat, std::set<std::string>& ids) {
  EventSpec e;
  r.string("id", e.id);
  check_id(r, e.id, ids);
  r.string("category", e.category);
  r.string("date", e.date_field);
  r.string("value", e.value_field);
  r.number_map("value_map", e.value_map);
  r.string_map("where", e.where);
  r.reject_unknown();
  const catalog::Category* c = category_of(r, cat, e.category, e.where);
  if (!c) return e;
  e.retention_months = c->retention_years * 12;
  const catalog::Field* date = c->field(e.date_field);
  if (!date || date->type != FieldType::kDate)
    r.fail("date", "'" + e.date_field + "' is not a date field of " + e.category);
  if (e.value_field.empty()) {
    if (!e.value_map.empty()) r.fail("value_map", "needs value = \"<enum field>\"");
    return e;
  }
  const catalog::Field* f = c->field(e.value_field);
  if (!f) {
    r.fail("value", "'" + e.value_field + "' is not a field of " + e.category);
  } else if (f->type == FieldType::kEnum) {
    for (const std::string& v : f->values)
      if (std::none_of(e.value_map.begin(), e.value_map.end(),
                       [&](const auto& m) { return m.first == v; }))
        r.fail("value_map",
               "has no number for " + e.category + "." + e.value_field + " = '" + v + "'");
  } else if (!numeric(f->type)) {
    r.fail("value", "'" + e.value_field + "' is neither numeric nor an enum");
  } else if (f->type == FieldType::kMoney) {
    e.scale = 0.01;
  }
  return e;
}

template <typename Spec>
int find_id(const std::vector<Spec>& specs, std::string_view id) {
  for (size_t i = 0; i < specs.size(); ++i)
    if (specs[i].id == id) return static_cast<int>(i);
  return -1;
}

IndicatorSpec parse_indicator(TableReader& r, const IndicatorLibrary& lib,
                              std::set<std::string>& ids) {
  IndicatorSpec s;
  r.string("id", s.id);
  check_id(r, s.id, ids);
  if (!r.string("name", s.name)) r.fail("name", "is required (the Chinese name)");
  r.string("name_en", s.name_en);
  if (!r.string("category", s.category)) r.fail("category", "is required");
  r.string("unit", s.unit);
  if (!r.string("definition", s.definition)) r.fail("definition", "is required");
  r.string("source", s.source);
  std::string op;
  if (r.string("op", op)) {
    auto it = std::find_if(std::begin(kOps), std::end(kOps),
                           [&](const auto& o) { return o.first == op; });
    if (it == std::end(kOps))
      r.fail("op", "'" + op + "' is not an operation");
    else
      s.op = it->second;
  } else {
    r.fail("op", "is required");
  }
  r.integer("window", s.window, 0, 120);
  r.reject_unknown();
  const int series = find_id(lib.series, s.source);
  const int event = find_id(lib.events, s.source);
  if (is_event_op(s.op)) {
    if (event < 0) r.fail("source", "'" + s.source + "' is not an [[events]] id (op " + op + ")");
    s.source_index = static_cast<size_t>(std::max(event, 0));
  } else {
    if (series < 0) r.fail("source", "'" + s.source + "' is not a [[series]] id (op " + op + ")");
    if (s.window < 1) r.fail("window", "must be at least 1 month for a series");
    if (s.op == Op::kChange && s.window < 6) r.fail("window", "must be at least 6 for change");
    s.source_index = static_cast<size_t>(std::max(series, 0));
  }
  return s;
}

}  // namespace

bool is_event_op(Op op) {
  return op >= Op::kCount;
}

int IndicatorLibrary::indicator_index(std::string_view id) const {
  return find_id(indicators, id);
}

int IndicatorLibrary::months_needed() const {
  int months = 1;
  for (const IndicatorSpec& s : indicators)
    if (!is_event_op(s.op))
      months = std::max(months, s.op == Op::kYoyGrowth ? 2 * s.window : s.window);
  return months;
}

Result<IndicatorLibrary> parse_indicator_library(std::string_view text, std::string_view source,
                                                 const catalog::Catalog& catalog) {
  RX_ASSIGN_OR_RETURN(toml::table root, config::parse_toml(text, source, "indicator library"));
  std::vector<FieldError> errors;
  IndicatorLibrary lib;
  TableReader r(root, "", source, errors);
  if (!r.integer("version", lib.version, 1, 1'000'000)) r.fail("version", "is required");
  std::set<std::string> source_ids, indicator_ids;
  auto each = [&](const char* key, auto parse) {
    const toml::array* tables = r.table_array(key);
    if (!tables) return;
    for (size_t i = 0; i < tables->size(); ++i) {
      TableReader t(*(*tables)[i].as_table(), std::string(key) + "[" + std::to_string(i) + "].",
                    source, errors);
      parse(t);
    }
  };
  each("series",
       [&](TableReader& t) { lib.series.push_back(parse_series(t, catalog, source_ids)); });
  each("events",
       [&](TableReader& t) { lib.events.push_back(parse_event(t, catalog, source_ids)); });
  each("indicators",
       [&](TableReader& t) { lib.indicators.push_back(parse_indicator(t, lib, indicator_ids)); });
  if (lib.indicators.empty() && errors.empty())
    r.fail("indicators", "is required: at least one [[indicators]] table");
  r.reject_unknown();
  if (!errors.empty()) return config::errors_status(std::move(errors), "indicator library");
  return lib;
}

Result<IndicatorLibrary> load_indicator_library(const std::string& path,
                                                const catalog::Catalog& catalog) {
  RX_ASSIGN_OR_RETURN(std::string text, config::read_text_file(path, "indicator library"));
  return parse_indicator_library(text, path, catalog);
}

}  // namespace rx::credit
