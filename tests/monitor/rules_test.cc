#include "monitor/rules.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "config/config.h"
#include "consent/authorization.h"
#include "monitor/test_support.h"

namespace rx::monitor {
namespace {

using testing::EntryBuilder;
using testing::shanghai;

std::vector<std::string> rules_of(const std::vector<Hit>& hits) {
  std::vector<std::string> out;
  for (const Hit& h : hits) out.emplace_back(h.rule);
  return out;
}

TEST(Rules, ShanghaiHoursAndDays) {
  EXPECT_EQ(shanghai_hour(shanghai(0)), 0);
  EXPECT_EQ(shanghai_hour(shanghai(23, 59)), 23);
  EXPECT_EQ(shanghai_hour(shanghai(8)), 8);
  EXPECT_EQ(shanghai_day_start(shanghai(23, 59)), micros(shanghai(0)));
  EXPECT_EQ(shanghai_day_start(shanghai(24)), micros(shanghai(24)));
  EXPECT_EQ(hour_start(shanghai(9, 59, 59)), micros(shanghai(9)));
}

TEST(Rules, QuietHoursWrapPastMidnightAndCanBeOff) {
  Thresholds t;  // 00:00-06:00
  EXPECT_TRUE(in_quiet_hours(shanghai(0), t));
  EXPECT_TRUE(in_quiet_hours(shanghai(5, 59), t));
  EXPECT_FALSE(in_quiet_hours(shanghai(6), t));
  EXPECT_FALSE(in_quiet_hours(shanghai(23, 30), t));
  t.quiet_start_hour = 22;
  t.quiet_end_hour = 6;
  EXPECT_TRUE(in_quiet_hours(shanghai(23, 30), t));
  EXPECT_TRUE(in_quiet_hours(shanghai(3), t));
  EXPECT_FALSE(in_quiet_hours(shanghai(12), t));
  t.quiet_end_hour = 22;
  EXPECT_FALSE(in_quiet_hours(shanghai(23, 30), t));
  EXPECT_FALSE(in_quiet_hours(shanghai(3), t));
}

TEST(Rules, WhichWindowsAnEntryCountsIn) {
  Thresholds t;
  // A day-time query for post-loan management: volume and distinct enterprises only.
  ledger::Entry day = EntryBuilder("bank-a", "k1", "S1", shanghai(10, 7));
  EXPECT_EQ(rules_of(hits_of(day, t)),
            (std::vector<std::string>{"volume", "distinct_enterprises"}));
  // For a loan application without one, at night, refused: every rule but no_application
  // (which counts allowed uses only) ...
  ledger::Entry night =
      EntryBuilder("bank-a", "k1", "S1", shanghai(2)).purpose("loan_application").denied("x");
  EXPECT_EQ(rules_of(hits_of(night, t)),
            (std::vector<std::string>{"volume", "quiet_hours", "distinct_enterprises", "denials"}));
  // ... which an allowed one without application adds.
  ledger::Entry no_app = EntryBuilder("bank-a", "k1", "S1", shanghai(10)).purpose("credit_review");
  EXPECT_EQ(rules_of(hits_of(no_app, t)),
            (std::vector<std::string>{"volume", "no_application", "distinct_enterprises"}));
  ledger::Entry with_app = EntryBuilder("bank-a", "k1", "S1", shanghai(10))
                               .purpose("credit_review")
                               .application("APP-1");
  EXPECT_EQ(rules_of(hits_of(with_app, t)).size(), 2u);
  // Grants, pushes and ingestion are not requests.
  for (const char* action : {"authorization_grant", "push_delivery", "ingest_batch"})
    EXPECT_TRUE(hits_of(EntryBuilder("bank-a", "k1", "S1", shanghai(2)).action(action), t).empty())
        << action;
}

TEST(Rules, WindowsAreFixedAndKeyedByWho) {
  Thresholds t;  // 10-minute windows
  ledger::Entry e = EntryBuilder("bank-a", "k1", "S1", shanghai(10, 17)).denied("x");
  std::vector<Hit> hits = hits_of(e, t);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].who, "bank-a");
  EXPECT_EQ(hits[0].window_start, micros(shanghai(10)));
  EXPECT_EQ(hits[0].window_end, micros(shanghai(11)));
  EXPECT_EQ(hits[2].rule, rule::kDenials);
  EXPECT_EQ(hits[2].who, "k1");
  EXPECT_EQ(hits[2].window_start, micros(shanghai(10, 10)));
  EXPECT_EQ(hits[2].window_end, micros(shanghai(10, 20)));
}

TEST(Rules, VolumeThresholdFollowsTheBaseline) {
  Thresholds t;
  t.volume_min = 10;
  t.volume_multiple = 3;
  t.baseline_hours = 10;
  EXPECT_EQ(volume_threshold(0, t), 10);   // no history: the floor
  EXPECT_EQ(volume_threshold(50, t), 16);  // 5 an hour: more than 15
  EXPECT_EQ(volume_threshold(55, t), 17);  // 5.5 an hour: more than 16.5
  EXPECT_TRUE(keeps_evidence(rule::kVolume, 16, 16, t));
  EXPECT_FALSE(keeps_evidence(rule::kVolume, 15, 16, t));
  EXPECT_TRUE(keeps_evidence(rule::kDenials, 1, 5, t));
  EXPECT_FALSE(keeps_evidence(rule::kDenials, t.evidence_limit + 1, 5, t));
}

TEST(Rules, ConfigKnowsTheFinancingPurposesOfConsent) {
  std::vector<std::string> consent_purposes;
  for (consent::Purpose p : consent::all_purposes())
    consent_purposes.emplace_back(consent::to_string(p));
  std::vector<std::string> configured = config::financing_purposes();
  std::sort(consent_purposes.begin(), consent_purposes.end());
  std::sort(configured.begin(), configured.end());
  EXPECT_EQ(configured, consent_purposes);
}

}  // namespace
}  // namespace rx::monitor
