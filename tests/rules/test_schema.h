// The attribute schema the rules tests compile against, and helpers to build rows.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "rules/rule.h"
#include "rules/schema.h"

namespace rx::rules {

// Readable gtest failures.
inline void PrintTo(const Diagnostic& d, std::ostream* os) {
  *os << d.to_string();
}
inline void PrintTo(Truth t, std::ostream* os) {
  *os << truth_name(t);
}

namespace testing {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline Schema make_schema() {
  using T = AttributeType;
  const std::vector<std::string> sizes = {"micro", "small", "medium", "large"};
  std::vector<Attribute> attributes = {
      {"size", "企业规模", "Enterprise size", "", T::kString, sizes},
      {"district", "所在区", "District", "", T::kString, {}},
      {"years_operating", "经营年限", "Years in operation", "年", T::kNumber, {}},
      {"dishonest_debtor", "失信被执行人", "Dishonest judgment debtor", "", T::kBool, {}},
      {"composite_grade", "综合评价等级", "Composite grade", "", T::kGrade, {"A", "B", "C", "D"}},
      {"tax_grade", "纳税信用等级", "Tax credit grade", "", T::kGrade, {"A", "B", "M", "C", "D"}},
      {"revenue", "营业收入", "Revenue", "万元", T::kNumber, {}},
      {"employees", "从业人数", "Employees", "人", T::kNumber, {}},
      {"high_tech", "高新技术企业", "High-tech enterprise", "", T::kBool, {}},
      {"industry", "行业门类", "Industry section", "", T::kString, {}},
  };
  auto schema = Schema::create(std::move(attributes));
  EXPECT_TRUE(schema.is_ok()) << schema.status().to_string();
  return std::move(schema).value();
}

// The shared test schema; its dictionaries grow as tests intern values.
inline const Schema& schema() {
  static const Schema s = make_schema();
  return s;
}

using Value = std::variant<double, bool, std::string_view>;

// A row of the test schema: every attribute missing except the ones named.
inline std::vector<double> row(std::vector<std::pair<std::string_view, Value>> values,
                               const Schema& s = schema()) {
  std::vector<double> out(s.size(), kNaN);
  for (const auto& [name, value] : values) {
    auto slot = s.slot(name);
    EXPECT_TRUE(slot.has_value()) << name;
    if (!slot) continue;
    if (auto* d = std::get_if<double>(&value)) {
      out[*slot] = *d;
    } else if (auto* b = std::get_if<bool>(&value)) {
      out[*slot] = *b ? 1 : 0;
    } else {
      out[*slot] = s.encode(*slot, std::get<std::string_view>(value));
      EXPECT_FALSE(std::isnan(out[*slot])) << name << " = " << std::get<std::string_view>(value);
    }
  }
  return out;
}

inline Rule compiled(std::string_view source, const Schema& s = schema()) {
  auto r = compile(source, s);
  EXPECT_TRUE(r.is_ok()) << source << "\n" << r.status().to_string();
  if (!r.is_ok()) return compile("false", s).value();
  return std::move(r).value();
}

// The diagnostics of a source that must not compile.
inline std::vector<Diagnostic> errors(std::string_view source, const Schema& s = schema()) {
  std::vector<Diagnostic> out;
  auto r = compile(source, s, &out);
  EXPECT_FALSE(r.is_ok()) << "compiled: " << source;
  return out;
}

// The first diagnostic as "line L, column C: message".
inline std::string first_error(std::string_view source, const Schema& s = schema()) {
  auto e = errors(source, s);
  return e.empty() ? std::string("(no error)") : e[0].to_string();
}

inline Truth eval(std::string_view source, const std::vector<double>& r) {
  return compiled(source).evaluate(r);
}

}  // namespace testing
}  // namespace rx::rules
