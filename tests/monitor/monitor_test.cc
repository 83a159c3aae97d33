#include "monitor/monitor.h"

#include <gtest/gtest.h>

#include "crypto/signing.h"
#include "monitor/alert_repository.h"
#include "monitor/test_support.h"
#include "monitor/usage.h"

namespace rx::monitor {
namespace {

using testing::EntryBuilder;
using testing::shanghai;

class MonitorObserveTest : public testing::MonitorTest {
 protected:
  std::vector<Alert> alerts(std::optional<std::string> rule = std::nullopt) {
    return read<std::vector<Alert>>([&](store::Session& s) -> Result<std::vector<Alert>> {
      AlertQuery q;
      q.rule = rule;
      RX_ASSIGN_OR_RETURN(AlertPage page, list_alerts(s, q));
      return page.items;
    });
  }
  Alert with_evidence(const std::string& id) {
    auto found = read<std::optional<Alert>>([&](store::Session& s) { return find_alert(s, id); });
    EXPECT_TRUE(found.has_value());
    return found.value_or(Alert{});
  }
  Usage usage(Instant from, Instant to, std::optional<std::string> institution = std::nullopt) {
    return read<Usage>([&](store::Session& s) {
      return read_usage(s, {hour_start(from), hour_start(to), institution, 10});
    });
  }
  static std::vector<int64_t> indexes(const Alert& a) {
    std::vector<int64_t> out;
    for (const Evidence& e : a.evidence) out.push_back(e.index);
    return out;
  }
};

TEST_P(MonitorObserveTest, CountsByHourInstitutionCategoryPurposeAndReason) {
  Monitor m({}, clock_, random_);
  ASSERT_TRUE(feed(m, {EntryBuilder("bank-a", "ka", "S1", shanghai(10, 5))
                           .categories({"tax", "tax.amount", "social_insurance"}),
                       EntryBuilder("bank-a", "ka", "S2", shanghai(10, 6)),
                       EntryBuilder("bank-b", "kb", "S1", shanghai(11, 1))
                           .denied("authorization_revoked")
                           .purpose("credit_review")})
                  .is_ok());
  // A second batch adds to the same rows.
  ASSERT_TRUE(feed(m, {EntryBuilder("bank-a", "ka", "S1", shanghai(11, 30))}).is_ok());

  Usage all = usage(shanghai(9), shanghai(12));
  ASSERT_EQ(all.hours.size(), 3u);
  EXPECT_EQ(all.hours[0].allowed + all.hours[0].denied, 0);
  EXPECT_EQ(all.hours[1].allowed, 2);
  EXPECT_EQ(all.hours[2].allowed, 1);
  EXPECT_EQ(all.hours[2].denied, 1);
  EXPECT_EQ(all.total, 4);
  EXPECT_EQ(all.denied, 1);
  ASSERT_EQ(all.institutions.size(), 2u);
  EXPECT_EQ(all.institutions[0].item, "bank-a");
  EXPECT_EQ(all.institutions[0].count, 3);
  EXPECT_EQ(all.institutions[1].denied, 1);
  ASSERT_EQ(all.categories.size(), 2u);  // tax.amount counts as tax, once per entry
  EXPECT_EQ(all.categories[0].item, "tax");
  EXPECT_EQ(all.categories[0].count, 4);
  EXPECT_EQ(all.categories[1].item, "social_insurance");
  ASSERT_EQ(all.enterprises.size(), 2u);
  EXPECT_EQ(all.enterprises[0].item, "S1");
  EXPECT_EQ(all.enterprises[0].count, 3);
  ASSERT_EQ(all.purposes.size(), 2u);
  EXPECT_EQ(all.purposes[1].item, "credit_review");
  ASSERT_EQ(all.reasons.size(), 1u);
  EXPECT_EQ(all.reasons[0].item, "authorization_revoked");
  EXPECT_EQ(all.keys.size(), 2u);

  // One institution sees only its own.
  Usage mine = usage(shanghai(9), shanghai(12), "bank-b");
  EXPECT_EQ(mine.total, 1);
  EXPECT_EQ(mine.denied, 1);
  ASSERT_EQ(mine.enterprises.size(), 1u);
  EXPECT_EQ(mine.institutions.size(), 1u);
  EXPECT_EQ(mine.institutions[0].item, "bank-b");
}

TEST_P(MonitorObserveTest, RepeatedDenialsRaiseOneAlertPerWindowWithTheirEntries) {
  Thresholds t;
  t.denials = 5;
  Monitor m(t, clock_, random_);
  std::vector<ledger::Entry> four;
  for (int i = 0; i < 4; ++i)
    four.push_back(
        EntryBuilder("bank-a", "ka", "S1", shanghai(10, 1, i)).denied("no_authorization"));
  ASSERT_TRUE(feed(m, four).is_ok());
  EXPECT_TRUE(alerts().empty());
  ASSERT_TRUE(
      feed(m, {EntryBuilder("bank-a", "ka", "S1", shanghai(10, 2)).denied("no_authorization"),
               EntryBuilder("bank-a", "kz", "S1", shanghai(10, 2)).denied("no_authorization")})
          .is_ok());
  auto raised = alerts("denials");
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].key_id, "ka");
  EXPECT_EQ(raised[0].institution_id, "bank-a");
  EXPECT_EQ(raised[0].count, 5);
  EXPECT_EQ(raised[0].threshold, 5);
  EXPECT_EQ(raised[0].raised_index, 4);
  EXPECT_EQ(raised[0].state, AlertState::kOpen);
  EXPECT_EQ(raised[0].window_start, shanghai(10));
  EXPECT_EQ(raised[0].window_end, shanghai(10, 10));
  Alert full = with_evidence(raised[0].id);
  EXPECT_EQ(indexes(full), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(full.evidence[0].key_id, "ka");
  EXPECT_FALSE(full.evidence[0].entry_id.empty());

  // More in the window update the alert; the next window starts again.
  ASSERT_TRUE(
      feed(m, {EntryBuilder("bank-a", "ka", "S1", shanghai(10, 9)).denied("no_authorization"),
               EntryBuilder("bank-a", "ka", "S1", shanghai(10, 11)).denied("no_authorization")})
          .is_ok());
  raised = alerts("denials");
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].count, 6);
  EXPECT_EQ(raised[0].last_index, 6);
  EXPECT_EQ(indexes(with_evidence(raised[0].id)), (std::vector<int64_t>{0, 1, 2, 3, 4, 6}));
}

TEST_P(MonitorObserveTest, DistinctEnterprisesCountEachEnterpriseOnce) {
  Thresholds t;
  t.distinct_enterprises = 3;
  Monitor m(t, clock_, random_);
  ASSERT_TRUE(feed(m, {EntryBuilder("bank-a", "ka", "S1", shanghai(14, 0)),
                       EntryBuilder("bank-a", "ka", "S1", shanghai(14, 1)),
                       EntryBuilder("bank-a", "ka", "S2", shanghai(14, 2))})
                  .is_ok());
  ASSERT_TRUE(feed(m, {EntryBuilder("bank-a", "ka", "S2", shanghai(14, 3)),
                       EntryBuilder("bank-a", "kb", "S3", shanghai(14, 3))})
                  .is_ok());
  EXPECT_TRUE(alerts("distinct_enterprises").empty());
  ASSERT_TRUE(feed(m, {EntryBuilder("bank-a", "ka", "S3", shanghai(14, 4))}).is_ok());
  auto raised = alerts("distinct_enterprises");
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].key_id, "ka");
  EXPECT_EQ(raised[0].count, 3);
  EXPECT_EQ(indexes(with_evidence(raised[0].id)), (std::vector<int64_t>{0, 2, 5}));
}

TEST_P(MonitorObserveTest, QueriesWithoutApplicationAndAtQuietHours) {
  Monitor m({}, clock_, random_);
  ASSERT_TRUE(feed(m, {EntryBuilder("bank-a", "ka", "S1", shanghai(10)).purpose("loan_application"),
                       EntryBuilder("bank-b", "kb", "S1", shanghai(10))
                           .purpose("loan_application")
                           .application("APP-7"),
                       EntryBuilder("bank-c", "kc", "S1", shanghai(10)).purpose("post_loan"),
                       EntryBuilder("bank-d", "kd", "S1", shanghai(3, 30))})
                  .is_ok());
  auto no_app = alerts("no_application");
  ASSERT_EQ(no_app.size(), 1u);
  EXPECT_EQ(no_app[0].institution_id, "bank-a");
  EXPECT_EQ(no_app[0].key_id, "");
  EXPECT_EQ(no_app[0].window_start, shanghai(0));
  EXPECT_EQ(no_app[0].window_end, shanghai(24));
  EXPECT_EQ(indexes(with_evidence(no_app[0].id)), (std::vector<int64_t>{0}));
  auto quiet = alerts("quiet_hours");
  ASSERT_EQ(quiet.size(), 1u);
  EXPECT_EQ(quiet[0].institution_id, "bank-d");
  EXPECT_EQ(with_evidence(quiet[0].id).evidence.at(0).key_id, "kd");
}

TEST_P(MonitorObserveTest, VolumeAboveAMultipleOfTheBaseline) {
  Thresholds t;
  t.volume_min = 3;
  t.volume_multiple = 2;
  t.baseline_hours = 2;
  Monitor m(t, clock_, random_);
  std::vector<ledger::Entry> history;
  for (int i = 0; i < 2; ++i) history.push_back(EntryBuilder("bank-a", "ka", "S1", shanghai(8, i)));
  for (int i = 0; i < 4; ++i) history.push_back(EntryBuilder("bank-a", "ka", "S1", shanghai(9, i)));
  ASSERT_TRUE(feed(m, history).is_ok());  // 9:00 reached the floor of 3 with no baseline
  ASSERT_EQ(alerts("volume").size(), 1u);
  EXPECT_EQ(alerts("volume")[0].window_start, shanghai(9));
  // Baseline for 10:00 = (2 + 4) / 2 = 3 an hour; the alert comes at more than 2 x 3.
  std::vector<ledger::Entry> now;
  for (int i = 0; i < 6; ++i) now.push_back(EntryBuilder("bank-a", "ka", "S1", shanghai(10, i)));
  ASSERT_TRUE(feed(m, now).is_ok());
  EXPECT_EQ(alerts("volume").size(), 1u);
  ASSERT_TRUE(feed(m, {EntryBuilder("bank-a", "ka", "S1", shanghai(10, 50)),
                       EntryBuilder("bank-a", "ka", "S1", shanghai(10, 51))})
                  .is_ok());
  auto raised = alerts("volume");
  ASSERT_EQ(raised.size(), 2u);
  EXPECT_EQ(raised[0].window_start, shanghai(10));
  EXPECT_EQ(raised[0].threshold, 7);
  EXPECT_EQ(raised[0].count, 8);
  EXPECT_EQ(raised[0].raised_index, 12);
  // Evidence: the requests from the threshold on.
  EXPECT_EQ(indexes(with_evidence(raised[0].id)), (std::vector<int64_t>{12, 13}));
}

TEST_P(MonitorObserveTest, ALargeBatchCountsEveryRowAcrossStatementChunks) {
  // 300 enterprises, each read twice by one key and once by another: the counter upserts, the
  // subject lookups and the inserts all span several multi-row statements.
  Thresholds t;
  t.distinct_enterprises = 250;
  t.evidence_limit = 1000;
  Monitor m(t, clock_, random_);
  std::vector<ledger::Entry> batch;
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 300; ++i)
      batch.push_back(
          EntryBuilder("bank-a", "ka", "S" + std::to_string(i), shanghai(14, 0, i % 60)));
  for (int i = 0; i < 300; ++i)
    batch.push_back(EntryBuilder("bank-b", "kb", "S" + std::to_string(i), shanghai(14, 1, i % 60)));
  ASSERT_TRUE(feed(m, batch).is_ok());
  Usage u = read<Usage>([&](store::Session& s) {
    return read_usage(s, {hour_start(shanghai(14)), hour_start(shanghai(15)), std::nullopt, 100});
  });
  EXPECT_EQ(u.total, 900);
  ASSERT_EQ(u.enterprises.size(), 100u);
  for (const Ranked& r : u.enterprises) EXPECT_EQ(r.count, 3) << r.item;
  auto raised = alerts("distinct_enterprises");
  ASSERT_EQ(raised.size(), 2u);
  for (const Alert& a : raised) {
    EXPECT_EQ(a.count, 300) << a.key_id;
    Alert full = with_evidence(a.id);
    ASSERT_EQ(full.evidence.size(), 300u);
    // Each enterprise's first read is the evidence, in ledger order.
    const int64_t first = a.key_id == "ka" ? 0 : 600;
    for (size_t i = 0; i < full.evidence.size(); ++i)
      EXPECT_EQ(full.evidence[i].index, first + static_cast<int64_t>(i));
  }
  // A second batch about the same enterprises brings nothing new to the windows.
  ASSERT_TRUE(feed(m, {EntryBuilder("bank-a", "ka", "S7", shanghai(14, 2))}).is_ok());
  for (const Alert& a : alerts("distinct_enterprises")) EXPECT_EQ(a.count, 300) << a.key_id;
}

TEST_P(MonitorObserveTest, AFailedBatchLeavesNothing) {
  Monitor m({}, clock_, random_);
  Status st = db().write([&](store::Session& s) -> Status {
    std::vector<ledger::SequencedEntry> batch{
        {0, EntryBuilder("bank-a", "ka", "S1", shanghai(10)).purpose("loan_application")}};
    batch[0].entry.id = "e0";
    RX_RETURN_IF_ERROR(m.observe(s, batch));
    return internal_error("the sequencer failed after observing");
  });
  EXPECT_FALSE(st.is_ok());
  EXPECT_EQ(usage(shanghai(9), shanghai(12)).total, 0);
  EXPECT_TRUE(alerts().empty());
}

TEST_P(MonitorObserveTest, ObservesWhatTheLedgerSequences) {
  auto key = crypto::Ed25519Key::generate();
  ASSERT_TRUE(key.is_ok());
  ledger::Ledger ledger(db(), *key, "test.example/ledger", clock_);
  Thresholds t;
  t.denials = 2;
  Monitor m(t, clock_, random_);
  std::vector<std::string> ids;
  ASSERT_TRUE(
      db().write([&](store::Session& s) -> Status {
            for (int i = 0; i < 3; ++i) {
              ledger::Entry e =
                  EntryBuilder("bank-a", "ka", "S1", shanghai(10, i)).denied("no_authorization");
              e.id = new_uuid_v7(clock_, random_);
              ids.push_back(e.id);
              RX_RETURN_IF_ERROR(ledger::append(s, e));
            }
            return Status::ok();
          })
          .is_ok());
  auto sequenced = ledger.sequence(&m);
  ASSERT_TRUE(sequenced.is_ok()) << sequenced.status().to_string();
  EXPECT_EQ(*sequenced, 3u);
  EXPECT_EQ(usage(shanghai(9), shanghai(12)).denied, 3);
  auto raised = alerts("denials");
  ASSERT_EQ(raised.size(), 1u);
  Alert full = with_evidence(raised[0].id);
  ASSERT_EQ(full.evidence.size(), 3u);
  EXPECT_EQ(full.evidence[0].entry_id, ids[0]);
  EXPECT_EQ(full.evidence[2].entry_id, ids[2]);
  EXPECT_EQ(full.evidence[2].index, 2);
  // Sequencing again observes nothing twice.
  ASSERT_TRUE(ledger.sequence(&m).is_ok());
  EXPECT_EQ(usage(shanghai(9), shanghai(12)).denied, 3);
}

RX_INSTANTIATE_BACKENDS(MonitorObserveTest);

}  // namespace
}  // namespace rx::monitor
