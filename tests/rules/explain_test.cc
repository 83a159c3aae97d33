// Conditions, explanations and near misses: what a rule tells an enterprise about itself.
#include <gtest/gtest.h>

#include <string>

#include "test_schema.h"

namespace rx::rules {
namespace {

using testing::compiled;
using testing::kNaN;
using testing::row;

constexpr Truth F = Truth::kFalse;
constexpr Truth U = Truth::kUnknown;
constexpr Truth T = Truth::kTrue;

const char* const kLoanRule =
    "# 小微企业信用贷 准入条件\n"
    "size in [\"small\", \"micro\"]\n"
    "  and district == \"310107\"      # 普陀区\n"
    "  and years_operating >= 1\n"
    "  且 not dishonest_debtor\n"
    "  and (composite_grade >= \"B\" or tax_grade >= \"B\")\n";

TEST(RulesExplain, ConditionsAreTheTopLevelConjuncts) {
  Rule r = compiled(kLoanRule);
  const auto& c = r.conditions();
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].text, "size in [\"small\", \"micro\"]");
  EXPECT_EQ(c[0].line, 2);
  EXPECT_EQ(c[0].column, 1);
  EXPECT_EQ(c[0].slots, (std::vector<size_t>{0}));
  EXPECT_EQ(c[1].text, "district == \"310107\"");
  EXPECT_EQ(c[1].line, 3);
  EXPECT_EQ(c[1].column, 7);
  EXPECT_EQ(c[2].text, "years_operating >= 1");
  EXPECT_EQ(c[2].slots, (std::vector<size_t>{2}));
  EXPECT_EQ(c[3].text, "not dishonest_debtor");
  EXPECT_EQ(c[3].line, 5);
  EXPECT_EQ(c[3].column, 5);
  EXPECT_EQ(c[4].text, "(composite_grade >= \"B\" or tax_grade >= \"B\")");
  EXPECT_EQ(c[4].line, 6);
  EXPECT_EQ(c[4].column, 7);
  EXPECT_EQ(c[4].slots, (std::vector<size_t>{4, 5}));
  EXPECT_EQ(r.referenced_slots(), (std::vector<size_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(r.row_width(), 6u);
  EXPECT_EQ(r.source(), kLoanRule);
}

TEST(RulesExplain, NestedTopLevelAndsAreFlattened) {
  Rule r = compiled("(high_tech and (revenue > 1 and employees > 2)) and (years_operating > 3)");
  ASSERT_EQ(r.conditions().size(), 4u);
  EXPECT_EQ(r.conditions()[0].text, "high_tech");
  EXPECT_EQ(r.conditions()[0].column, 2);
  EXPECT_EQ(r.conditions()[1].text, "revenue > 1");
  EXPECT_EQ(r.conditions()[2].text, "employees > 2");
  EXPECT_EQ(r.conditions()[3].text, "(years_operating > 3)");
  // An `or` at the top is one condition; so is a negated `and`.
  EXPECT_EQ(compiled("high_tech or revenue > 1 and employees > 2").conditions().size(), 1u);
  EXPECT_EQ(compiled("not (high_tech and revenue > 1)").conditions().size(), 1u);
  // Slots in order of first appearance, each once.
  Rule s = compiled("revenue > employees and (employees > 1 or revenue < years_operating)");
  EXPECT_EQ(s.conditions()[1].slots, (std::vector<size_t>{7, 6, 2}));
  EXPECT_EQ(s.referenced_slots(), (std::vector<size_t>{2, 6, 7}));
  EXPECT_EQ(s.row_width(), 8u);
}

TEST(RulesExplain, ExplainShowsTruthAndValuesPerCondition) {
  Rule r = compiled(kLoanRule);
  const auto x = row({{"size", std::string_view("medium")},
                      {"district", std::string_view("310107")},
                      {"years_operating", 2.5},
                      {"dishonest_debtor", false},
                      {"composite_grade", std::string_view("C")}});
  Explanation e = r.explain(x);
  EXPECT_EQ(e.truth, F);
  ASSERT_EQ(e.conditions.size(), 5u);
  EXPECT_EQ(e.conditions[0].truth, F);
  EXPECT_EQ(e.conditions[0].text, "size in [\"small\", \"micro\"]");
  ASSERT_EQ(e.conditions[0].values.size(), 1u);
  EXPECT_EQ(e.conditions[0].values[0].slot, 0u);
  EXPECT_EQ(e.conditions[0].values[0].name, "size");
  EXPECT_EQ(e.conditions[0].values[0].value, "medium");
  EXPECT_EQ(e.conditions[1].truth, T);
  EXPECT_EQ(e.conditions[1].values[0].value, "310107");
  EXPECT_EQ(e.conditions[2].truth, T);
  EXPECT_EQ(e.conditions[2].values[0].value, "2.5");
  EXPECT_EQ(e.conditions[3].truth, T);
  EXPECT_EQ(e.conditions[3].values[0].value, "否");
  // C and a missing tax grade: false or unknown is unknown.
  EXPECT_EQ(e.conditions[4].truth, U);
  ASSERT_EQ(e.conditions[4].values.size(), 2u);
  EXPECT_EQ(e.conditions[4].values[0].value, "C");
  EXPECT_EQ(e.conditions[4].values[1].name, "tax_grade");
  EXPECT_EQ(e.conditions[4].values[1].value, std::nullopt);
  EXPECT_EQ(e.to_string(),
            "[false] size in [\"small\", \"micro\"]  (size = medium)\n"
            "[true] district == \"310107\"  (district = 310107)\n"
            "[true] years_operating >= 1  (years_operating = 2.5)\n"
            "[true] not dishonest_debtor  (dishonest_debtor = 否)\n"
            "[unknown] (composite_grade >= \"B\" or tax_grade >= \"B\")  (composite_grade = C, "
            "tax_grade = missing)\n");
  EXPECT_EQ(r.failed_conditions(x), 2);
}

TEST(RulesExplain, WhyMatched) {
  Rule r = compiled(kLoanRule);
  const auto x = row({{"size", std::string_view("micro")},
                      {"district", std::string_view("310107")},
                      {"years_operating", 12.0},
                      {"dishonest_debtor", false},
                      {"tax_grade", std::string_view("A")}});
  Explanation e = r.explain(x);
  EXPECT_EQ(e.truth, T);
  for (const auto& c : e.conditions) EXPECT_EQ(c.truth, T) << c.text;
  EXPECT_EQ(e.conditions[4].values[0].value, std::nullopt);  // composite grade unknown: or is true
  EXPECT_EQ(e.conditions[4].values[1].value, "A");
  EXPECT_EQ(r.failed_conditions(x), 0);
}

TEST(RulesExplain, FailedConditionsCountsFalseAndUnknown) {
  Rule r = compiled("years_operating >= 1 and revenue > 100 and not dishonest_debtor");
  EXPECT_EQ(r.failed_conditions(row({})), 3);
  EXPECT_EQ(r.failed_conditions(row({{"years_operating", 3.0}})), 2);
  EXPECT_EQ(r.failed_conditions(row({{"years_operating", 3.0}, {"revenue", 50.0}})), 2);
  EXPECT_EQ(r.failed_conditions(row({{"years_operating", 3.0}, {"revenue", 500.0}})), 1);
  EXPECT_EQ(r.failed_conditions(
                row({{"years_operating", 3.0}, {"revenue", 500.0}, {"dishonest_debtor", true}})),
            1);
  EXPECT_EQ(r.failed_conditions(
                row({{"years_operating", 3.0}, {"revenue", 500.0}, {"dishonest_debtor", false}})),
            0);
  // Unlike evaluate(), it looks at every condition even after one fails.
  EXPECT_EQ(r.failed_conditions(
                row({{"years_operating", 0.0}, {"revenue", 5.0}, {"dishonest_debtor", true}})),
            3);
}

TEST(RulesExplain, ValuesAreShownByType) {
  Rule r = compiled(
      "revenue > 0 and employees > 0 and high_tech and composite_grade > \"D\" and industry != "
      "\"x\"");
  const auto x = row({{"revenue", 1234.5},
                      {"employees", 1000000.0},
                      {"high_tech", true},
                      {"composite_grade", std::string_view("A")},
                      {"industry", std::string_view("信息传输、软件和信息技术服务业")}});
  Explanation e = r.explain(x);
  EXPECT_EQ(e.conditions[0].values[0].value, "1234.5");
  EXPECT_EQ(e.conditions[1].values[0].value, "1000000");
  EXPECT_EQ(e.conditions[2].values[0].value, "是");
  EXPECT_EQ(e.conditions[3].values[0].value, "A");
  EXPECT_EQ(e.conditions[4].values[0].value, "信息传输、软件和信息技术服务业");
  EXPECT_EQ(e.truth, T);
}

TEST(RulesExplain, EmptyRuleExplainsNothing) {
  Explanation e = compiled("  # nothing\n").explain(row({}));
  EXPECT_EQ(e.truth, T);
  EXPECT_TRUE(e.conditions.empty());
  EXPECT_EQ(e.to_string(), "");
  (void)kNaN;
}

TEST(RulesExplain, TruthNames) {
  EXPECT_EQ(truth_name(F), "false");
  EXPECT_EQ(truth_name(U), "unknown");
  EXPECT_EQ(truth_name(T), "true");
}

}  // namespace
}  // namespace rx::rules
