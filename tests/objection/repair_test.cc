#include "objection/repair.h"

#include <gtest/gtest.h>

#include "objection/display_rules.h"
#include "test_support.h"

namespace rx::objection {
namespace {

using testing::d;
using testing::shanghai;
using testing::shipped_calendar;
using testing::source_dir;

DisplayRules shipped_rules() {
  auto r = DisplayRules::load(source_dir() + "/data/calendar/display_periods.toml");
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? *r : DisplayRules::defaults();
}

TEST(DisplayRulesTest, AddMonthsClampsTheDay) {
  EXPECT_EQ(add_months(d("2025-01-31"), 1), d("2025-02-28"));
  EXPECT_EQ(add_months(d("2024-01-31"), 1), d("2024-02-29"));
  EXPECT_EQ(add_months(d("2025-11-15"), 3), d("2026-02-15"));
  EXPECT_EQ(add_months(d("2025-06-01"), 36), d("2028-06-01"));
  EXPECT_EQ(add_months(d("2025-06-01"), 0), d("2025-06-01"));
}

TEST(DisplayRulesTest, ShippedFileMatchesTheDefaults) {
  const DisplayRules r = shipped_rules();
  EXPECT_EQ(r.category(), "admin_penalty");
  EXPECT_EQ(r.severity_field(), "severity");
  EXPECT_EQ(r.date_field(), "decision_date");
  for (Severity s : {Severity::kMinor, Severity::kGeneral, Severity::kSerious}) {
    EXPECT_EQ(r.rule(s).display_months, DisplayRules::defaults().rule(s).display_months);
    EXPECT_EQ(r.rule(s).repair_after_months, DisplayRules::defaults().rule(s).repair_after_months);
  }
}

TEST(DisplayRulesTest, DisplayedUntilThePeriodEndsOrRepaired) {
  const DisplayRules r = DisplayRules::defaults();
  const Date decided = d("2025-03-10");
  EXPECT_TRUE(r.displayed(Severity::kMinor, decided, false, d("2025-06-09")));
  EXPECT_FALSE(r.displayed(Severity::kMinor, decided, false, d("2025-06-10")));
  EXPECT_TRUE(r.displayed(Severity::kGeneral, decided, false, d("2026-03-09")));
  EXPECT_FALSE(r.displayed(Severity::kGeneral, decided, false, d("2026-03-10")));
  EXPECT_TRUE(r.displayed(Severity::kSerious, decided, false, d("2028-03-09")));
  EXPECT_FALSE(r.displayed(Severity::kSerious, decided, false, d("2028-03-10")));
  EXPECT_FALSE(r.displayed(Severity::kSerious, decided, true, d("2025-03-10")));
  EXPECT_EQ(r.earliest_repair(Severity::kMinor, decided), decided);
  EXPECT_EQ(r.earliest_repair(Severity::kGeneral, decided), d("2025-06-10"));
  EXPECT_EQ(r.earliest_repair(Severity::kSerious, decided), d("2026-03-10"));
}

TEST(DisplayRulesTest, LoaderErrorsNameFileLineAndColumn) {
  auto bad = DisplayRules::parse(
      "category = \"admin_penalty\"\ncolour = 1\n[minor]\ndisplay_months = 3\n"
      "repair_after_months = 6\n[general]\ndisplay_months = 12\nrepair_after_months = 3\n",
      "d.toml");
  ASSERT_FALSE(bad.is_ok());
  const std::string text = bad.status().to_string();
  EXPECT_NE(text.find("d.toml:5:23: must not exceed display_months"), std::string::npos) << text;
  EXPECT_NE(text.find("d.toml:2:1: unknown key"), std::string::npos) << text;
  EXPECT_NE(text.find("serious"), std::string::npos) << text;
}

catalog::Category penalty() {
  catalog::Category c;
  c.id = "admin_penalty";
  c.key = {"uscc", "decision_number"};
  return c;
}

TEST(RepairTest, PenaltiesOnlyAfterTheMinimumDisplayPeriod) {
  const DisplayRules r = DisplayRules::defaults();
  const auto serious = nlohmann::json::parse(
      R"({"uscc":"X","decision_number":"1","severity":"serious","decision_date":"2025-03-10"})");
  Status early = check_repair_allowed(r, penalty(), serious, RepairKind::kRepair, d("2026-03-09"));
  EXPECT_EQ(early.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(early.message().find("from 2026-03-10"), std::string::npos) << early.message();
  ASSERT_EQ(early.details().size(), 1u);
  EXPECT_EQ(early.details()[0].reason, "credit repair possible from 2026-03-10");
  EXPECT_TRUE(
      check_repair_allowed(r, penalty(), serious, RepairKind::kRepair, d("2026-03-10")).is_ok());
  // A revocation of the decision is never held back.
  EXPECT_TRUE(check_repair_allowed(r, penalty(), serious, RepairKind::kRevocation, d("2025-03-10"))
                  .is_ok());
  // Minor penalties: at once.
  auto minor = serious;
  minor["severity"] = "minor";
  EXPECT_TRUE(
      check_repair_allowed(r, penalty(), minor, RepairKind::kRepair, d("2025-03-10")).is_ok());
  // Other categories are not governed by the display periods.
  catalog::Category other = penalty();
  other.id = "judicial";
  EXPECT_TRUE(
      check_repair_allowed(r, other, nlohmann::json::object(), RepairKind::kRepair, d("2025-03-10"))
          .is_ok());
  // A governed record without severity cannot be judged.
  EXPECT_EQ(check_repair_allowed(r, penalty(), nlohmann::json::object(), RepairKind::kRepair,
                                 d("2025-03-10"))
                .code(),
            StatusCode::kFailedPrecondition);
}

TEST(RepairTest, SuppressionIsEffectiveAtOnceWithAThreeWorkingDayDeadline) {
  // Thursday 2025-09-25 16:00: 9-26, 9-28 (Sunday, 调休), 9-29.
  auto s = approve_suppression(shipped_calendar(), "U", "admin_penalty", "decision_number=1",
                               SuppressionReason::kRepaired, std::nullopt, "已完成信用修复", "k1",
                               shanghai("2025-09-25", 16));
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->effective_at, s->approved_at);
  EXPECT_EQ(s->deadline_at, shipped_calendar().end_of_working_day(d("2025-09-29")));
  for (SuppressionReason x : {SuppressionReason::kRemovedByObjection, SuppressionReason::kRepaired,
                              SuppressionReason::kDecisionRevoked})
    EXPECT_EQ(parse_suppression_reason(to_string(x)), x);
  EXPECT_EQ(parse_repair_kind("revocation"), RepairKind::kRevocation);
  EXPECT_FALSE(parse_repair_kind("pardon"));
}

}  // namespace
}  // namespace rx::objection
