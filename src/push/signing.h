// The webhook signature and the retry schedule (docs/push.md). Pure.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace rx::push {

// "sha256=" + lowercase hex HMAC-SHA256(secret, timestamp + "." + body): the value of the
// X-Rongxin-Signature header. `secret` is the subscription's secret text as shown at creation.
std::string signature_header(std::string_view secret, int64_t unix_seconds, std::string_view body);

// Checks a signature header in constant time (for receivers written in C++, and tests).
bool verify_signature(std::string_view secret, int64_t unix_seconds, std::string_view body,
                      std::string_view header);

struct RetryPolicy {
  std::chrono::milliseconds base{1000};  // the wait after the first failure
  std::chrono::milliseconds cap{3'600'000};
  int max_attempts = 8;  // after this many failed attempts the event is dead
};

// The wait after `failed_attempts` (>= 1) failures: base * 2^(failed_attempts - 1), at most cap.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int failed_attempts);

}  // namespace rx::push
