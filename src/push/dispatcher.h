// Webhook delivery. Each due event (delivery pending, next_attempt_at passed) is claimed, its
// authorization checked again (ended: the event is withheld and never sent; record_correction
// events have none and are always sent), then POSTed to the subscription's URL with
//   Content-Type: application/json
//   X-Rongxin-Event: <event id>
//   X-Rongxin-Timestamp: <unix seconds>
//   X-Rongxin-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
// A 2xx answer delivers it; anything else schedules the next attempt after retry_delay(), and
// after max_attempts failures the event is dead (the dead-letter list). See docs/push.md.
//
// The claim moves next_attempt_at past the attempt's timeout in its own transaction, so several
// dispatchers (API nodes) never send one attempt twice.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "push/signing.h"
#include "store/database.h"

namespace rx::push {

using Headers = std::vector<std::pair<std::string, std::string>>;
// Sends one POST; returns the HTTP status, or an error when no answer came (refused, timeout,
// TLS). Injected so that domain code includes no HTTP (api/http/client.h provides it).
using PostFn =
    std::function<Result<int>(const std::string& url, const Headers& headers,
                              const std::string& body, std::chrono::milliseconds timeout)>;

struct DispatchOptions {
  RetryPolicy retry;
  std::chrono::milliseconds timeout{10'000};  // per attempt
  int batch = 50;                             // events per pass
};

struct DispatchStats {
  int delivered = 0, failed = 0, dead = 0, withheld = 0;
};

class Dispatcher {
 public:
  // Everything referenced must outlive the dispatcher. run_once is not to be called from two
  // threads of one process at a time (several processes are fine).
  Dispatcher(store::Database& db, const Clock& clock, PostFn post, DispatchOptions options)
      : db_(db), clock_(clock), post_(std::move(post)), options_(options) {}

  // Attempts every event due now (up to options.batch).
  Result<DispatchStats> run_once();

  const DispatchOptions& options() const { return options_; }

 private:
  store::Database& db_;
  const Clock& clock_;
  PostFn post_;
  DispatchOptions options_;
};

}  // namespace rx::push
