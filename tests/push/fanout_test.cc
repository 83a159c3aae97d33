#include "push/fanout.h"

#include <gtest/gtest.h>

#include "consent/access_log.h"
#include "push/corrections.h"
#include "push/event_repository.h"
#include "push/push_test_support.h"
#include "push/subscription_repository.h"

namespace rx::push {
namespace {

using testing::kUscc;

class FanoutTest : public testing::PushTest {
 protected:
  CreatedSubscription subscribe(const consent::Authorization& a,
                                std::optional<std::string> url = std::nullopt,
                                const std::string& institution = "bank-a") {
    auto made = SubscriptionRepository(db(), clock_, random_)
                    .create({institution, kUscc, a.id, std::move(url), "key-bank"}, false);
    EXPECT_TRUE(made.is_ok()) << made.status().to_string();
    return *made;
  }
  FanoutStats fan() {
    auto stats = fan_out(db(), catalog(), clock_, random_);
    EXPECT_TRUE(stats.is_ok()) << stats.status().to_string();
    return stats.is_ok() ? *stats : FanoutStats{};
  }
  std::vector<Event> feed_of(const std::string& institution, int64_t after = 0) {
    auto page = feed(db(), institution, after, 100, clock_.now());
    EXPECT_TRUE(page.is_ok()) << page.status().to_string();
    return page.is_ok() ? page->items : std::vector<Event>{};
  }
};

TEST_P(FanoutTest, SubscriptionNeedsAnAuthorizationInForce) {
  SubscriptionRepository repo(db(), clock_, random_);
  const consent::Authorization a = grant();
  auto other = repo.create({"bank-b", kUscc, a.id, std::nullopt, "k"}, false);
  ASSERT_FALSE(other.is_ok());
  EXPECT_EQ(other.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(other.status().details().at(0).field, "authorization_id");
  EXPECT_EQ(other.status().details().at(0).reason, "authorization_missing");
  auto wrong_enterprise =
      repo.create({"bank-a", "91110000100000000A", a.id, std::nullopt, "k"}, false);
  ASSERT_FALSE(wrong_enterprise.is_ok());
  auto bad_url = repo.create({"bank-a", kUscc, a.id, "http://example.com/h?token=x", "k"}, false);
  ASSERT_FALSE(bad_url.is_ok());
  EXPECT_EQ(bad_url.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_url.status().details().at(0).field, "webhook_url");
  EXPECT_EQ(bad_url.status().message().find("token"), std::string::npos);

  auto made = repo.create({"bank-a", kUscc, a.id, std::nullopt, "k"}, false);
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  EXPECT_TRUE(made->secret.starts_with("whsec_"));
  EXPECT_EQ(made->secret.size(), 6u + 43u);  // 32 bytes, base64url
  EXPECT_EQ(repo.create({"bank-a", kUscc, a.id, std::nullopt, "k"}, false).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(repo.list("bank-a")->size(), 1u);
  EXPECT_EQ(repo.list(std::nullopt)->size(), 1u);
  EXPECT_EQ(repo.list("bank-b")->size(), 0u);
  EXPECT_EQ(repo.remove(made->subscription.id, "bank-b").code(), StatusCode::kNotFound);
  EXPECT_TRUE(repo.remove(made->subscription.id, "bank-a").is_ok());
  EXPECT_EQ(repo.list("bank-a")->size(), 0u);

  revoke(a);
  auto revoked = repo.create({"bank-a", kUscc, a.id, std::nullopt, "k"}, false);
  ASSERT_FALSE(revoked.is_ok());
  EXPECT_EQ(revoked.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(revoked.status().details().at(0).reason, "authorization_revoked");
}

TEST_P(FanoutTest, BatchBecomesOneDataChangedEventUnderTheFieldScope) {
  const consent::Authorization a = grant();
  const std::string before = batch({"2026-08"});  // before subscribing: not pushed
  clock_.advance(std::chrono::seconds(1));
  subscribe(a);
  clock_.advance(std::chrono::seconds(1));
  const std::string b = batch({"2026-09", "2024-12"});  // 2024-12 is outside the period
  FanoutStats stats = fan();
  EXPECT_EQ(stats.batches, 2);
  EXPECT_EQ(stats.events, 1);
  std::vector<Event> events = feed_of("bank-a");
  ASSERT_EQ(events.size(), 1u);
  const Event& e = events[0];
  EXPECT_EQ(e.kind, "data_changed");
  EXPECT_EQ(e.delivery, "feed");
  EXPECT_FALSE(e.requires_ack);
  EXPECT_EQ(e.payload["batch_id"], b);
  EXPECT_EQ(e.payload["category"], "tax");
  ASSERT_EQ(e.payload["records"].size(), 1u);
  const nlohmann::json& record = e.payload["records"][0];
  EXPECT_EQ(record["fields"]["period"], "2026-09");
  EXPECT_EQ(record["fields"]["tax_paid_amount"], 2400000);  // authorized: in clear
  EXPECT_TRUE(record["fields"]["tax_payable_amount"].is_object()) << record;  // generalized
  EXPECT_FALSE(record["fields"].contains("sales_revenue_amount"));            // withheld
  EXPECT_TRUE(feed_of("bank-b").empty());

  // Recorded as a data access, in the same transaction.
  auto accesses = consent::list_accesses(db(), std::string(kUscc), std::nullopt, std::nullopt, 10);
  ASSERT_TRUE(accesses.is_ok());
  ASSERT_EQ(accesses->items.size(), 1u);
  EXPECT_EQ(accesses->items[0].action, "push");
  EXPECT_EQ(accesses->items[0].institution_id, "bank-a");
  EXPECT_EQ(accesses->items[0].request_id, e.id);
  EXPECT_EQ(accesses->items[0].categories, std::vector<std::string>{"tax"});

  // Idempotent.
  EXPECT_EQ(fan().events, 0);
  EXPECT_EQ(feed_of("bank-a").size(), 1u);
  (void)before;
}

TEST_P(FanoutTest, EvaluationChangedCarriesThePreviousGrade) {
  const consent::Authorization a = grant();
  evaluation("2026-08", 71.5, "B");
  clock_.advance(std::chrono::seconds(1));
  subscribe(a);
  clock_.advance(std::chrono::seconds(1));
  const std::string run = evaluation("2026-09", 80.25, "A");
  EXPECT_EQ(fan().events, 1);
  std::vector<Event> events = feed_of("bank-a");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "evaluation_changed");
  EXPECT_EQ(events[0].payload["as_of"], "2026-09");
  EXPECT_EQ(events[0].payload["run_id"], run);
  EXPECT_EQ(events[0].payload["score"], 80.25);
  EXPECT_EQ(events[0].payload["grade"], "A");
  EXPECT_EQ(events[0].payload["previous_grade"], "B");
  EXPECT_EQ(events[0].payload["previous_as_of"], "2026-08");
  EXPECT_EQ(fan().events, 0);
}

TEST_P(FanoutTest, NothingOnceTheAuthorizationEnds) {
  const consent::Authorization a = grant();
  subscribe(a);
  clock_.advance(std::chrono::seconds(1));
  batch({"2026-09"});
  EXPECT_EQ(fan().events, 1);
  revoke(a);
  clock_.advance(std::chrono::seconds(1));
  batch({"2026-10"});
  evaluation("2026-10", 60, "C");
  FanoutStats stats = fan();
  EXPECT_EQ(stats.batches, 1);
  EXPECT_EQ(stats.runs, 1);
  EXPECT_EQ(stats.events, 0);
  // The feed no longer shows what was pushed under it.
  EXPECT_TRUE(feed_of("bank-a").empty());
  EXPECT_EQ(count("SELECT count(*) FROM push_events"), 1);
}

TEST_P(FanoutTest, ExpiryEndsPushToo) {
  const consent::Authorization a = grant();
  subscribe(a);
  clock_.advance(std::chrono::days(31));
  batch({"2026-09"});
  EXPECT_EQ(fan().events, 0);
}

TEST_P(FanoutTest, ARunningBatchDoesNotHoldBackLaterOnesNorGetsLost) {
  const consent::Authorization a = grant();
  subscribe(a);
  clock_.advance(std::chrono::seconds(1));
  const std::string slow = batch({"2026-07"}, "running");
  const std::string quick = batch({"2026-08"});
  FanoutStats first = fan();
  EXPECT_EQ(first.batches, 1);
  EXPECT_EQ(first.events, 1);
  EXPECT_EQ(fan().events, 0);
  finish_batch(slow);
  FanoutStats second = fan();
  EXPECT_EQ(second.batches, 1);
  EXPECT_EQ(second.events, 1);
  EXPECT_EQ(fan().events, 0);
  std::vector<Event> events = feed_of("bank-a");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].payload["batch_id"], quick);
  EXPECT_EQ(events[1].payload["batch_id"], slow);
  EXPECT_EQ(count("SELECT count(*) FROM push_fanned_out"), 0);
}

TEST_P(FanoutTest, FeedPagesByCursor) {
  const consent::Authorization a = grant();
  subscribe(a);
  for (const char* p : {"2026-01", "2026-02", "2026-03"}) {
    clock_.advance(std::chrono::seconds(1));
    batch({p});
  }
  EXPECT_EQ(fan().events, 3);
  auto page = feed(db(), "bank-a", 0, 2, clock_.now());
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_LT(page->items[0].seq, page->items[1].seq);
  auto rest = feed(db(), "bank-a", page->next_after, 2, clock_.now());
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].payload["records"][0]["fields"]["period"], "2026-03");
  auto end = feed(db(), "bank-a", rest->next_after, 2, clock_.now());
  EXPECT_TRUE(end->items.empty());
  EXPECT_EQ(end->next_after, rest->next_after);
}

TEST_P(FanoutTest, CorrectionsGoToEveryRecipientAndWaitForAck) {
  const consent::Authorization a = grant();
  subscribe(a);
  clock_.advance(std::chrono::seconds(1));
  batch({"2026-09"});
  EXPECT_EQ(fan().events, 1);
  revoke(a);  // corrections still reach what was received
  std::vector<std::string> ids;
  ASSERT_TRUE(db().write([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(
                        ids,
                        push_record_change(
                            s, {kUscc, "tax", "2026-09,vat", "corrected", "obj-1", clock_.now()},
                            clock_, random_));
                    return Status::ok();
                  })
                  .is_ok());
  ASSERT_EQ(ids.size(), 1u);
  std::vector<Event> events = feed_of("bank-a");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "record_correction");
  EXPECT_TRUE(events[0].requires_ack);
  EXPECT_EQ(events[0].payload["change"], "corrected");
  EXPECT_EQ(events[0].payload["objection_id"], "obj-1");
  EXPECT_EQ(events[0].payload["record_key"], "2026-09,vat");
  EXPECT_TRUE(feed_of("bank-b").empty());
  EXPECT_EQ(corrections(db(), true, 10)->size(), 1u);
  EXPECT_EQ(acknowledge(db(), ids[0], "bank-b", clock_.now()).status().code(),
            StatusCode::kNotFound);
  auto acked = acknowledge(db(), ids[0], "bank-a", clock_.now());
  ASSERT_TRUE(acked.is_ok());
  ASSERT_TRUE(acked->acked_at.has_value());
  clock_.advance(std::chrono::seconds(5));
  auto again = acknowledge(db(), ids[0], "bank-a", clock_.now());
  EXPECT_EQ(again->acked_at, acked->acked_at);  // idempotent
  EXPECT_EQ(corrections(db(), true, 10)->size(), 0u);
  EXPECT_EQ(corrections(db(), false, 10)->size(), 1u);

  Status bad = db().write([&](store::Session& s) {
    return push_record_change(s, {kUscc, "tax", "k", "edited", std::nullopt, clock_.now()}, clock_,
                              random_)
        .status();
  });
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
}

RX_INSTANTIATE_BACKENDS(FanoutTest);

}  // namespace
}  // namespace rx::push
