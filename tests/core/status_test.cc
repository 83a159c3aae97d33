#include "core/status.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

Result<int> half(int n) {
  if (n % 2) return invalid_argument("odd", {{"n", "must be even"}});
  return n / 2;
}

Result<int> quarter(int n) {
  RX_ASSIGN_OR_RETURN(int h, half(n));
  return half(h);
}

Status check_even(int n) {
  RX_RETURN_IF_ERROR(half(n).status());
  return Status::ok();
}

TEST(Status, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.is_ok());
  EXPECT_EQ(s.to_string(), "ok");
}

TEST(Status, CarriesCodeMessageAndDetails) {
  Status s = invalid_argument("bad input", {{"name", "empty"}, {"capital", "negative"}});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.to_string(), "invalid_argument: bad input (name: empty; capital: negative)");
  ASSERT_EQ(s.details().size(), 2u);
  EXPECT_EQ(s.details()[1], (FieldError{"capital", "negative"}));
}

TEST(Result, PropagatesErrorsThroughMacros) {
  EXPECT_EQ(*quarter(8), 2);
  Result<int> r = quarter(6);  // 6 -> 3 -> odd
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().message(), "odd");
  EXPECT_TRUE(check_even(4).is_ok());
  EXPECT_EQ(check_even(3).code(), StatusCode::kInvalidArgument);
}

TEST(Status, EveryCodeHasAName) {
  EXPECT_EQ(status_code_name(StatusCode::kUnavailable), "unavailable");
  EXPECT_EQ(status_code_name(StatusCode::kPermissionDenied), "permission_denied");
}

}  // namespace
}  // namespace rx
