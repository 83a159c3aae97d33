// Type rules: which comparisons are allowed for each attribute type, and the errors for the
// rest, all reported at once with their positions.
#include <gtest/gtest.h>

#include <string>

#include "test_schema.h"

namespace rx::rules {
namespace {

using testing::compiled;
using testing::errors;
using testing::first_error;

TEST(RulesTypes, AllowedForms) {
  for (std::string_view source : {
           "years_operating >= 1",
           "1 <= years_operating",
           "years_operating in [1, 2, 3]",
           "revenue > years_operating",
           "high_tech",
           "not high_tech",
           "high_tech == true",
           "false != high_tech",
           "high_tech == dishonest_debtor",
           "high_tech != (revenue > 1)",
           "(revenue > 1) == (employees > 2)",
           "(revenue > 1) == false",
           "size == \"small\"",
           "\"small\" != size",
           "size in [\"small\", \"micro\"]",
           "size not in [\"large\"]",
           "district == \"310107\"",
           "composite_grade >= \"B\"",
           "\"B\" > composite_grade",
           "tax_grade in [\"A\", \"M\"]",
           "true",
           "false or high_tech",
       }) {
    EXPECT_TRUE(compile(source, testing::schema()).is_ok())
        << source << ": " << compile(source, testing::schema()).status().to_string();
  }
}

TEST(RulesTypes, NumberErrors) {
  EXPECT_EQ(first_error("years_operating == \"3\""),
            "line 1, column 20: 'years_operating' is a number; compare it with a number, not "
            "'\"3\"'");
  EXPECT_EQ(first_error("years_operating == true"),
            "line 1, column 20: 'years_operating' is a number; compare it with a number, not "
            "'true'");
  EXPECT_EQ(first_error("years_operating in [\"a\"]"),
            "line 1, column 21: 'years_operating' is a number; its list holds numbers, not "
            "'\"a\"'");
  EXPECT_EQ(first_error("years_operating"),
            "line 1, column 1: 'years_operating' is a number, not a condition; compare it, as "
            "in years_operating >= 1");
  EXPECT_EQ(first_error("revenue > composite_grade"),
            "line 1, column 9: cannot compare 'revenue' (number) with 'composite_grade' "
            "(grade)");
  EXPECT_EQ(first_error("revenue == (employees > 1)"),
            "line 1, column 9: cannot compare 'revenue' (number) with a condition");
}

TEST(RulesTypes, StringErrors) {
  EXPECT_EQ(first_error("size < \"small\""),
            "line 1, column 6: 'size' is a string; strings have no order, so use ==, != or in, "
            "not '<'");
  EXPECT_EQ(first_error("size == 1"),
            "line 1, column 9: 'size' is a string; compare it with a string in double quotes, "
            "not '1'");
  EXPECT_EQ(first_error("size == \"big\""),
            "line 1, column 9: \"big\" is not an allowed value of 'size'; allowed: \"micro\", "
            "\"small\", \"medium\", \"large\"");
  EXPECT_EQ(first_error("size in [\"small\", \"Micro\"]"),
            "line 1, column 19: \"Micro\" is not an allowed value of 'size'; allowed: "
            "\"micro\", \"small\", \"medium\", \"large\"; did you mean \"micro\"?");
  EXPECT_EQ(first_error("size in [\"smal\"]"),
            "line 1, column 10: \"smal\" is not an allowed value of 'size'; allowed: \"micro\", "
            "\"small\", \"medium\", \"large\"; did you mean \"small\"?");
  EXPECT_EQ(first_error("size"),
            "line 1, column 1: 'size' is a string, not a condition; compare it, as in size == "
            "\"micro\"");
  EXPECT_EQ(first_error("district"),
            "line 1, column 1: 'district' is a string, not a condition; compare it, as in "
            "district == \"...\"");
  EXPECT_EQ(first_error("size == district"),
            "line 1, column 6: cannot compare 'size' (string) with 'district' (string); a "
            "string attribute is compared with a value in double quotes");
  EXPECT_EQ(first_error("\"small\" in [\"small\"]"),
            "line 1, column 1: the left side of 'in' must be an attribute, not '\"small\"'");
  // An open set accepts any literal.
  EXPECT_TRUE(compile("district in [\"新值\", \"310107\"]", testing::schema()).is_ok());
}

TEST(RulesTypes, GradeErrors) {
  EXPECT_EQ(first_error("composite_grade >= 2"),
            "line 1, column 20: 'composite_grade' is a grade; compare it with a grade in "
            "double quotes, not '2'");
  EXPECT_EQ(first_error("composite_grade >= \"M\""),
            "line 1, column 20: \"M\" is not a grade of 'composite_grade'; its grades, best "
            "first: \"A\", \"B\", \"C\", \"D\"");
  EXPECT_EQ(first_error("composite_grade >= \"b\""),
            "line 1, column 20: \"b\" is not a grade of 'composite_grade'; its grades, best "
            "first: \"A\", \"B\", \"C\", \"D\"; did you mean \"B\"?");
  EXPECT_EQ(first_error("composite_grade == tax_grade"),
            "line 1, column 17: cannot compare 'composite_grade' (grade) with 'tax_grade' "
            "(grade); a grade attribute is compared with a value in double quotes");
  EXPECT_EQ(first_error("composite_grade"),
            "line 1, column 1: 'composite_grade' is a grade, not a condition; compare it, as "
            "in composite_grade >= \"B\"");
  EXPECT_EQ(first_error("tax_grade in [\"A\", 1]"),
            "line 1, column 20: 'tax_grade' is a grade; its list holds grades in double "
            "quotes, not '1'");
}

TEST(RulesTypes, BoolErrors) {
  EXPECT_EQ(first_error("high_tech > false"),
            "line 1, column 11: 'high_tech' is a bool; it can only be compared with == or !=, "
            "not '>'");
  EXPECT_EQ(first_error("high_tech == 1"),
            "line 1, column 14: 'high_tech' is a bool; compare it with true or false, not '1'");
  EXPECT_EQ(first_error("high_tech in [true]"),
            "line 1, column 11: 'high_tech' is a bool; compare it with == true or == false, not "
            "'in'");
  EXPECT_EQ(first_error("high_tech not in [true]"),
            "line 1, column 11: 'high_tech' is a bool; compare it with == true or == false, not "
            "'not in'");
  EXPECT_EQ(first_error("(revenue > 1) < (employees > 1)"),
            "line 1, column 15: conditions can only be compared with == or !=, not '<'");
  EXPECT_EQ(first_error("(revenue > 1) == 1"),
            "line 1, column 18: a condition can only be compared with true or false, not '1'");
}

TEST(RulesTypes, LiteralsAndNonConditions) {
  EXPECT_EQ(first_error("1 == 1"),
            "line 1, column 1: compares two values ('1' and '1'); one side must be an "
            "attribute");
  EXPECT_EQ(first_error("true == false"),
            "line 1, column 1: compares two values ('true' and 'false'); one side must be an "
            "attribute");
  EXPECT_EQ(first_error("\"a\" != \"b\""),
            "line 1, column 1: compares two values ('\"a\"' and '\"b\"'); one side must be an "
            "attribute");
  EXPECT_EQ(first_error("42"),
            "line 1, column 1: the number '42' is not a condition; compare an attribute with it");
  EXPECT_EQ(first_error("high_tech and \"x\""),
            "line 1, column 15: the string '\"x\"' is not a condition; compare an attribute "
            "with it");
  EXPECT_EQ(first_error("not (years_operating)"),
            "line 1, column 5: 'years_operating' is a number, not a condition; compare it, as "
            "in years_operating >= 1");
}

TEST(RulesTypes, UnknownAttributesSuggestTheClosestName) {
  EXPECT_EQ(first_error("year_operating >= 1"),
            "line 1, column 1: unknown attribute 'year_operating'; did you mean "
            "'years_operating'?");
  EXPECT_EQ(first_error("Size == \"small\""),
            "line 1, column 1: unknown attribute 'Size'; did you mean 'size'?");
  EXPECT_EQ(first_error("high_teck"),
            "line 1, column 1: unknown attribute 'high_teck'; did you mean 'high_tech'?");
  EXPECT_EQ(first_error("registered_capital > 100"),
            "line 1, column 1: unknown attribute 'registered_capital'");
  EXPECT_EQ(first_error("x > 1"), "line 1, column 1: unknown attribute 'x'");
}

TEST(RulesTypes, EveryTypeErrorIsReported) {
  const std::string source =
      "size == \"big\"\n"
      "and years_operating >= \"1\"\n"
      "and (composite_grade >= \"E\" or employes > 10)\n"
      "and high_tech > true\n"
      "and revenue in [1, \"2\", 3, \"4\"]\n";
  auto e = errors(source);
  ASSERT_EQ(e.size(), 7u);
  EXPECT_EQ(e[0].line, 1);
  EXPECT_EQ(e[0].column, 9);
  EXPECT_EQ(e[1].line, 2);
  EXPECT_EQ(e[1].column, 24);
  EXPECT_EQ(e[2].line, 3);
  EXPECT_EQ(e[2].column, 25);
  EXPECT_EQ(e[3], (Diagnostic{3, 32, "unknown attribute 'employes'; did you mean 'employees'?"}));
  EXPECT_EQ(e[4].line, 4);
  EXPECT_EQ(e[4].column, 15);
  EXPECT_EQ(e[5].line, 5);
  EXPECT_EQ(e[5].column, 20);
  EXPECT_EQ(e[6].line, 5);
  EXPECT_EQ(e[6].column, 28);
  // The status lists them all and names the first.
  auto r = compile(source, testing::schema());
  EXPECT_EQ(r.status().details().size(), 7u);
  EXPECT_EQ(r.status().message(), e[0].to_string());
  EXPECT_EQ(r.status().details()[3].field, "line 3, column 32");
}

TEST(RulesTypes, ErrorsAreInSourceOrderAndQuoteShortly) {
  // Every type error, in source order, each at its own position.
  auto e = errors("(revenue > 1) < (foo > 1 and size == \"big\")");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].column, 18);
  EXPECT_EQ(e[1].column, 38);
  // Long user text is cut in messages, at a character boundary.
  const std::string long_value(30, 'x');
  EXPECT_EQ(first_error("size == \"" + long_value + "中文中文中文\""),
            "line 1, column 9: \"" + long_value +
                "中文中...\" is not an allowed value of 'size'; allowed: \"micro\", \"small\", "
                "\"medium\", \"large\"");
  EXPECT_EQ(first_error(std::string(100, 'q') + " > 1"),
            "line 1, column 1: unknown attribute '" + std::string(40, 'q') + "...'");
  EXPECT_EQ(first_error("years_operating − 1"),
            "line 1, column 17: full-width or typographic '−'; write '-' instead");
}

TEST(RulesTypes, OperandsInParenthesesKeepTheirType) {
  Rule r = compiled("(years_operating) >= (1)");
  EXPECT_EQ(r.evaluate(testing::row({{"years_operating", 1.0}})), Truth::kTrue);
  EXPECT_EQ(first_error("(size) > \"small\""),
            "line 1, column 8: 'size' is a string; strings have no order, so use ==, != or in, "
            "not '>'");
}

}  // namespace
}  // namespace rx::rules
