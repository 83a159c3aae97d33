#include "push/signing.h"

#include <algorithm>

#include "crypto/crypto.h"
#include "crypto/signing.h"

namespace rx::push {

std::string signature_header(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  std::string message = std::to_string(unix_seconds);
  message.push_back('.');
  message.append(body);
  const std::string mac = crypto::hmac_sha256(secret, message);
  return "sha256=" + crypto::to_hex(std::span<const uint8_t>(
                         reinterpret_cast<const uint8_t*>(mac.data()), mac.size()));
}

bool verify_signature(std::string_view secret, int64_t unix_seconds, std::string_view body,
                      std::string_view header) {
  return crypto::constant_time_equal(signature_header(secret, unix_seconds, body), header);
}

std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int failed_attempts) {
  const int shift = std::clamp(failed_attempts - 1, 0, 40);
  const int64_t base = std::max<int64_t>(policy.base.count(), 1);
  const int64_t cap = std::max<int64_t>(policy.cap.count(), base);
  // base << shift overflows only far beyond any cap: stop doubling once past it.
  int64_t delay = base;
  for (int i = 0; i < shift && delay < cap; ++i) delay *= 2;
  return std::chrono::milliseconds(std::min(delay, cap));
}

}  // namespace rx::push
