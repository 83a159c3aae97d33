#include "push/subscription_repository.h"

#include "consent/authorization_repository.h"
#include "core/id.h"
#include "core/uscc.h"
#include "crypto/crypto.h"
#include "push/url_policy.h"

namespace rx::push {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, institution_id, uscc, authorization_id, webhook_url, created_at, created_by, "
    "secret FROM push_subscriptions";

Subscription from_row(const store::Row& r) {
  Subscription s;
  s.id = r.text(0);
  s.institution_id = r.text(1);
  s.uscc = r.text(2);
  s.authorization_id = r.text(3);
  if (!r.is_null(4)) s.webhook_url = r.text(4);
  s.created_at = instant_from_micros(r.integer(5));
  s.created_by = r.text(6);
  return s;
}

Result<std::vector<Subscription>> select(store::Session& s, const std::string& where,
                                         const std::vector<store::Value>& params) {
  RX_ASSIGN_OR_RETURN(
      store::Rows rows,
      s.query(std::string(kColumns) + " WHERE " + where + " ORDER BY created_at, id", params));
  std::vector<Subscription> out;
  for (const store::Row& r : rows) out.push_back(from_row(r));
  return out;
}

Status denied(consent::Deny deny) {
  return Status(
      StatusCode::kPermissionDenied,
      "the authorization does not allow this subscription: " + std::string(consent::explain(deny)),
      {{"authorization_id", std::string(consent::to_string(deny))}});
}

}  // namespace

Result<CreatedSubscription> SubscriptionRepository::create(const NewSubscription& request,
                                                           bool production) {
  std::vector<FieldError> errors;
  if (!Uscc::parse(request.uscc).is_ok())
    errors.push_back({"uscc", "must be a valid unified social credit code"});
  if (request.authorization_id.empty() || request.authorization_id.size() > 64)
    errors.push_back({"authorization_id", "must be an authorization id"});
  if (request.webhook_url) {
    Status url = check_webhook_url(*request.webhook_url, production);
    if (!url.is_ok()) errors.insert(errors.end(), url.details().begin(), url.details().end());
  }
  if (!errors.empty())
    return invalid_argument("invalid subscription: " + errors[0].field + " " + errors[0].reason,
                            errors);
  const Instant now = clock_.now();
  CreatedSubscription out;
  Subscription& sub = out.subscription;
  sub.id = new_uuid_v7(clock_, random_);
  sub.institution_id = request.institution_id;
  sub.uscc = request.uscc;
  sub.authorization_id = request.authorization_id;
  sub.webhook_url = request.webhook_url;
  sub.created_at = now;
  sub.created_by = request.key_id;
  uint8_t bytes[32];
  random_.fill(bytes);
  out.secret = "whsec_" + crypto::base64url(bytes);
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto a, consent::load_authorization(s, request.authorization_id));
    // Another institution's authorization is reported as none: its existence is not ours to tell.
    if (!a || a->grant.institution_id != request.institution_id)
      return denied(consent::Deny::kNoAuthorization);
    consent::AccessAsk ask;
    ask.uscc = request.uscc;
    ask.institution_id = request.institution_id;
    ask.purpose = a->grant.purpose;
    ask.now = now;
    if (consent::Deny d = consent::check(*a, ask); d != consent::Deny::kNone) return denied(d);
    RX_ASSIGN_OR_RETURN(auto existing, find_subscription(s, request.institution_id, request.uscc));
    if (existing)
      return already_exists("institution already subscribes to this enterprise (subscription " +
                            existing->id + "); delete it first");
    return s
        .execute(
            "INSERT INTO push_subscriptions (id, institution_id, uscc, authorization_id, "
            "webhook_url, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {sub.id, sub.institution_id, sub.uscc, sub.authorization_id,
             store::nullable(sub.webhook_url), out.secret, micros(now), sub.created_by})
        .status();
  }));
  return out;
}

Result<std::vector<Subscription>> SubscriptionRepository::list(
    const std::optional<std::string>& institution_id) {
  std::vector<Subscription> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    if (institution_id) {
      RX_ASSIGN_OR_RETURN(out, select(s, "institution_id = ?", {*institution_id}));
    } else {
      RX_ASSIGN_OR_RETURN(out, select(s, "1 = 1", {}));
    }
    return Status::ok();
  }));
  return out;
}

Status SubscriptionRepository::remove(const std::string& id, const std::string& institution_id) {
  return db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(
        int64_t removed,
        s.execute("DELETE FROM push_subscriptions WHERE id = ? AND institution_id = ?",
                  {id, institution_id}));
    if (removed == 0) return not_found("no subscription " + id);
    return s
        .execute(
            "UPDATE push_events SET delivery = 'withheld', next_attempt_at = NULL, "
            "last_error = 'unsubscribed' WHERE subscription_id = ? AND delivery = 'pending'",
            {id})
        .status();
  });
}

Result<std::vector<Subscription>> subscriptions_of(store::Session& s, const std::string& uscc) {
  return select(s, "uscc = ?", {uscc});
}

Result<std::optional<Subscription>> find_subscription(store::Session& s,
                                                      const std::string& institution_id,
                                                      const std::string& uscc) {
  RX_ASSIGN_OR_RETURN(auto found,
                      select(s, "institution_id = ? AND uscc = ?", {institution_id, uscc}));
  if (found.empty()) return std::optional<Subscription>();
  return std::optional<Subscription>(std::move(found[0]));
}

Result<std::optional<std::pair<Subscription, std::string>>> load_with_secret(
    store::Session& s, const std::string& id) {
  RX_ASSIGN_OR_RETURN(store::Rows rows, s.query(std::string(kColumns) + " WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<std::pair<Subscription, std::string>>();
  return std::optional(std::make_pair(from_row(rows[0]), rows[0].text(7)));
}

}  // namespace rx::push
