#include "credit/indicator_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "credit/credit_test_support.h"

namespace rx::credit {
namespace {

using ::testing::HasSubstr;
using testing::shipped_catalog;
using testing::shipped_library;

TEST(IndicatorLibrary, TheShippedLibraryHasAtLeastThirtyIndicatorsOverTheCatalogue) {
  const IndicatorLibrary& lib = shipped_library();
  EXPECT_GE(lib.indicators.size(), 30u);
  EXPECT_EQ(lib.months_needed(), 24);  // year-on-year growth needs two years
  for (const IndicatorSpec& s : lib.indicators) {
    EXPECT_FALSE(s.name.empty()) << s.id;
    EXPECT_FALSE(s.name_en.empty()) << s.id;
    EXPECT_FALSE(s.definition.empty()) << s.id;
  }
  const EventSpec& grade =
      lib.events[lib.indicators[lib.indicator_index("tax_credit_grade")].source_index];
  EXPECT_EQ(grade.value_map.size(), 5u);
  const SeriesSpec& tax =
      lib.series[lib.indicators[lib.indicator_index("tax_paid_12m")].source_index];
  EXPECT_DOUBLE_EQ(tax.scale, 0.01);  // fen -> yuan
}

std::string problem(std::string_view toml) {
  auto lib = parse_indicator_library(toml, "lib.toml", shipped_catalog());
  EXPECT_FALSE(lib.is_ok());
  return lib.is_ok() ? "" : lib.status().to_string();
}

constexpr std::string_view kIndicator = R"(
[[indicators]]
id = "x"
name = "x"
category = "tax"
definition = "x"
source = "s"
op = "sum"
)";

TEST(IndicatorLibrary, ErrorsNameTheFileLineAndColumn) {
  const std::string unknown_category =
      problem("version = 1\n[[series]]\nid = \"s\"\ncategory = \"weather\"\nfield = \"f\"\n" +
              std::string(kIndicator));
  EXPECT_THAT(unknown_category, HasSubstr("series[0].category"));
  EXPECT_THAT(unknown_category, HasSubstr("'weather' is not in the shared catalogue"));

  EXPECT_THAT(problem("version = 1\n[[series]]\nid = \"s\"\ncategory = \"tax\"\nfield = "
                      "\"tax_type\"\n" +
                      std::string(kIndicator)),
              HasSubstr("'tax_type' is not a numeric field of tax"));
  EXPECT_THAT(problem("version = 1\n[[series]]\nid = \"s\"\ncategory = \"admin_penalty\"\nfield "
                      "= \"fine_amount\"\n" +
                      std::string(kIndicator)),
              HasSubstr("is not dated by a period"));
  EXPECT_THAT(problem("version = 1\n[[series]]\nid = \"s\"\ncategory = \"utilities\"\nfield = "
                      "\"usage\"\nwhere = { utility = \"steam\" }\n" +
                      std::string(kIndicator)),
              HasSubstr("'steam' is not a value of utilities.utility"));
  EXPECT_THAT(problem("version = 1\n[[series]]\nid = \"s\"\ncategory = \"tax\"\nfield = "
                      "\"tax_paid_amount\"\ncolour = 1\n" +
                      std::string(kIndicator)),
              HasSubstr("lib.toml:6:1: unknown key"));
  EXPECT_THAT(problem("version = 1\n[[events]]\nid = \"g\"\ncategory = \"tax_credit_grade\"\ndate "
                      "= \"evaluated_on\"\nvalue = \"grade\"\nvalue_map = { A = 5 }\n" +
                      std::string(kIndicator)),
              HasSubstr("has no number for tax_credit_grade.grade = 'B'"));
}

TEST(IndicatorLibrary, IndicatorsMustUseAKnownOperationOnTheRightKindOfSource) {
  const std::string series =
      "version = 1\n[[series]]\nid = \"s\"\ncategory = \"tax\"\nfield = \"tax_paid_amount\"\n";
  std::string bad_op = std::string(kIndicator);
  bad_op.replace(bad_op.find("\"sum\""), 5, "\"median\"");
  EXPECT_THAT(problem(series + bad_op), HasSubstr("'median' is not an operation"));
  std::string count = std::string(kIndicator);
  count.replace(count.find("\"sum\""), 5, "\"count\"");
  EXPECT_THAT(problem(series + count), HasSubstr("'s' is not an [[events]] id (op count)"));
  EXPECT_THAT(problem(series + std::string(kIndicator) + "window = 0\n"),
              HasSubstr("must be at least 1 month for a series"));
  EXPECT_THAT(problem(series + std::string(kIndicator) + std::string(kIndicator)),
              HasSubstr("'x' is defined twice"));
  EXPECT_THAT(problem("version = 1\n"), HasSubstr("at least one [[indicators]]"));
}

}  // namespace
}  // namespace rx::credit
