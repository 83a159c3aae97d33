#include "push/signing.h"

#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "crypto/signing.h"

namespace rx::push {
namespace {

TEST(Signing, HeaderIsHexHmacOverTimestampDotBody) {
  const std::string body = R"({"id":"e1","kind":"data_changed"})";
  const std::string header = signature_header("whsec_abc", 1'795'000'000, body);
  const std::string mac = crypto::hmac_sha256("whsec_abc", "1795000000." + body);
  EXPECT_EQ(header, "sha256=" + crypto::to_hex(std::span<const uint8_t>(
                                    reinterpret_cast<const uint8_t*>(mac.data()), mac.size())));
  EXPECT_EQ(header.size(), 7u + 64u);
  EXPECT_TRUE(verify_signature("whsec_abc", 1'795'000'000, body, header));
  EXPECT_FALSE(verify_signature("whsec_abd", 1'795'000'000, body, header));
  EXPECT_FALSE(verify_signature("whsec_abc", 1'795'000'001, body, header));
  EXPECT_FALSE(verify_signature("whsec_abc", 1'795'000'000, body + " ", header));
}

TEST(Signing, KnownVectors) {
  // Computed independently: python3 -c "import hmac; print(hmac.new(b'key', b'1.{}',
  // 'sha256').hexdigest())"
  EXPECT_EQ(signature_header("key", 1, "{}"),
            "sha256=1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224");
  EXPECT_EQ(signature_header("whsec_test", 1'795'000'000, R"({"id":"x"})"),
            "sha256=e4c7044c9a9188ef1e95e6cdeac07fef56c20b150b1f1d4d2c1053afb9496cce");
}

TEST(Backoff, DoublesFromBaseUpToCap) {
  RetryPolicy p{std::chrono::milliseconds(1000), std::chrono::milliseconds(10'000), 8};
  EXPECT_EQ(retry_delay(p, 1).count(), 1000);
  EXPECT_EQ(retry_delay(p, 2).count(), 2000);
  EXPECT_EQ(retry_delay(p, 3).count(), 4000);
  EXPECT_EQ(retry_delay(p, 4).count(), 8000);
  EXPECT_EQ(retry_delay(p, 5).count(), 10'000);
  EXPECT_EQ(retry_delay(p, 60).count(), 10'000);
  EXPECT_EQ(retry_delay(p, 0).count(), 1000);
  RetryPolicy defaults;
  EXPECT_EQ(defaults.max_attempts, 8);
  EXPECT_EQ(retry_delay(defaults, 8).count(), 128'000);
  EXPECT_EQ(retry_delay(defaults, 40).count(), 3'600'000);
}

}  // namespace
}  // namespace rx::push
