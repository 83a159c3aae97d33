// Evaluation: every operator on every type, grade order, and Kleene's three-valued logic.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "test_schema.h"

namespace rx::rules {
namespace {

using testing::compiled;
using testing::eval;
using testing::kNaN;
using testing::row;

constexpr Truth F = Truth::kFalse;
constexpr Truth U = Truth::kUnknown;
constexpr Truth T = Truth::kTrue;

std::vector<double> years(double v) {
  return row({{"years_operating", v}});
}

TEST(RulesEvaluate, NumberComparisons) {
  struct Case {
    std::string_view source;
    Truth at_0, at_1, at_2;
  };
  for (const Case& c : std::vector<Case>{
           {"years_operating == 1", F, T, F},
           {"years_operating != 1", T, F, T},
           {"years_operating < 1", T, F, F},
           {"years_operating <= 1", T, T, F},
           {"years_operating > 1", F, F, T},
           {"years_operating >= 1", F, T, T},
           {"1 == years_operating", F, T, F},
           {"1 != years_operating", T, F, T},
           {"1 < years_operating", F, F, T},
           {"1 <= years_operating", F, T, T},
           {"1 > years_operating", T, F, F},
           {"1 >= years_operating", T, T, F},
           {"not years_operating < 1", F, T, T},
           {"not (years_operating >= 1)", T, F, F},
           {"years_operating in [0, 2]", T, F, T},
           {"years_operating not in [0, 2]", F, T, F},
       }) {
    Rule r = compiled(c.source);
    EXPECT_EQ(r.evaluate(years(0)), c.at_0) << c.source;
    EXPECT_EQ(r.evaluate(years(1)), c.at_1) << c.source;
    EXPECT_EQ(r.evaluate(years(2)), c.at_2) << c.source;
    // Every comparison with a missing value is unknown, negated or not.
    EXPECT_EQ(r.evaluate(years(kNaN)), U) << c.source;
  }
  EXPECT_EQ(eval("years_operating >= 0.5", years(0.5)), T);
  EXPECT_EQ(eval("years_operating > -1.25", years(-1.24)), T);
}

TEST(RulesEvaluate, AttributeAgainstAttribute) {
  auto r = [](double rev, double emp) { return row({{"revenue", rev}, {"employees", emp}}); };
  EXPECT_EQ(eval("revenue > employees", r(2, 1)), T);
  EXPECT_EQ(eval("revenue > employees", r(1, 1)), F);
  EXPECT_EQ(eval("revenue >= employees", r(1, 1)), T);
  EXPECT_EQ(eval("revenue < employees", r(1, 2)), T);
  EXPECT_EQ(eval("revenue <= employees", r(3, 2)), F);
  EXPECT_EQ(eval("revenue == employees", r(2, 2)), T);
  EXPECT_EQ(eval("revenue != employees", r(2, 2)), F);
  EXPECT_EQ(eval("not revenue != employees", r(2, 2)), T);
  for (std::string_view op : {"==", "!=", "<", "<=", ">", ">="}) {
    const std::string source = "revenue " + std::string(op) + " employees";
    EXPECT_EQ(eval(source, r(kNaN, 1)), U) << source;
    EXPECT_EQ(eval(source, r(1, kNaN)), U) << source;
    EXPECT_EQ(eval("not (" + source + ")", r(1, kNaN)), U) << source;
  }
}

TEST(RulesEvaluate, GradesCompareByRankBetterIsGreater) {
  auto grade = [](std::string_view g) { return row({{"composite_grade", g}}); };
  Rule at_least_b = compiled("composite_grade >= \"B\"");
  EXPECT_EQ(at_least_b.evaluate(grade("A")), T);
  EXPECT_EQ(at_least_b.evaluate(grade("B")), T);
  EXPECT_EQ(at_least_b.evaluate(grade("C")), F);
  EXPECT_EQ(at_least_b.evaluate(grade("D")), F);
  EXPECT_EQ(at_least_b.evaluate(row({})), U);
  Rule better_than_c = compiled("composite_grade > \"C\"");
  EXPECT_EQ(better_than_c.evaluate(grade("B")), T);
  EXPECT_EQ(better_than_c.evaluate(grade("C")), F);
  Rule worse_than_b = compiled("composite_grade < \"B\"");
  EXPECT_EQ(worse_than_b.evaluate(grade("C")), T);
  EXPECT_EQ(worse_than_b.evaluate(grade("A")), F);
  EXPECT_EQ(eval("composite_grade <= \"C\"", grade("D")), T);
  EXPECT_EQ(eval("composite_grade == \"C\"", grade("C")), T);
  EXPECT_EQ(eval("composite_grade != \"C\"", grade("C")), F);
  EXPECT_EQ(eval("composite_grade in [\"A\", \"D\"]", grade("D")), T);
  EXPECT_EQ(eval("composite_grade not in [\"A\", \"D\"]", grade("B")), T);
  EXPECT_EQ(eval("\"B\" <= composite_grade", grade("A")), T);

  // The tax credit scale has M between B and C.
  auto tax = [](std::string_view g) { return row({{"tax_grade", g}}); };
  Rule tax_m = compiled("tax_grade >= \"M\"");
  EXPECT_EQ(tax_m.evaluate(tax("A")), T);
  EXPECT_EQ(tax_m.evaluate(tax("B")), T);
  EXPECT_EQ(tax_m.evaluate(tax("M")), T);
  EXPECT_EQ(tax_m.evaluate(tax("C")), F);
  EXPECT_EQ(tax_m.evaluate(tax("D")), F);
  EXPECT_EQ(eval("tax_grade > \"C\"", tax("M")), T);
  EXPECT_EQ(eval("tax_grade < \"B\"", tax("M")), T);
}

TEST(RulesEvaluate, Strings) {
  auto size = [](std::string_view s) { return row({{"size", s}}); };
  EXPECT_EQ(eval("size == \"small\"", size("small")), T);
  EXPECT_EQ(eval("size == \"small\"", size("micro")), F);
  EXPECT_EQ(eval("size != \"small\"", size("micro")), T);
  EXPECT_EQ(eval("size != \"small\"", row({})), U);
  EXPECT_EQ(eval("size in [\"small\", \"micro\"]", size("micro")), T);
  EXPECT_EQ(eval("size in [\"small\", \"micro\"]", size("large")), F);
  EXPECT_EQ(eval("size in [\"small\", \"micro\"]", row({})), U);
  EXPECT_EQ(eval("size not in [\"small\", \"micro\"]", size("large")), T);
  EXPECT_EQ(eval("size not in [\"small\", \"micro\"]", size("small")), F);
  EXPECT_EQ(eval("size not in [\"small\", \"micro\"]", row({})), U);
  EXPECT_EQ(eval("not size in [\"small\"]", size("small")), F);
  EXPECT_EQ(eval("size in [\"small\", \"small\"]", size("small")), T);  // duplicates are fine

  // Open sets: a literal first seen in a rule gets a code that data later shares.
  Rule r = compiled("industry == \"制造业-rule-first\"");
  EXPECT_EQ(r.evaluate(row({{"industry", std::string_view("制造业-rule-first")}})), T);
  EXPECT_EQ(r.evaluate(row({{"industry", std::string_view("批发和零售业")}})), F);
}

TEST(RulesEvaluate, LongListsUseBinarySearch) {
  std::string source = "district in [";
  for (int i = 0; i < 50; ++i) source += "\"31" + std::to_string(1000 + i * 2) + "\", ";
  source += "]";
  Rule r = compiled(source);
  for (int i = 0; i < 100; ++i) {
    const std::string code = "31" + std::to_string(1000 + i);
    EXPECT_EQ(r.evaluate(row({{"district", std::string_view(code)}})), i % 2 == 0 ? T : F) << code;
  }
  std::string numbers = "employees not in [";
  for (int i = 40; i > 0; --i) numbers += std::to_string(i * 3) + ",";
  numbers += "]";
  Rule n = compiled(numbers);
  for (int e = 0; e < 130; ++e) {
    const bool listed = e > 0 && e % 3 == 0 && e <= 120;
    EXPECT_EQ(n.evaluate(row({{"employees", static_cast<double>(e)}})), listed ? F : T) << e;
  }
  EXPECT_EQ(n.evaluate(row({})), U);
}

TEST(RulesEvaluate, Booleans) {
  auto tech = [](double v) { return row({{"high_tech", v}}); };
  struct Case {
    std::string_view source;
    Truth when_false, when_true;
  };
  for (const Case& c : std::vector<Case>{
           {"high_tech", F, T},
           {"not high_tech", T, F},
           {"not not high_tech", F, T},
           {"high_tech == true", F, T},
           {"high_tech == false", T, F},
           {"high_tech != true", T, F},
           {"high_tech != false", F, T},
           {"true == high_tech", F, T},
           {"false != high_tech", F, T},
           {"(high_tech) == true", F, T},
           {"(high_tech or false) == true", F, T},
           {"(high_tech and true) != false", F, T},
       }) {
    EXPECT_EQ(eval(c.source, tech(0)), c.when_false) << c.source;
    EXPECT_EQ(eval(c.source, tech(1)), c.when_true) << c.source;
    EXPECT_EQ(eval(c.source, tech(kNaN)), U) << c.source;
  }
  // Any non-zero value is true.
  EXPECT_EQ(eval("high_tech", tech(2)), T);
  EXPECT_EQ(eval("high_tech", tech(-1)), T);
  EXPECT_EQ(eval("true", row({})), T);
  EXPECT_EQ(eval("false", row({})), F);
  EXPECT_EQ(eval("not true", row({})), F);
  EXPECT_EQ(eval("true and false", row({})), F);
  EXPECT_EQ(eval("true or false", row({})), T);
}

// Kleene's strong three-valued logic over two bool attributes, all nine combinations.
TEST(RulesEvaluate, KleeneTruthTables) {
  const double values[] = {0, kNaN, 1};  // F, U, T
  const Truth truths[] = {F, U, T};
  const Truth kAnd[3][3] = {{F, F, F}, {F, U, U}, {F, U, T}};
  const Truth kOr[3][3] = {{F, U, T}, {U, U, T}, {T, T, T}};
  const Truth kEq[3][3] = {{T, U, F}, {U, U, U}, {F, U, T}};
  const Truth kNot[3] = {T, U, F};
  Rule both = compiled("high_tech and dishonest_debtor");
  Rule both_zh = compiled("high_tech 且 dishonest_debtor");
  Rule either = compiled("high_tech or dishonest_debtor");
  Rule either_zh = compiled("high_tech 或 dishonest_debtor");
  Rule same = compiled("high_tech == dishonest_debtor");
  Rule differ = compiled("high_tech != dishonest_debtor");
  Rule neither = compiled("not (high_tech or dishonest_debtor)");
  Rule de_morgan = compiled("not high_tech and not dishonest_debtor");
  Rule negated = compiled("not high_tech");
  Rule negated_zh = compiled("非 high_tech");
  for (int a = 0; a < 3; ++a) {
    EXPECT_EQ(negated.evaluate(row({{"high_tech", values[a]}})), kNot[a]);
    EXPECT_EQ(negated_zh.evaluate(row({{"high_tech", values[a]}})), kNot[a]);
    for (int b = 0; b < 3; ++b) {
      const auto r = row({{"high_tech", values[a]}, {"dishonest_debtor", values[b]}});
      SCOPED_TRACE(std::string(truth_name(truths[a])) + ", " + std::string(truth_name(truths[b])));
      EXPECT_EQ(both.evaluate(r), kAnd[a][b]);
      EXPECT_EQ(both_zh.evaluate(r), kAnd[a][b]);
      EXPECT_EQ(either.evaluate(r), kOr[a][b]);
      EXPECT_EQ(either_zh.evaluate(r), kOr[a][b]);
      EXPECT_EQ(same.evaluate(r), kEq[a][b]);
      EXPECT_EQ(differ.evaluate(r), kNot[static_cast<int>(kEq[a][b])]);
      EXPECT_EQ(neither.evaluate(r), kNot[static_cast<int>(kOr[a][b])]);
      EXPECT_EQ(de_morgan.evaluate(r), kNot[static_cast<int>(kOr[a][b])]);
    }
  }
}

TEST(RulesEvaluate, MissingDataOnlyMattersWhenItDecides) {
  Rule r = compiled("years_operating >= 1 and (high_tech or revenue > 100)");
  // false and unknown = false; true or unknown = true.
  EXPECT_EQ(r.evaluate(row({{"years_operating", 0.0}})), F);
  EXPECT_EQ(r.evaluate(row({{"years_operating", 2.0}, {"high_tech", true}})), T);
  EXPECT_EQ(r.evaluate(row({{"years_operating", 2.0}, {"revenue", 500.0}})), T);
  EXPECT_EQ(r.evaluate(row({{"years_operating", 2.0}, {"high_tech", false}})), U);
  EXPECT_EQ(r.evaluate(row({{"high_tech", true}})), U);
  EXPECT_FALSE(r.matches(row({{"high_tech", true}})));
  EXPECT_TRUE(r.matches(row({{"years_operating", 2.0}, {"high_tech", true}})));
}

TEST(RulesEvaluate, TheDocumentedExample) {
  Rule r = compiled(
      "size in [\"small\", \"micro\"] and district == \"310107\" and years_operating >= 1 "
      "and not dishonest_debtor and composite_grade >= \"B\"");
  auto base = std::vector<std::pair<std::string_view, testing::Value>>{
      {"size", std::string_view("small")},
      {"district", std::string_view("310107")},
      {"years_operating", 3.0},
      {"dishonest_debtor", false},
      {"composite_grade", std::string_view("A")},
  };
  EXPECT_EQ(r.evaluate(row(base)), T);
  auto change = [&](std::string_view name, testing::Value v) {
    auto values = base;
    for (auto& [n, value] : values) {
      if (n == name) value = v;
    }
    return r.evaluate(row(values));
  };
  EXPECT_EQ(change("size", std::string_view("medium")), F);
  EXPECT_EQ(change("district", std::string_view("310104")), F);
  EXPECT_EQ(change("years_operating", 0.5), F);
  EXPECT_EQ(change("dishonest_debtor", true), F);
  EXPECT_EQ(change("composite_grade", std::string_view("C")), F);
  EXPECT_EQ(change("years_operating", kNaN), U);
  EXPECT_EQ(change("dishonest_debtor", kNaN), U);
}

TEST(RulesEvaluate, CopiesShareAndEvaluateConcurrently) {
  Rule r = compiled("years_operating >= 1 and revenue > 10");
  Rule copy = r;
  EXPECT_EQ(copy.source(), r.source());
  std::vector<std::thread> threads;
  std::vector<int> matches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t, copy] {
      std::vector<double> x(testing::schema().size(), kNaN);
      for (int i = 0; i < 10000; ++i) {
        x[2] = i % 3;
        x[6] = i % 20;
        matches[static_cast<size_t>(t)] += copy.matches(x);
      }
    });
  }
  for (auto& th : threads) th.join();
  int expected = 0;
  for (int i = 0; i < 10000; ++i) expected += (i % 3 >= 1 && i % 20 > 10);
  for (int m : matches) EXPECT_EQ(m, expected);
}

TEST(RulesEvaluate, RulesOutliveTheirSchema) {
  std::optional<Rule> r;
  {
    Schema s = testing::make_schema();
    r = compiled("industry == \"餐饮业\"", s);
  }
  // The schema is gone; the rule still decodes with the dictionaries it shares.
  std::vector<double> x(10, kNaN);
  x[9] = 0;  // the first code interned in that schema's industry dictionary
  EXPECT_EQ(r->evaluate(x), T);
  EXPECT_EQ(r->explain(x).conditions[0].values[0].value, "餐饮业");
}

}  // namespace
}  // namespace rx::rules
