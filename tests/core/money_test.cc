#include "core/money.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

TEST(Money, ParsesYuanIntoFen) {
  EXPECT_EQ(Money::parse_yuan("1234.56")->fen(), 123456);
  EXPECT_EQ(Money::parse_yuan("1234.5")->fen(), 123450);
  EXPECT_EQ(Money::parse_yuan("7")->fen(), 700);
  EXPECT_EQ(Money::parse_yuan("-0.05")->fen(), -5);
}

TEST(Money, RejectsMalformedAmounts) {
  for (const char* bad :
       {"", "-", "1.234", "1.", ".5", "1e5", "12a", "1,000", "99999999999999999999"}) {
    auto r = Money::parse_yuan(bad);
    EXPECT_FALSE(r.is_ok()) << bad;
    if (!r.is_ok()) {
      EXPECT_EQ(r.status().details().at(0).field, "amount");
    }
  }
}

TEST(Money, FormatsAsYuan) {
  EXPECT_EQ(Money::from_fen(123456).to_yuan_string(), "1234.56");
  EXPECT_EQ(Money::from_fen(5).to_yuan_string(), "0.05");
  EXPECT_EQ(Money::from_fen(-105).to_yuan_string(), "-1.05");
  EXPECT_EQ(Money::from_yuan(3).to_yuan_string(), "3.00");
  EXPECT_EQ(Money::from_fen(INT64_MIN).to_yuan_string(), "-92233720368547758.08");
}

TEST(Money, Arithmetic) {
  EXPECT_EQ((Money::from_fen(150) + Money::from_fen(50)).fen(), 200);
  EXPECT_LT(Money::from_fen(1), Money::from_fen(2));
}

}  // namespace
}  // namespace rx
