#include "consent/authorization.h"

#include <gtest/gtest.h>

#include "catalog/loader.h"

namespace rx::consent {
namespace {

const catalog::Catalog& shipped() {
  static const catalog::Catalog c = [] {
    const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
    return catalog::load_catalog(std::string(dir ? dir : ".") + "/data/catalog").value();
  }();
  return c;
}

const Instant kNow = Instant(std::chrono::seconds(1'795'000'000));  // 2026-11-18

Grant a_grant() {
  Grant g;
  g.uscc = "91310000MA1FL8XQ30";
  g.institution_id = "bank-a";
  g.scopes = {{"tax", {}}, {"registration", {"name", "legal_representative"}}, {"evaluation", {}}};
  g.purpose = Purpose::kLoanApplication;
  g.valid_from = kNow;
  g.valid_until = kNow + std::chrono::days(30);
  g.period_from = "2025-01";
  g.period_to = "2026-10";
  g.max_queries = 3;
  return g;
}

Authorization an_authorization() {
  Authorization a;
  a.id = "0193aaaa-0000-7000-8000-000000000001";
  a.grant = a_grant();
  a.granted_at = kNow;
  return a;
}

AccessAsk an_ask() {
  return {.uscc = "91310000MA1FL8XQ30",
          .institution_id = "bank-a",
          .purpose = Purpose::kLoanApplication,
          .categories = {"tax"},
          .period_from = "2026-01",
          .period_to = "2026-06",
          .application_id = std::nullopt,
          .now = kNow + std::chrono::hours(1)};
}

TEST(Grant, ValidGrantPassesAndEveryProblemIsNamed) {
  EXPECT_TRUE(validate_grant(a_grant(), shipped(), kNow).is_ok());
  Grant g = a_grant();
  g.scopes = {{"tax", {"no_such_field"}}, {"weather", {}}, {"tax", {}}};
  g.valid_until = g.valid_from - std::chrono::hours(1);
  g.period_from = "2026-13";
  g.max_queries = 0;
  const Status s = validate_grant(g, shipped(), kNow);
  ASSERT_EQ(s.code(), StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const FieldError& e : s.details()) fields.push_back(e.field + ": " + e.reason);
  const std::vector<std::string> expected = {
      "scopes[0].fields: 'no_such_field' is not a field of tax",
      "scopes[1].category: 'weather' is not in the shared catalogue",
      "scopes[2].category: is named twice",
      "valid_until: must be after valid_from",
      "period_from: must be a month YYYY-MM",
      "max_queries: must be between 1 and 10000"};
  EXPECT_EQ(fields, expected);
}

TEST(Grant, ValidityMustEndInTheFutureAndNotTooFar) {
  Grant g = a_grant();
  g.valid_from = kNow - std::chrono::days(60);
  g.valid_until = kNow - std::chrono::days(1);
  EXPECT_EQ(validate_grant(g, shipped(), kNow).details().at(0).reason, "is in the past");
  g.valid_until = kNow + std::chrono::days(4 * 366);
  EXPECT_NE(validate_grant(g, shipped(), kNow).details().at(0).reason.find("at most"),
            std::string::npos);
}

TEST(Check, AllowsTheAuthorizedAccess) {
  EXPECT_EQ(check(an_authorization(), an_ask()), Deny::kNone);
}

TEST(Check, EveryRefusalHasItsReason) {
  const Authorization a = an_authorization();
  auto with = [&](auto change) {
    AccessAsk ask = an_ask();
    Authorization b = a;
    change(ask, b);
    return to_string(check(b, ask));
  };
  EXPECT_EQ(with([](AccessAsk& k, Authorization&) { k.institution_id = "bank-b"; }),
            "wrong_institution");
  EXPECT_EQ(with([](AccessAsk& k, Authorization&) { k.uscc = "91310000MA1FL8XQ31"; }),
            "wrong_enterprise");
  EXPECT_EQ(with([](AccessAsk&, Authorization& b) { b.state = State::kRevoked; }),
            "authorization_revoked");
  EXPECT_EQ(with([](AccessAsk&, Authorization& b) { b.state = State::kPaused; }),
            "authorization_paused");
  EXPECT_EQ(with([](AccessAsk& k, Authorization&) { k.now = kNow + std::chrono::days(30); }),
            "authorization_expired");
  EXPECT_EQ(with([](AccessAsk& k, Authorization&) { k.now = kNow - std::chrono::seconds(1); }),
            "authorization_not_yet_valid");
  EXPECT_EQ(with([](AccessAsk& k, Authorization&) { k.purpose = Purpose::kGuarantee; }),
            "wrong_purpose");
  EXPECT_EQ(with([](AccessAsk& k, Authorization&) {
              k.categories = {"tax", "judicial"};
            }),
            "category_not_covered");
  EXPECT_EQ(with([](AccessAsk& k, Authorization&) { k.period_from = "2024-12"; }),
            "period_out_of_range");
  EXPECT_EQ(with([](AccessAsk& k, Authorization&) { k.period_to = "2026-11"; }),
            "period_out_of_range");
  EXPECT_EQ(with([](AccessAsk& k, Authorization& b) {
              b.grant.application_id = "app-1";
              k.application_id = "app-2";
            }),
            "wrong_application");
  // A revoked authorization stays revoked after it would have expired.
  EXPECT_EQ(with([](AccessAsk& k, Authorization& b) {
              b.state = State::kRevoked;
              k.now = kNow + std::chrono::days(90);
            }),
            "authorization_revoked");
}

TEST(Scope, FieldListsLimitWhatIsInClear) {
  const Authorization a = an_authorization();
  EXPECT_TRUE(a.covers("tax", "sales_revenue_amount"));
  EXPECT_TRUE(a.covers("registration", "legal_representative"));
  EXPECT_FALSE(a.covers("registration", "legal_representative_id"));
  EXPECT_FALSE(a.covers("judicial", "case_number"));
  EXPECT_TRUE(a.covers_category("evaluation"));
}

TEST(Artefact, IsCanonicalAndCarriesEveryTerm) {
  const std::string text = artefact(an_authorization());
  EXPECT_EQ(text, artefact(an_authorization()));
  EXPECT_EQ(text.find(' '), std::string::npos);
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j.at("purpose"), "loan_application");
  EXPECT_EQ(j.at("max_queries"), 3);
  EXPECT_EQ(j.at("valid_until"), "2026-12-18T11:06:40Z");
  EXPECT_LT(text.find("\"granted_at\""), text.find("\"uscc\""));  // keys sorted
}

TEST(UsageWindow, IsTheShanghaiDayOrMonth) {
  // 2026-11-30T17:00Z is already 2026-12-01 01:00 in Shanghai.
  const Instant t =
      Instant(std::chrono::sys_days(std::chrono::year(2026) / 11 / 30).time_since_epoch()) +
      std::chrono::hours(17);
  EXPECT_EQ(usage_window(Per::kDay, t), "2026-12-01");
  EXPECT_EQ(usage_window(Per::kMonth, t), "2026-12");
}

TEST(Purposes, AreAllFinancingAndParseBack) {
  for (Purpose p : all_purposes()) EXPECT_EQ(parse_purpose(to_string(p)), p);
  EXPECT_EQ(parse_purpose("marketing"), std::nullopt);
  EXPECT_EQ(purpose_label(Purpose::kPostLoan), "贷后管理");
}

}  // namespace
}  // namespace rx::consent
