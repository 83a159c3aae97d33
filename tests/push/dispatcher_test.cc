#include "push/dispatcher.h"

#include <gtest/gtest.h>

#include "api/http/client.h"
#include "push/event_repository.h"
#include "push/fanout.h"
#include "push/push_test_support.h"
#include "push/subscription_repository.h"

namespace rx::push {
namespace {

using testing::kUscc;
using testing::Receiver;

Result<int> post(const std::string& url, const Headers& headers, const std::string& body,
                 std::chrono::milliseconds timeout) {
  RX_ASSIGN_OR_RETURN(auto response, api::http_post(url, headers, body, timeout));
  return response.status;
}

class DispatcherTest : public testing::PushTest {
 protected:
  // A webhook subscription of bank-a to `receiver` with one pending data_changed event.
  void pending_event(Receiver& receiver) {
    authorization_ = grant();
    auto made =
        SubscriptionRepository(db(), clock_, random_)
            .create({"bank-a", kUscc, authorization_.id, receiver.url(), "key-bank"}, false);
    ASSERT_TRUE(made.is_ok()) << made.status().to_string();
    secret_ = made->secret;
    clock_.advance(std::chrono::seconds(1));
    batch({"2026-09"});
    auto fanned = fan_out(db(), catalog(), clock_, random_);
    ASSERT_TRUE(fanned.is_ok()) << fanned.status().to_string();
    ASSERT_EQ(fanned->events, 1);
  }
  Event only_event() {
    Event out;
    EXPECT_TRUE(db().read([&](store::Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(auto events,
                                          select_events(s, "1 = 1 ORDER BY seq", {}, 10));
                      EXPECT_EQ(events.size(), 1u);
                      if (!events.empty()) out = events[0];
                      return Status::ok();
                    })
                    .is_ok());
    return out;
  }
  DispatchStats run(Dispatcher& d) {
    auto stats = d.run_once();
    EXPECT_TRUE(stats.is_ok()) << stats.status().to_string();
    return stats.is_ok() ? *stats : DispatchStats{};
  }
  Dispatcher dispatcher(int max_attempts = 8) {
    DispatchOptions options;
    options.retry = {std::chrono::milliseconds(1000), std::chrono::milliseconds(4000),
                     max_attempts};
    options.timeout = std::chrono::milliseconds(2000);
    return Dispatcher(db(), clock_, post, options);
  }
  consent::Authorization authorization_;
  std::string secret_;
};

TEST_P(DispatcherTest, RetriesWithBackoffUntilDeliveredAndSigns) {
  Receiver receiver({500, 503, 200});
  pending_event(receiver);
  Dispatcher d = dispatcher();
  EXPECT_EQ(run(d).failed, 1);
  Event e = only_event();
  EXPECT_EQ(e.delivery, "pending");
  EXPECT_EQ(e.attempts, 1);
  EXPECT_EQ(e.last_error, "HTTP 500");
  EXPECT_EQ(*e.next_attempt_at, clock_.now() + std::chrono::seconds(1));
  // Not due yet: nothing is sent.
  clock_.advance(std::chrono::milliseconds(999));
  EXPECT_EQ(run(d).failed, 0);
  EXPECT_EQ(receiver.requests().size(), 1u);
  clock_.advance(std::chrono::milliseconds(1));
  EXPECT_EQ(run(d).failed, 1);
  EXPECT_EQ(*only_event().next_attempt_at, clock_.now() + std::chrono::seconds(2));
  clock_.advance(std::chrono::seconds(2));
  EXPECT_EQ(run(d).delivered, 1);
  e = only_event();
  EXPECT_EQ(e.delivery, "delivered");
  EXPECT_EQ(e.attempts, 3);
  EXPECT_EQ(e.delivered_at, clock_.now());
  clock_.advance(std::chrono::seconds(60));
  EXPECT_EQ(run(d).delivered, 0);

  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const auto& r : requests) {
    EXPECT_EQ(r.target, "/hook");
    EXPECT_EQ(r.headers.at("content-type"), "application/json");
    EXPECT_EQ(r.headers.at("x-rongxin-event"), e.id);
    const int64_t ts = std::stoll(r.headers.at("x-rongxin-timestamp"));
    // The receiver's check: HMAC over "<timestamp>.<body>" with the secret shown at creation.
    EXPECT_TRUE(verify_signature(secret_, ts, r.body, r.headers.at("x-rongxin-signature")))
        << r.headers.at("x-rongxin-signature");
    EXPECT_FALSE(verify_signature("whsec_other", ts, r.body, r.headers.at("x-rongxin-signature")));
    const auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["id"], e.id);
    EXPECT_EQ(body["kind"], "data_changed");
    EXPECT_EQ(body["uscc"], kUscc);
    EXPECT_EQ(body["payload"]["records"][0]["fields"]["period"], "2026-09");
  }
  EXPECT_EQ(
      std::stoll(requests[2].headers.at("x-rongxin-timestamp")),
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count() -
          60);
}

TEST_P(DispatcherTest, DeadAfterMaxAttemptsThenRetriedByHand) {
  Receiver receiver({500, 500, 500, 204});
  pending_event(receiver);
  Dispatcher d = dispatcher(3);
  EXPECT_EQ(run(d).failed, 1);
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(run(d).failed, 1);
  clock_.advance(std::chrono::seconds(2));
  EXPECT_EQ(run(d).dead, 1);
  Event e = only_event();
  EXPECT_EQ(e.delivery, "dead");
  EXPECT_EQ(e.attempts, 3);
  clock_.advance(std::chrono::hours(1));
  EXPECT_EQ(run(d).failed + run(d).dead, 0);
  auto dead = dead_letters(db(), std::string("bank-a"), 10);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ(dead_letters(db(), std::string("bank-b"), 10)->size(), 0u);
  EXPECT_EQ(dead_letters(db(), std::nullopt, 10)->size(), 1u);
  EXPECT_EQ(retry_dead(db(), e.id, std::string("bank-b"), clock_.now()).status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(retry_dead(db(), e.id, std::string("bank-a"), clock_.now()).is_ok());
  EXPECT_EQ(retry_dead(db(), e.id, std::nullopt, clock_.now()).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(run(d).delivered, 1);
  EXPECT_EQ(receiver.requests().size(), 4u);
}

TEST_P(DispatcherTest, WithheldOnceTheAuthorizationEnds) {
  Receiver receiver({500});
  pending_event(receiver);
  Dispatcher d = dispatcher();
  EXPECT_EQ(run(d).failed, 1);
  revoke(authorization_);
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(run(d).withheld, 1);
  Event e = only_event();
  EXPECT_EQ(e.delivery, "withheld");
  EXPECT_EQ(e.last_error, "authorization_revoked");
  clock_.advance(std::chrono::hours(1));
  run(d);
  EXPECT_EQ(receiver.requests().size(), 1u);
}

TEST_P(DispatcherTest, UnreachableReceiverCountsAsAFailure) {
  uint16_t closed_port = 0;
  {
    Receiver gone({200});
    closed_port = static_cast<uint16_t>(std::stoi(gone.url().substr(17, 5)));
  }
  authorization_ = grant();
  ASSERT_TRUE(SubscriptionRepository(db(), clock_, random_)
                  .create({"bank-a", kUscc, authorization_.id,
                           "http://127.0.0.1:" + std::to_string(closed_port) + "/hook", "k"},
                          false)
                  .is_ok());
  clock_.advance(std::chrono::seconds(1));
  batch({"2026-09"});
  ASSERT_TRUE(fan_out(db(), catalog(), clock_, random_).is_ok());
  Dispatcher d = dispatcher();
  EXPECT_EQ(run(d).failed, 1);
  EXPECT_FALSE(only_event().last_error.empty());
}

RX_INSTANTIATE_BACKENDS(DispatcherTest);

}  // namespace
}  // namespace rx::push
