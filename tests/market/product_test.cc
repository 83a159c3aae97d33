#include "market/product.h"

#include <gtest/gtest.h>

#include "market/demand.h"
#include "market/ip_pledge.h"

namespace rx::market {
namespace {

Product valid() {
  Product p;
  p.name = "科创信用贷";
  p.amount_min = 10'000'000;
  p.amount_max = 300'000'000;
  p.term_min = 6;
  p.term_max = 36;
  p.rate_min_bp = 320;
  p.rate_max_bp = 600;
  p.repayment_methods = {RepaymentMethod::kEqualInstalment};
  p.sla_days = 5;
  return p;
}

std::vector<std::string> fields(const Status& st) {
  std::vector<std::string> out;
  for (const FieldError& e : st.details()) out.push_back(e.field);
  return out;
}

TEST(Product, AValidProductPasses) {
  EXPECT_TRUE(validate(valid()).is_ok());
}

TEST(Product, EveryBadFieldIsNamed) {
  Product p = valid();
  p.name = "";
  p.amount_max = p.amount_min - 1;
  p.term_min = 0;
  p.rate_max_bp = 4000;
  p.collateral = {"gold_bars"};
  p.policy_tags = {"free_money"};
  p.sla_days = 0;
  p.repayment_methods.clear();
  const Status st = validate(p);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(fields(st), (std::vector<std::string>{"name", "amount_max_fen", "term_min_months",
                                                  "rate_max_bp", "repayment_methods", "collateral",
                                                  "policy_tags", "sla_days"}));
}

TEST(Product, EquityNeedsNoRepaymentMethod) {
  Product p = valid();
  p.type = ProductType::kEquity;
  p.repayment_methods.clear();
  EXPECT_TRUE(validate(p).is_ok());
}

TEST(Product, StatusMovesAndRetirementIsFinal) {
  using S = ProductStatus;
  EXPECT_TRUE(can_move(S::kDraft, S::kListed));
  EXPECT_TRUE(can_move(S::kListed, S::kPaused));
  EXPECT_TRUE(can_move(S::kPaused, S::kListed));
  EXPECT_FALSE(can_move(S::kListed, S::kDraft));
  for (S to : {S::kDraft, S::kListed, S::kPaused, S::kRetired})
    EXPECT_FALSE(can_move(S::kRetired, to));
}

TEST(Product, JsonRoundTripsTheStoredBody) {
  Product p = valid();
  p.id = "p1";
  p.institution_id = "bank-a";
  p.collateral = {"ip_rights"};
  p.policy_tags = {"risk_compensation"};
  p.eligibility = "years_operating >= 1";
  auto back = product_from_json(to_json(p));
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(to_json(*back), to_json(p));
  auto damaged = to_json(p);
  damaged["type"] = "magic";
  EXPECT_EQ(product_from_json(damaged).status().code(), StatusCode::kDataLoss);
  damaged.erase("type");
  EXPECT_EQ(product_from_json(damaged).status().code(), StatusCode::kDataLoss);
}

TEST(Demand, ValidatesAmountTermPurposeAndCollateral) {
  Demand d{.uscc = "x", .amount = 100, .term_months = 12, .purpose = "采购原材料"};
  EXPECT_TRUE(validate(d).is_ok());
  d.amount = 0;
  d.term_months = 361;
  d.purpose = "";
  d.collateral = {"moon"};
  EXPECT_EQ(fields(validate(d)),
            (std::vector<std::string>{"amount_fen", "term_months", "purpose", "collateral"}));
}

TEST(IpPledge, NumbersFollowTheirRegistersFormat) {
  EXPECT_TRUE(valid_ip_number(IpKind::kPatent, "ZL202310123456.7"));
  EXPECT_TRUE(valid_ip_number(IpKind::kPatent, "ZL202310123456.X"));
  EXPECT_FALSE(valid_ip_number(IpKind::kPatent, "ZL20231012345.7"));
  EXPECT_FALSE(valid_ip_number(IpKind::kPatent, "202310123456.7"));
  EXPECT_TRUE(valid_ip_number(IpKind::kTrademark, "12345678"));
  EXPECT_FALSE(valid_ip_number(IpKind::kTrademark, "1234567890"));
  EXPECT_TRUE(valid_ip_number(IpKind::kCopyright, "国作登字-2023-F-00012345"));
  EXPECT_FALSE(valid_ip_number(IpKind::kCopyright, ""));
}

TEST(IpPledge, EveryProblemIsNamedWithItsItem) {
  IpPledge p;
  p.owner_name = "某科技公司";
  p.valuer = "某评估所";
  p.items = {{IpKind::kPatent, "ZL202310123456.7", "一种装置"},
             {IpKind::kPatent, "ZL202310123456.7", "同一专利"},
             {IpKind::kTrademark, "abc", "商标"}};
  p.valuation = 100;
  p.valuation_method = "guess";
  p.secured_amount = 100;
  p.from = *Date::parse("2026-01-01");
  p.until = *Date::parse("2025-01-01");
  EXPECT_EQ(fields(validate(p)), (std::vector<std::string>{"items[1].number", "items[2].number",
                                                           "valuation_method", "until"}));
}

}  // namespace
}  // namespace rx::market
