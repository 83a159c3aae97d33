// Inbox messages reach the recipient's webhook: queued with the message, signed, retried with
// backoff, dead after the last attempt; recipients without a webhook get nothing queued.
#include "push/inbox_delivery.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "inbox/inbox_repository.h"
#include "push/signing.h"
#include "testing/test_database.h"

namespace rx::push {
namespace {

struct Call {
  std::string url, body;
  Headers headers;
};

inbox::Recipient firm(const std::string& uscc) {
  inbox::Recipient r;
  r.kind = inbox::RecipientKind::kEnterprise;
  r.id = uscc;
  return r;
}

class InboxDeliveryTest : public testing::BackendTest {
 protected:
  void notify(const std::string& uscc, const std::string& title) {
    inbox::NewMessage m;
    m.recipient = firm(uscc);
    m.kind = "application_accepted";
    m.title = title;
    m.body = "正文";
    m.link = "/x";
    ASSERT_TRUE(
        db().write([&](store::Session& s) { return inbox::notify(s, clock_, random_, m).status(); })
            .is_ok());
  }
  void set_webhook(const std::string& uscc) {
    inbox::Webhook w;
    w.recipient = firm(uscc);
    w.url = "http://127.0.0.1:9/hook";
    w.secret = "whsec_test";
    w.created_at = clock_.now();
    ASSERT_TRUE(db().write([&](store::Session& s) { return inbox::set_webhook(s, w); }).is_ok());
  }
  InboxDelivery delivery(int answer) {
    DispatchOptions options;
    options.retry = {std::chrono::milliseconds(1000), std::chrono::milliseconds(60'000), 3};
    return InboxDelivery(
        db(), clock_,
        [this, answer](const std::string& url, const Headers& headers, const std::string& body,
                       std::chrono::milliseconds) -> Result<int> {
          calls_.push_back({url, body, headers});
          if (answer == 0) return unavailable("connection refused");
          return answer;
        },
        options);
  }
  static std::string header(const Call& c, const std::string& name) {
    for (const auto& [k, v] : c.headers)
      if (k == name) return v;
    return "";
  }
  ManualClock clock_{Instant(std::chrono::seconds(1'795'000'000))};
  SeededRandom random_{3};
  std::vector<Call> calls_;
};

TEST_P(InboxDeliveryTest, AMessageReachesTheWebhookSigned) {
  set_webhook("E1");
  notify("E1", "申请已受理");
  notify("E2", "没有 webhook 的企业");
  auto stats = delivery(200).run_once();
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  EXPECT_EQ(stats->delivered, 1);
  ASSERT_EQ(calls_.size(), 1u);
  const Call& c = calls_[0];
  EXPECT_EQ(c.url, "http://127.0.0.1:9/hook");
  const auto body = nlohmann::json::parse(c.body);
  EXPECT_EQ(body["title"], "申请已受理");
  EXPECT_EQ(body["recipient"]["id"], "E1");
  EXPECT_TRUE(verify_signature("whsec_test", std::stoll(header(c, "X-Rongxin-Timestamp")), c.body,
                               header(c, "X-Rongxin-Signature")));
  EXPECT_FALSE(verify_signature("whsec_other", std::stoll(header(c, "X-Rongxin-Timestamp")), c.body,
                                header(c, "X-Rongxin-Signature")));
  // Delivered once only.
  EXPECT_EQ(delivery(200).run_once()->delivered, 0);
  EXPECT_EQ(calls_.size(), 1u);
}

TEST_P(InboxDeliveryTest, FailuresAreRetriedWithBackoffThenDead) {
  set_webhook("E1");
  notify("E1", "申请已受理");
  EXPECT_EQ(delivery(500).run_once()->failed, 1);
  EXPECT_EQ(delivery(500).run_once()->failed, 0);  // not due yet: the first wait is 1 s
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(delivery(0).run_once()->failed, 1);  // refused
  clock_.advance(std::chrono::seconds(2));
  EXPECT_EQ(delivery(500).run_once()->dead, 1);  // the third attempt was the last
  clock_.advance(std::chrono::hours(1));
  EXPECT_EQ(delivery(200).run_once()->delivered, 0);
  EXPECT_EQ(calls_.size(), 3u);
  std::vector<inbox::Delivery> recent;
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(
                        recent,
                        inbox::recent_deliveries(s, {inbox::RecipientKind::kEnterprise, "E1"}, 10));
                    return Status::ok();
                  })
                  .is_ok());
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0].attempts, 3);
  EXPECT_TRUE(recent[0].dead_at.has_value());
  EXPECT_EQ(recent[0].last_status, 500);
}

TEST_P(InboxDeliveryTest, ARemovedWebhookQueuesNothingMore) {
  set_webhook("E1");
  ASSERT_TRUE(
      db().write([&](store::Session& s) { return inbox::remove_webhook(s, firm("E1")); }).is_ok());
  notify("E1", "申请已受理");
  EXPECT_EQ(delivery(200).run_once()->delivered, 0);
  EXPECT_TRUE(calls_.empty());
  EXPECT_EQ(
      db().write([&](store::Session& s) { return inbox::remove_webhook(s, firm("E1")); }).code(),
      StatusCode::kNotFound);
}

RX_INSTANTIATE_BACKENDS(InboxDeliveryTest);

}  // namespace
}  // namespace rx::push
