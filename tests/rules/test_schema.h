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

#include "rules/schema.h"

namespace rx::rules {

namespace testing {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline Schema make_schema() {
  using T = AttributeType;
  std::vector<Attribute> attributes = {
      {"size",
       "企业规模",
       "Enterprise size",
       "",
       T::kString,
       {"micro", "small", "medium", "large"}},
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

}  // namespace testing
}  // namespace rx::rules
