#include "auth/api_keys.h"

#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "testing/test_database.h"

namespace rx::auth {
namespace {

class ApiKeyTest : public rx::testing::BackendTest {
 protected:
  SeededRandom random_{3};
};

TEST_P(ApiKeyTest, IssuedKeyAuthenticatesUntilRevoked) {
  ApiKeyRepository keys(db(), clock(), random_);
  auto issued = keys.create({Role::kEnterprise, "914403001922038216", std::nullopt, "owner"});
  ASSERT_TRUE(issued.is_ok()) << issued.status().to_string();
  EXPECT_TRUE(issued->secret.starts_with("rx_"));
  EXPECT_EQ(issued->secret.size(), 46u);

  auto who = keys.authenticate(issued->secret);
  ASSERT_TRUE(who.is_ok()) << who.status().to_string();
  EXPECT_EQ(who->role, Role::kEnterprise);
  EXPECT_EQ(who->uscc, "914403001922038216");
  EXPECT_EQ(who->key_id, issued->record.id);

  ASSERT_TRUE(keys.revoke(issued->record.id).is_ok());
  EXPECT_EQ(keys.authenticate(issued->secret).status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(keys.revoke(issued->record.id).is_ok());
  EXPECT_EQ(keys.revoke("nope").code(), StatusCode::kNotFound);
}

TEST_P(ApiKeyTest, OnlyTheHashIsStored) {
  ApiKeyRepository keys(db(), clock(), random_);
  auto issued = *keys.create({Role::kAdmin, std::nullopt, std::nullopt, ""});
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(auto rows, s.query("SELECT secret_hash FROM api_keys"));
                    EXPECT_EQ(rows.at(0).text(0), crypto::sha256_hex(issued.secret));
                    EXPECT_EQ(rows.at(0).text(0).find(issued.secret.substr(3, 10)),
                              std::string::npos);
                    return Status::ok();
                  })
                  .is_ok());
  auto listed = *keys.list();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_FALSE(listed[0].revoked_at.has_value());
}

TEST_P(ApiKeyTest, UnknownOrMalformedKeysAreRejectedAlike) {
  ApiKeyRepository keys(db(), clock(), random_);
  auto issued = *keys.create({Role::kAdmin, std::nullopt, std::nullopt, ""});
  std::string altered = issued.secret;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  for (const std::string& bad :
       {altered, std::string(""), std::string("rx_short"), issued.secret + "x"}) {
    auto r = keys.authenticate(bad);
    EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated) << bad;
    EXPECT_EQ(r.status().message(), "API key is not valid");
  }
}

RX_INSTANTIATE_BACKENDS(ApiKeyTest);

TEST(KeyRequest, BindingRulesPerRole) {
  EXPECT_TRUE(validate_key_request({Role::kAdmin, std::nullopt, std::nullopt, ""}).is_ok());
  EXPECT_EQ(validate_key_request({Role::kEnterprise, std::nullopt, std::nullopt, ""})
                .details()
                .at(0)
                .field,
            "uscc");
  EXPECT_EQ(validate_key_request({Role::kEnterprise, "91440300192203821X", std::nullopt, ""})
                .details()
                .at(0)
                .field,
            "uscc[18]");
  EXPECT_EQ(validate_key_request({Role::kInstitution, std::nullopt, std::nullopt, ""})
                .details()
                .at(0)
                .field,
            "institution_id");
  EXPECT_FALSE(validate_key_request({Role::kInstitution, std::nullopt, "bank of/x", ""}).is_ok());
  EXPECT_TRUE(validate_key_request({Role::kInstitution, std::nullopt, "icbc-sh", ""}).is_ok());
  EXPECT_FALSE(
      validate_key_request({Role::kAdmin, "914403001922038216", std::nullopt, ""}).is_ok());
  EXPECT_EQ(parse_role("service_agency"), Role::kServiceAgency);
  EXPECT_FALSE(parse_role("root").has_value());
}

}  // namespace
}  // namespace rx::auth
