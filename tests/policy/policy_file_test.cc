#include "policy/policy_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace rx::policy {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

const rules::Schema& schema() {
  static const rules::Schema s = [] {
    using rules::AttributeType;
    return rules::Schema::create(
               {{"size", "企业规模", "Size", "", AttributeType::kString, {"small", "micro"}},
                {"district", "所在区", "District", "", AttributeType::kString, {}},
                {"years_operating", "成立年限", "Years", "年", AttributeType::kNumber, {}},
                {"annual_interest", "年利息", "Interest", "万元", AttributeType::kNumber, {}},
                {"composite_grade",
                 "等级",
                 "Grade",
                 "",
                 AttributeType::kGrade,
                 {"A", "B", "C", "D"}},
                {"dishonest_debtor", "失信", "Dishonest", "", AttributeType::kBool, {}}})
        .value();
  }();
  return s;
}

Date day(const char* text) {
  return Date::parse(text).value();
}

// A valid policy; `versions` replaces its [[versions]] part when given.
std::string document(const std::string& versions = "") {
  return R"(id = "sh-subsidy"
example = true
title = "贴息（示例）"
issuer = "市财政局（示例）"
level = "district"
district = "普陀区"
kind = "interest_subsidy"
summary = "按利息的一半补贴。"
materials = ["营业执照"]
contact = "021-00000000"

[apply]
mode = "no_application"
item_code = "310000-POL-0001"
link = "https://zwdt.sh.gov.cn/example"
)" + (versions.empty() ? R"(
[[versions]]
version = 1
valid_from = 2025-01-01
valid_to = 2025-12-31
eligibility = '''
size in ["small", "micro"]
and years_operating >= 1
'''
[versions.benefit]
text = "利息的50%，最高50万元"
rate = 0.5
of = "annual_interest"
cap = 50

[[versions]]
version = 2
valid_from = 2026-01-01
eligibility = 'not dishonest_debtor and composite_grade >= "B"'
[versions.benefit]
text = "固定5万元"
fixed = 5
)"
                       : versions);
}

Result<Policy> parse(const std::string& text, const char* file = "sh-subsidy.toml") {
  return parse_policy(text, file, schema());
}

std::string reasons(const Status& s) {
  std::string out;
  for (const FieldError& e : s.details()) out += e.field + " @ " + e.reason + "\n";
  return out;
}

TEST(PolicyFile, ParsesEveryField) {
  auto p = parse(document());
  ASSERT_TRUE(p.is_ok()) << reasons(p.status());
  EXPECT_EQ(p->id, "sh-subsidy");
  EXPECT_TRUE(p->example);
  EXPECT_EQ(p->level, Level::kDistrict);
  EXPECT_EQ(p->district, "普陀区");
  EXPECT_EQ(p->apply.mode, ApplyMode::kNoApplication);
  ASSERT_EQ(p->versions.size(), 2u);
  EXPECT_EQ(p->versions[0].valid_to, day("2025-12-31"));
  EXPECT_FALSE(p->versions[1].valid_to.has_value());
  EXPECT_EQ(p->versions[0].benefit.rate, 0.5);
  EXPECT_EQ(p->versions[0].rule.conditions().size(), 2u);
  EXPECT_EQ(in_force(*p, day("2025-06-01"))->version, 1);
  EXPECT_EQ(in_force(*p, day("2026-06-01"))->version, 2);
  EXPECT_EQ(in_force(*p, day("2024-06-01")), nullptr);
  EXPECT_EQ(phase(*p, day("2024-06-01")), Phase::kUpcoming);
}

TEST(PolicyFile, RuleErrorsArePlacedInTheFile) {
  // Line 18 of the document is "version = 1"; the rule's second line is file line 22.
  auto p = parse(document(R"(
[[versions]]
version = 1
valid_from = 2025-01-01
eligibility = '''
size in ["small"]
and yaers_operating >= 1
'''
[versions.benefit]
text = "x"
)"));
  ASSERT_FALSE(p.is_ok());
  ASSERT_EQ(p.status().details().size(), 1u) << reasons(p.status());
  const FieldError& e = p.status().details()[0];
  EXPECT_EQ(e.field, "versions[0].eligibility");
  EXPECT_THAT(e.reason, AllOf(HasSubstr("sh-subsidy.toml:22:5:"), HasSubstr("years_operating")));
  auto errors = source_errors(p.status());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 22);
  EXPECT_EQ(errors[0].column, 5);
}

TEST(PolicyFile, RuleOnOneLineKeepsItsColumn) {
  auto p = parse(document(R"(
[[versions]]
version = 1
valid_from = 2025-01-01
eligibility = "composite_grade >= 3"
[versions.benefit]
text = "x"
)"));
  ASSERT_FALSE(p.is_ok());
  auto errors = source_errors(p.status());
  ASSERT_EQ(errors.size(), 1u) << reasons(p.status());
  EXPECT_EQ(errors[0].line, 20);
  EXPECT_EQ(errors[0].column, 15 + 1 + 19);  // the quote, then "composite_grade >= "
  EXPECT_THAT(errors[0].message, HasSubstr("grade"));
}

TEST(PolicyFile, OverlappingVersionsAreRefused) {
  auto p = parse(document(R"(
[[versions]]
version = 1
valid_from = 2025-01-01
eligibility = ""
[versions.benefit]
text = "x"

[[versions]]
version = 2
valid_from = 2026-01-01
eligibility = ""
[versions.benefit]
text = "y"
)"));
  ASSERT_FALSE(p.is_ok());
  auto errors = source_errors(p.status());
  ASSERT_EQ(errors.size(), 1u) << reasons(p.status());
  EXPECT_EQ(errors[0].field, "versions[1].valid_from");
  EXPECT_EQ(errors[0].line, 25);
  EXPECT_THAT(errors[0].message, HasSubstr("overlaps version 1 (2025-01-01 to open-ended)"));
}

TEST(PolicyFile, InvalidDatesAndUnknownKeysAreEachReported) {
  auto p = parse(document(R"(
[[versions]]
version = 1
valid_from = "2026-02-30"
valid_too = 2026-12-31
eligibility = ""
[versions.benefit]
text = "x"
rate = 0.5
of = "composite_grade"
)"));
  ASSERT_FALSE(p.is_ok());
  const std::string all = reasons(p.status());
  EXPECT_THAT(all, HasSubstr("versions[0].valid_from @ sh-subsidy.toml:19:14: '2026-02-30' is "
                             "not a valid date"));
  EXPECT_THAT(all, HasSubstr("versions[0].valid_too @ sh-subsidy.toml:20:1: unknown key"));
  EXPECT_THAT(all, HasSubstr("versions[0].benefit.of @ sh-subsidy.toml:25:6: type mismatch"));
}

TEST(PolicyFile, IdentityIsChecked) {
  std::string text = document();
  auto swap = [&](const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
  };
  swap("普陀区", "火星区");
  swap("interest_subsidy", "free_money");
  swap("https://", "http://");
  auto p = parse(text, "other-name.toml");
  ASSERT_FALSE(p.is_ok());
  const std::string all = reasons(p.status());
  EXPECT_THAT(all, HasSubstr("id @ other-name.toml:1:6: 'sh-subsidy' does not match the file"));
  EXPECT_THAT(all, HasSubstr("district @ other-name.toml:6:12: '火星区' is not a district"));
  EXPECT_THAT(all, HasSubstr("kind @ other-name.toml:7:8: 'free_money' is not one of"));
  EXPECT_THAT(all, HasSubstr("apply.link @"));
}

TEST(PolicyFile, TomlSyntaxErrorNamesThePosition) {
  auto p = parse("id = \"x\nexample = true\n");
  ASSERT_FALSE(p.is_ok());
  EXPECT_THAT(p.status().message(), HasSubstr("sh-subsidy.toml:1:"));
}

TEST(PolicyRevision, PublishedVersionsOnlyChangeTheirEnd) {
  const Policy stored = parse(document()).value();
  // Ending version 2 and adding version 3 is how a policy is revised.
  std::string next = document() + R"(
[[versions]]
version = 3
valid_from = 2027-01-01
eligibility = ""
[versions.benefit]
text = "z"
)";
  next.replace(next.find("version = 2\n"), 12, "version = 2\nvalid_to = 2026-12-31\n");
  auto revised = parse(next);
  ASSERT_TRUE(revised.is_ok()) << reasons(revised.status());
  EXPECT_TRUE(check_revision(stored, *revised, "sh-subsidy.toml", day("2026-11-30")).is_ok());

  std::string edited = document();
  edited.replace(edited.find("fixed = 5"), 9, "fixed = 6");
  auto changed = parse(edited);
  ASSERT_TRUE(changed.is_ok());
  Status s = check_revision(stored, *changed, "sh-subsidy.toml", day("2026-11-30"));
  ASSERT_FALSE(s.is_ok());
  EXPECT_THAT(reasons(s), HasSubstr("versions[1].benefit @ sh-subsidy.toml:32:11: version 2 has "
                                    "been in force since 2026-01-01; its benefit cannot change"));
  // Before it starts, a version is still a draft.
  EXPECT_TRUE(check_revision(stored, *changed, "sh-subsidy.toml", day("2025-11-30")).is_ok());
}

TEST(PolicyBenefit, EstimateIsFixedPlusRateCapped) {
  Benefit b{.text = "x", .fixed = 1, .rate = 0.5, .of = "annual_interest", .of_slot = 3, .cap = 50};
  std::vector<double> row(6, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(estimate(b, row), std::nullopt);  // no interest known
  row[3] = 20;
  EXPECT_EQ(estimate(b, row), 11.0);
  row[3] = 400;
  EXPECT_EQ(estimate(b, row), 50.0);
  EXPECT_EQ(estimate(Benefit{.text = "text only"}, row), std::nullopt);
}

}  // namespace
}  // namespace rx::policy
