// Push subscriptions (push_subscriptions): an institution asks to be told when an enterprise's
// data or evaluation changes, under an authorization it holds from that enterprise. Delivery is by
// webhook (a URL; events are signed with the subscription's secret) or by the feed only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/database.h"

namespace rx::push {

struct Subscription {
  std::string id;  // UUIDv7
  std::string institution_id, uscc, authorization_id;
  std::optional<std::string> webhook_url;  // absent: feed only
  Instant created_at;
  std::string created_by;  // the API key id
};

struct NewSubscription {
  std::string institution_id, uscc, authorization_id;
  std::optional<std::string> webhook_url;
  std::string key_id;
};

struct CreatedSubscription {
  Subscription subscription;
  std::string secret;  // "whsec_" + base64url of 32 random bytes; shown once
};

class SubscriptionRepository {
 public:
  // `random` must be a CSPRNG outside tests: it makes the HMAC secrets.
  SubscriptionRepository(store::Database& db, const Clock& clock, Random& random)
      : db_(db), clock_(clock), random_(random) {}

  // Checks the input (invalid_argument naming each field; the webhook URL against
  // check_webhook_url), then that the authorization is the institution's, from this enterprise
  // and in force now: otherwise kPermissionDenied with detail {"authorization_id", <Deny code>}.
  // kAlreadyExists when the institution already subscribes to the enterprise.
  Result<CreatedSubscription> create(const NewSubscription& request, bool production);
  // Oldest first; every institution's when institution_id is absent.
  Result<std::vector<Subscription>> list(const std::optional<std::string>& institution_id);
  // Deletes the institution's subscription; its undelivered webhook events are withheld.
  // kNotFound when unknown or another institution's.
  Status remove(const std::string& id, const std::string& institution_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  Random& random_;
};

// Inside a caller's transaction: every subscription to the enterprise, or the institution's one.
Result<std::vector<Subscription>> subscriptions_of(store::Session& s, const std::string& uscc);
Result<std::optional<Subscription>> find_subscription(store::Session& s,
                                                      const std::string& institution_id,
                                                      const std::string& uscc);
// With the secret, for the dispatcher.
Result<std::optional<std::pair<Subscription, std::string>>> load_with_secret(store::Session& s,
                                                                             const std::string& id);

}  // namespace rx::push
