#include "ledger/entry.h"

#include <gtest/gtest.h>

namespace rx::ledger {
namespace {

Entry sample() {
  Entry e;
  e.id = "0194f0a0-0000-7000-8000-000000000001";
  e.at = instant_from_micros(1'795'000'000'123'456);
  e.actor = {"institution", "key-1", "demo-bank", ""};
  e.action = std::string(action::kQuery);
  e.outcome = "allowed";
  e.subject = "91310115MA1K3YJ662";
  e.categories = {"tax", "social_insurance"};
  e.purpose = "loan_application";
  e.authorization_id = "auth-1";
  e.request_id = "req-\"1\"\n";
  e.result_sha256 = std::string(64, 'a');
  e.ref = "access-1";
  return e;
}

TEST(Entry, EncodesCanonicallyWithSortedKeys) {
  EXPECT_EQ(encode(sample()),
            R"({"action":"query","actor":{"institution_id":"demo-bank","key_id":"key-1",)"
            R"("role":"institution","uscc":""},"application_id":"","at":1795000000123456,)"
            R"("authorization_id":"auth-1","categories":["tax","social_insurance"],)"
            R"("id":"0194f0a0-0000-7000-8000-000000000001","outcome":"allowed",)"
            R"("purpose":"loan_application","reason":"","ref":"access-1",)"
            R"("request_id":"req-\"1\"\n","result_sha256":")" +
                std::string(64, 'a') + R"(","subject":"91310115MA1K3YJ662","v":1})");
}

TEST(Entry, DecodesWhatItEncodesAndNothingElse) {
  std::string bytes = encode(sample());
  auto back = decode(bytes);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(*back, sample());
  EXPECT_FALSE(decode(" " + bytes).is_ok());                                      // whitespace
  EXPECT_FALSE(decode(bytes.substr(0, bytes.size() - 1) + ",\"x\":1}").is_ok());  // extra
  std::string v2 = bytes;
  v2.replace(v2.find("\"v\":1"), 5, "\"v\":2");
  EXPECT_NE(decode(v2).status().message().find("version"), std::string::npos);
  EXPECT_FALSE(decode("[]").is_ok());
}

}  // namespace
}  // namespace rx::ledger
