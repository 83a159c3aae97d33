#include "rules/rule_set.h"

#include <gtest/gtest.h>

#include "test_schema.h"

namespace rx::rules {
namespace {

using testing::compiled;
using testing::kNaN;
using testing::row;

TEST(RuleSet, EveryRuleAnswersAsItDoesAlone) {
  const std::vector<std::string> sources = {
      "",
      "years_operating >= 3",
      "size in [\"small\", \"micro\"] and not dishonest_debtor and composite_grade >= \"B\"",
      "years_operating < 1 or (composite_grade == \"A\" and district == \"普陀区\")",
      "district not in [\"黄浦区\", \"徐汇区\"] and years_operating >= 2 and dishonest_debtor == "
      "false",
  };
  RuleSet set;
  std::vector<Rule> rules;
  for (const std::string& s : sources) {
    rules.push_back(compiled(s));
    set.add(rules.back());
  }
  ASSERT_EQ(set.size(), sources.size());
  const std::vector<std::vector<double>> rows = {
      row({{"size", "small"},
           {"years_operating", 4.0},
           {"dishonest_debtor", false},
           {"composite_grade", "A"},
           {"district", "普陀区"}}),
      row({{"size", "large"},
           {"years_operating", 0.5},
           {"dishonest_debtor", true},
           {"composite_grade", "C"},
           {"district", "黄浦区"}}),
      row({{"size", "micro"}, {"years_operating", kNaN}, {"composite_grade", "B"}}),
  };
  for (const auto& r : rows)
    for (size_t i = 0; i < rules.size(); ++i) {
      EXPECT_EQ(set.evaluate(i, r), rules[i].evaluate(r)) << sources[i];
      EXPECT_EQ(set.failed_conditions(i, r), rules[i].failed_conditions(r)) << sources[i];
    }
  EXPECT_EQ(set.failed_conditions(2, rows[1]), 3);
  EXPECT_EQ(set.evaluate(0, rows[2]), Truth::kTrue);
}

}  // namespace
}  // namespace rx::rules
