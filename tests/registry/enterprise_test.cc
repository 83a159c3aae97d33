#include "registry/enterprise.h"

#include <gtest/gtest.h>

#include "registry/reference.h"

namespace rx::registry {
namespace {

const Instant kNow{std::chrono::seconds(1'795'000'000)};  // 2026-11-18

EnterpriseInput valid_input() {
  EnterpriseInput in;
  in.uscc = "91310115MA1K3YJ15R";
  in.name = "上海恒泰信息科技有限公司";
  in.district = "310115";
  in.industry = "I65";
  in.size = "small";
  in.registration_date = "2018-06-01";
  in.registered_capital_fen = 500'000'000;
  return in;
}

std::vector<std::string> fields_of(const Status& s) {
  std::vector<std::string> out;
  for (const auto& d : s.details()) out.push_back(d.field);
  return out;
}

TEST(Enterprise, ValidNewEnterpriseDefaultsToActive) {
  auto e = validate_new(valid_input(), kNow);
  ASSERT_TRUE(e.is_ok()) << e.status().to_string();
  EXPECT_EQ(e->status, EnterpriseStatus::kActive);
  EXPECT_EQ(e->registered_capital.fen(), 500'000'000);
  EXPECT_EQ(e->created_at, kNow);
}

TEST(Enterprise, ReportsEveryBadFieldWithReason) {
  EnterpriseInput in = valid_input();
  in.uscc = "91310115MA1K3YJ15X";
  in.district = "310199";
  in.industry = "C99";
  in.size = "tiny";
  in.registration_date = "2030-01-01";
  in.registered_capital_fen = -1;
  in.status = "sleeping";
  in.name = "   ";
  auto e = validate_new(in, kNow);
  ASSERT_FALSE(e.is_ok());
  EXPECT_EQ(fields_of(e.status()),
            (std::vector<std::string>{"uscc[18]", "name", "district", "industry", "size",
                                      "registration_date", "registered_capital_fen", "status"}));
  EXPECT_EQ(e.status().details()[5].reason, "is in the future");
}

TEST(Enterprise, RequiredFieldsAreNamed) {
  auto e = validate_new(EnterpriseInput{}, kNow);
  ASSERT_FALSE(e.is_ok());
  EXPECT_EQ(fields_of(e.status()),
            (std::vector<std::string>{"uscc", "name", "district", "industry", "size",
                                      "registration_date", "registered_capital_fen"}));
}

TEST(Enterprise, NameLimitsCountCharactersNotBytes) {
  EnterpriseInput in = valid_input();
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "企";
  in.name = hundred;
  EXPECT_TRUE(validate_new(in, kNow).is_ok());
  in.name = hundred + "业";
  EXPECT_FALSE(validate_new(in, kNow).is_ok());
  in.name = std::string("bad \xff utf8");
  EXPECT_EQ(validate_new(in, kNow).status().details().at(0).reason, "not valid UTF-8");
}

TEST(Enterprise, UpdateChangesOnlyGivenFieldsAndNeverTheUscc) {
  auto e = *validate_new(valid_input(), kNow);
  EnterpriseInput patch;
  patch.status = "revoked";
  auto later = kNow + std::chrono::hours(1);
  auto u = apply_update(e, patch, later);
  ASSERT_TRUE(u.is_ok());
  EXPECT_EQ(u->status, EnterpriseStatus::kRevoked);
  EXPECT_EQ(u->name, e.name);
  EXPECT_EQ(u->updated_at, later);
  patch.uscc = "914403001922038216";
  EXPECT_EQ(apply_update(e, patch, later).status().details().at(0).field, "uscc");
}

TEST(Reference, IndustryDivisionsMustBelongToTheirSection) {
  EXPECT_TRUE(is_valid_industry("C13"));
  EXPECT_TRUE(is_valid_industry("C43"));
  EXPECT_FALSE(is_valid_industry("C44"));  // 44 is section D
  EXPECT_TRUE(is_valid_industry("D44"));
  EXPECT_TRUE(is_valid_industry("T97"));
  EXPECT_FALSE(is_valid_industry("Z01"));
  EXPECT_FALSE(is_valid_industry("C3"));
  EXPECT_EQ(districts().size(), 17u);  // Shanghai's 16 districts and "other"
  EXPECT_EQ(industry_sections().size(), 20u);
}

}  // namespace
}  // namespace rx::registry

namespace rx::registry {
namespace {

TEST(Enterprise, NamesAreTrimmedOfAsciiAndIdeographicSpaces) {
  EnterpriseInput in;
  in.uscc = "91310115MA1K3YJ15R";
  in.name = "\xE3\x80\x80 上海测试有限公司\t";
  in.district = "310115";
  in.industry = "I65";
  in.size = "micro";
  in.registration_date = "2020-01-01";
  in.registered_capital_fen = 0;
  const Instant now{std::chrono::seconds(1'795'000'000)};
  EXPECT_EQ(validate_new(in, now)->name, "上海测试有限公司");
  in.name = "\xE3\x80\x80\xE3\x80\x80";
  EXPECT_EQ(validate_new(in, now).status().details().at(0).reason, "must not be empty");
}

}  // namespace
}  // namespace rx::registry
