// The attribute schema: validation, slots, and how values are encoded into rows and shown.
#include "rules/schema.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "test_schema.h"

namespace rx::rules {
namespace {

using testing::kNaN;
using T = AttributeType;

TEST(RulesSchema, SlotsFollowTheOrderGiven) {
  Schema s = testing::make_schema();
  EXPECT_EQ(s.size(), 10u);
  EXPECT_EQ(s.slot("size"), 0u);
  EXPECT_EQ(s.slot("years_operating"), 2u);
  EXPECT_EQ(s.slot("industry"), 9u);
  EXPECT_EQ(s.slot("nope"), std::nullopt);
  EXPECT_EQ(s.attribute(2).label_zh, "经营年限");
  EXPECT_EQ(s.attribute(2).label_en, "Years in operation");
  EXPECT_EQ(s.attribute(2).unit, "年");
  EXPECT_EQ(s.attribute(4).type, T::kGrade);
  EXPECT_EQ(type_name(T::kNumber), "number");
  EXPECT_EQ(type_name(T::kBool), "bool");
  EXPECT_EQ(type_name(T::kString), "string");
  EXPECT_EQ(type_name(T::kGrade), "grade");
}

TEST(RulesSchema, ValidationReportsEveryProblem) {
  auto r = Schema::create({
      {"ok", "好", "Ok", "", T::kNumber, {}},
      {"Bad-Name", "坏", "Bad", "", T::kNumber, {}},
      {"ok", "重复", "Dup", "", T::kBool, {}},
      {"and", "关键字", "Keyword", "", T::kBool, {}},
      {"no_labels", "", "", "", T::kNumber, {}},
      {"grade_without_scale", "等级", "Grade", "", T::kGrade, {}},
      {"number_with_values", "数", "Number", "", T::kNumber, {"1"}},
      {"twice", "两次", "Twice", "", T::kString, {"a", "b", "a"}},
  });
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  const auto& d = r.status().details();
  ASSERT_EQ(d.size(), 8u);
  EXPECT_EQ(d[0].field, "attributes[1].name");
  EXPECT_EQ(d[1], (FieldError{"attributes[2].name", "'ok' is already the name of attributes[0]"}));
  EXPECT_EQ(d[2].field, "attributes[3].name");
  EXPECT_EQ(d[3], (FieldError{"attributes[4].label_zh", "is required"}));
  EXPECT_EQ(d[4], (FieldError{"attributes[4].label_en", "is required"}));
  EXPECT_EQ(d[5], (FieldError{"attributes[5].values", "a grade needs its scale, best first"}));
  EXPECT_EQ(d[6],
            (FieldError{"attributes[6].values", "only string and grade attributes have values"}));
  EXPECT_EQ(d[7], (FieldError{"attributes[7].values", "'a' is listed twice"}));
  EXPECT_EQ(r.status().message(),
            "invalid rule schema: attributes[1].name 'Bad-Name' is not a valid name: lower-case "
            "[a-z_][a-z0-9_]*, not a keyword (and, or, not, in, true, false)");
}

TEST(RulesSchema, AttributeNames) {
  EXPECT_TRUE(valid_attribute_name("a"));
  EXPECT_TRUE(valid_attribute_name("_private"));
  EXPECT_TRUE(valid_attribute_name("years_operating_2"));
  EXPECT_TRUE(valid_attribute_name("android"));  // starts like a keyword
  EXPECT_FALSE(valid_attribute_name(""));
  EXPECT_FALSE(valid_attribute_name("2years"));
  EXPECT_FALSE(valid_attribute_name("Years"));
  EXPECT_FALSE(valid_attribute_name("a-b"));
  EXPECT_FALSE(valid_attribute_name("经营年限"));
  for (std::string_view keyword : {"and", "or", "not", "in", "true", "false"}) {
    EXPECT_FALSE(valid_attribute_name(keyword)) << keyword;
  }
}

TEST(RulesSchema, GradesRankBetterHigher) {
  Schema s = testing::make_schema();
  const size_t composite = *s.slot("composite_grade");
  EXPECT_EQ(s.encode(composite, "A"), 3);
  EXPECT_EQ(s.encode(composite, "B"), 2);
  EXPECT_EQ(s.encode(composite, "C"), 1);
  EXPECT_EQ(s.encode(composite, "D"), 0);
  EXPECT_TRUE(std::isnan(s.encode(composite, "E")));
  EXPECT_TRUE(std::isnan(s.encode(composite, "a")));
  const size_t tax = *s.slot("tax_grade");
  EXPECT_GT(s.encode(tax, "B"), s.encode(tax, "M"));
  EXPECT_GT(s.encode(tax, "M"), s.encode(tax, "C"));
  for (std::string_view g : {"A", "B", "M", "C", "D"}) {
    EXPECT_EQ(s.decode(tax, s.encode(tax, g)), g);
  }
  EXPECT_EQ(s.decode(tax, 7), "#7");
  EXPECT_EQ(s.decode(tax, 1.5), "#1.5");
}

TEST(RulesSchema, ClosedStringSetsHaveFixedCodes) {
  Schema s = testing::make_schema();
  const size_t size = *s.slot("size");
  EXPECT_EQ(s.encode(size, "micro"), 0);
  EXPECT_EQ(s.encode(size, "large"), 3);
  EXPECT_TRUE(std::isnan(s.encode(size, "huge")));  // never interned
  EXPECT_TRUE(std::isnan(s.encode(size, "huge")));
  EXPECT_EQ(s.find(size, "small"), 1);
  EXPECT_EQ(s.find(size, "huge"), std::nullopt);
  EXPECT_EQ(s.decode(size, 1), "small");
  EXPECT_EQ(s.decode(size, 4), "#4");
}

TEST(RulesSchema, OpenStringSetsInternOnDemand) {
  Schema s = testing::make_schema();
  const size_t district = *s.slot("district");
  EXPECT_EQ(s.find(district, "310107"), std::nullopt);
  const double a = s.encode(district, "310107");
  const double b = s.encode(district, "310104");
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 1);
  EXPECT_EQ(s.encode(district, "310107"), a);
  EXPECT_EQ(s.find(district, "310104"), b);
  EXPECT_EQ(s.decode(district, a), "310107");
  EXPECT_EQ(s.decode(district, b), "310104");
  EXPECT_EQ(s.decode(district, 2), "#2");
  EXPECT_EQ(s.decode(district, -1), "#-1");
  EXPECT_EQ(s.encode(district, ""), 2);  // the empty string is a value like any other
}

TEST(RulesSchema, EncodeOfOtherTypesIsMissing) {
  Schema s = testing::make_schema();
  EXPECT_TRUE(std::isnan(s.encode(*s.slot("years_operating"), "3")));
  EXPECT_TRUE(std::isnan(s.encode(*s.slot("high_tech"), "true")));
  EXPECT_EQ(s.find(*s.slot("high_tech"), "true"), std::nullopt);
}

TEST(RulesSchema, DisplayText) {
  Schema s = testing::make_schema();
  const size_t years = *s.slot("years_operating");
  EXPECT_EQ(s.display(years, 3), "3");
  EXPECT_EQ(s.display(years, 1.5), "1.5");
  EXPECT_EQ(s.display(years, -0.25), "-0.25");
  EXPECT_EQ(s.display(years, 1000000), "1000000");
  EXPECT_EQ(s.display(years, 0.1), "0.1");
  EXPECT_EQ(s.display(years, -0.0), "0");
  EXPECT_EQ(s.display(years, 123456789.125), "123456789.125");
  EXPECT_EQ(s.display(years, 1e20), "1e+20");
  EXPECT_EQ(s.display(years, std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(s.display(years, kNaN), std::nullopt);
  EXPECT_EQ(s.decode(years, kNaN), "");
  const size_t tech = *s.slot("high_tech");
  EXPECT_EQ(s.display(tech, 1), "是");
  EXPECT_EQ(s.display(tech, 0), "否");
  EXPECT_EQ(s.display(tech, kNaN), std::nullopt);
  EXPECT_EQ(s.display(*s.slot("composite_grade"), 2), "B");
  EXPECT_EQ(s.display(*s.slot("size"), 0), "micro");
}

TEST(RulesSchema, DictionariesAreSafeAcrossThreads) {
  Schema s = testing::make_schema();
  const size_t industry = *s.slot("industry");
  std::vector<std::thread> threads;
  std::vector<std::vector<double>> codes(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        codes[static_cast<size_t>(t)].push_back(s.encode(industry, std::to_string(i % 500)));
        (void)s.decode(industry, static_cast<double>(i % 700));
      }
    });
  }
  for (auto& th : threads) th.join();
  // Every thread saw the same code for the same text, and codes are dense.
  for (int i = 0; i < 2000; ++i) {
    const double c = codes[0][static_cast<size_t>(i)];
    for (int t = 1; t < 4; ++t) EXPECT_EQ(codes[static_cast<size_t>(t)][static_cast<size_t>(i)], c);
    EXPECT_EQ(s.decode(industry, c), std::to_string(i % 500));
  }
  EXPECT_EQ(s.find(industry, "499").has_value(), true);
  EXPECT_EQ(s.decode(industry, 500), "#500");
}

}  // namespace
}  // namespace rx::rules
