#include "push/dispatcher.h"

#include <optional>

#include "consent/authorization_repository.h"
#include "crypto/crypto.h"
#include "ledger/ledger.h"
#include "push/event_repository.h"
#include "push/subscription_repository.h"

namespace rx::push {
namespace {

// What the claim found: send to url with secret, or nothing to do.
struct Claimed {
  std::string url, secret;
};

std::string_view ended_reason(const consent::Authorization& a, Instant now) {
  switch (a.state_at(now)) {
    case consent::State::kRevoked:
      return consent::to_string(consent::Deny::kRevoked);
    case consent::State::kExpired:
      return consent::to_string(consent::Deny::kExpired);
    case consent::State::kPaused:
      return consent::to_string(consent::Deny::kPaused);
    case consent::State::kActive:
      break;
  }
  return {};
}

// A webhook's end as an audit entry (the event's creation is one already): delivered, dead
// after every retry, or withheld because the authorization ended. Written only by the
// transaction that made the change, so once per event.
Status record_delivery(store::Session& s, const Event& e, Instant at, std::string_view outcome,
                       std::string_view reason, std::string_view body_sha256) {
  ledger::Entry entry;
  entry.id = e.id + "/" + std::string(reason.empty() ? outcome : reason);
  entry.at = at;
  entry.actor = {"system", "", e.institution_id, ""};
  entry.action = std::string(ledger::action::kPushDelivery);
  entry.outcome = std::string(outcome);
  entry.reason = std::string(reason);
  entry.subject = e.uscc;
  entry.authorization_id = e.authorization_id.value_or("");
  entry.request_id = e.id;
  entry.result_sha256 = std::string(body_sha256);
  entry.ref = e.id;
  return ledger::append(s, entry);
}

Status withhold(store::Session& s, const Event& e, std::string_view reason, Instant at) {
  RX_ASSIGN_OR_RETURN(
      int64_t changed,
      s.execute(
          "UPDATE push_events SET delivery = 'withheld', next_attempt_at = NULL, last_error = ? "
          "WHERE id = ?",
          {std::string(reason), e.id}));
  if (changed == 0) return Status::ok();
  return record_delivery(s, e, at, "denied", reason, "");
}

}  // namespace

Result<DispatchStats> Dispatcher::run_once() {
  DispatchStats stats;
  std::vector<Event> due;
  const Instant now = clock_.now();
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(due, select_events(s,
                                           "delivery = 'pending' AND next_attempt_at <= ? "
                                           "ORDER BY next_attempt_at, seq",
                                           {micros(now)}, options_.batch));
    return Status::ok();
  }));
  for (Event& e : due) {
    std::optional<Claimed> claimed;
    bool withheld = false;
    RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
      claimed.reset();
      withheld = false;
      const Instant at = clock_.now();
      const Instant lease = at + options_.timeout + std::chrono::seconds(30);
      RX_ASSIGN_OR_RETURN(int64_t won,
                          s.execute("UPDATE push_events SET next_attempt_at = ? WHERE id = ? AND "
                                    "delivery = 'pending' AND next_attempt_at = ?",
                                    {micros(lease), e.id, micros(*e.next_attempt_at)}));
      if (won == 0) return Status::ok();  // another dispatcher has it
      std::optional<std::pair<Subscription, std::string>> sub;
      if (e.subscription_id) {
        RX_ASSIGN_OR_RETURN(sub, load_with_secret(s, *e.subscription_id));
      }
      if (!sub || !sub->first.webhook_url) {
        withheld = true;
        return withhold(s, e, "unsubscribed", at);
      }
      if (e.authorization_id) {
        RX_ASSIGN_OR_RETURN(auto a, consent::load_authorization(s, *e.authorization_id));
        std::string_view reason =
            a ? ended_reason(*a, at) : consent::to_string(consent::Deny::kNoAuthorization);
        if (!reason.empty()) {
          withheld = true;
          return withhold(s, e, reason, at);
        }
      }
      claimed = Claimed{*sub->first.webhook_url, sub->second};
      return Status::ok();
    }));
    if (withheld) ++stats.withheld;
    if (!claimed) continue;

    const std::string body = event_json(e).dump();
    const int64_t timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
    const Headers headers = {
        {"Content-Type", "application/json"},
        {"X-Rongxin-Event", e.id},
        {"X-Rongxin-Timestamp", std::to_string(timestamp)},
        {"X-Rongxin-Signature", signature_header(claimed->secret, timestamp, body)}};
    Result<int> answer = post_(claimed->url, headers, body, options_.timeout);
    const bool ok = answer.is_ok() && *answer >= 200 && *answer < 300;
    const int64_t attempts = e.attempts + 1;
    const Instant after = clock_.now();
    std::string error;
    if (!ok) error = answer.is_ok() ? "HTTP " + std::to_string(*answer) : answer.status().message();
    if (error.size() > 500) error.resize(500);
    RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
      if (ok) {
        RX_ASSIGN_OR_RETURN(
            int64_t changed,
            s.execute(
                "UPDATE push_events SET delivery = 'delivered', attempts = ?, delivered_at = ?, "
                "next_attempt_at = NULL, last_error = '' WHERE id = ? AND delivery = 'pending'",
                {attempts, micros(after), e.id}));
        if (changed == 0) return Status::ok();
        return record_delivery(s, e, after, "allowed", "delivered", crypto::sha256_hex(body));
      }
      if (attempts >= options_.retry.max_attempts) {
        RX_ASSIGN_OR_RETURN(
            int64_t changed,
            s.execute(
                "UPDATE push_events SET delivery = 'dead', attempts = ?, next_attempt_at = NULL, "
                "last_error = ? WHERE id = ? AND delivery = 'pending'",
                {attempts, error, e.id}));
        if (changed == 0) return Status::ok();
        return record_delivery(s, e, after, "failed", "dead", "");
      }
      const Instant next = after + retry_delay(options_.retry, static_cast<int>(attempts));
      return s
          .execute(
              "UPDATE push_events SET attempts = ?, next_attempt_at = ?, last_error = ? "
              "WHERE id = ? AND delivery = 'pending'",
              {attempts, micros(next), error, e.id})
          .status();
    }));
    if (ok)
      ++stats.delivered;
    else if (attempts >= options_.retry.max_attempts)
      ++stats.dead;
    else
      ++stats.failed;
  }
  return stats;
}

}  // namespace rx::push
