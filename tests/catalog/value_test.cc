#include "catalog/value.h"

#include <gtest/gtest.h>

namespace rx::catalog {
namespace {

Field field(FieldType type) {
  Field f;
  f.name = "x";
  f.label = "x";
  f.type = type;
  return f;
}

// The canonical JSON, or "!" + the reason.
std::string render(const Field& f, std::string_view cell) {
  std::string json = "prefix:";
  auto bad = append_value(f, cell, json);
  if (bad) {
    EXPECT_EQ(json, "prefix:") << "output changed on error";
    return "!" + *bad;
  }
  return json.substr(7);
}

TEST(CatalogValue, MoneyIsYuanInTheFileAndFenStored) {
  Field f = field(FieldType::kMoney);
  f.min = 0;
  EXPECT_EQ(render(f, "1234.56"), "123456");
  EXPECT_EQ(render(f, " 12.5 "), "1250");
  EXPECT_EQ(render(f, "12.345"),
            "!must be an amount in yuan with at most 2 decimals, e.g. 1234.56");
  EXPECT_EQ(render(f, "-1"), "!is below the minimum 0");
  EXPECT_EQ(render(f, "1e5"), "!must be an amount in yuan with at most 2 decimals, e.g. 1234.56");
}

TEST(CatalogValue, IntegersAndRanges) {
  Field f = field(FieldType::kInteger);
  f.min = 0;
  f.max = 100000;
  EXPECT_EQ(render(f, "42"), "42");
  EXPECT_EQ(render(f, "100001"), "!is above the maximum 100000");
  EXPECT_EQ(render(f, "4.2"), "!must be an integer");
  EXPECT_EQ(render(f, "99999999999999999999"), "!is outside the 64-bit integer range");
}

TEST(CatalogValue, DecimalsAreCanonical) {
  Field f = field(FieldType::kDecimal);
  f.scale = 3;
  EXPECT_EQ(render(f, "012.500"), "\"12.5\"");
  EXPECT_EQ(render(f, "-0.000"), "\"0\"");
  EXPECT_EQ(render(f, "7"), "\"7\"");
  EXPECT_EQ(render(f, "1.2345"), "!has 4 decimals; this field allows at most 3");
  EXPECT_EQ(render(f, "1."), "!must be a decimal number such as 12.5");
  EXPECT_EQ(render(f, "abc"), "!must be a decimal number such as 12.5");
}

TEST(CatalogValue, DatesPeriodsEnumsBooleans) {
  EXPECT_EQ(render(field(FieldType::kDate), "2024-02-29"), "\"2024-02-29\"");
  EXPECT_EQ(render(field(FieldType::kDate), "2023-02-29"),
            "!must be a date YYYY-MM-DD that exists");
  EXPECT_EQ(render(field(FieldType::kPeriod), "2024-12"), "\"2024-12\"");
  EXPECT_EQ(render(field(FieldType::kPeriod), "2024-13"),
            "!must be a period YYYY-MM with month 01 to 12");
  EXPECT_EQ(render(field(FieldType::kPeriod), "202412"),
            "!must be a period YYYY-MM with month 01 to 12");
  Field e = field(FieldType::kEnum);
  e.values = {"A", "B", "M"};
  EXPECT_EQ(render(e, "M"), "\"M\"");
  EXPECT_EQ(render(e, "a"), "!is not one of: A, B, M");
  EXPECT_EQ(render(field(FieldType::kBoolean), "是"), "true");
  EXPECT_EQ(render(field(FieldType::kBoolean), "0"), "false");
  EXPECT_EQ(render(field(FieldType::kBoolean), "maybe"),
            "!must be true or false (also 1/0, 是/否, Y/N)");
}

TEST(CatalogValue, UsccIsFullyChecked) {
  EXPECT_EQ(render(field(FieldType::kUscc), "914403001922038216"), "\"914403001922038216\"");
  std::string bad = render(field(FieldType::kUscc), "914403001922038217");
  ASSERT_EQ(bad.substr(0, 1), "!");
  EXPECT_NE(bad.find("18"), std::string::npos) << bad;  // names the check character's position
}

TEST(CatalogValue, TextIsCheckedAndEscaped) {
  Field s = field(FieldType::kString);
  s.max_length = 5;
  EXPECT_EQ(render(s, "上海\"a\\"), "\"上海\\\"a\\\\\"");
  EXPECT_EQ(render(s, "六个汉字啊啊"), "!has 6 characters; at most 5 allowed");
  EXPECT_EQ(render(s, std::string("a\xff", 2)), "!not valid UTF-8");
  EXPECT_EQ(render(s, std::string("a\0b", 3)), "!contains a NUL character");
  EXPECT_EQ(render(s, "a\tb"), "\"a\\tb\"");
}

TEST(CatalogValue, EmptyIsNullUnlessRequired) {
  Field f = field(FieldType::kInteger);
  EXPECT_EQ(render(f, ""), "null");
  EXPECT_EQ(render(f, "   "), "null");
  f.required = true;
  EXPECT_EQ(render(f, ""), "!is required");
}

}  // namespace
}  // namespace rx::catalog
