#include "monitor/alert.h"

#include <gtest/gtest.h>

#include "auth/api_keys.h"
#include "ledger/ledger.h"
#include "monitor/alert_repository.h"
#include "monitor/key_suspension.h"
#include "monitor/test_support.h"

namespace rx::monitor {
namespace {

using testing::EntryBuilder;
using testing::shanghai;

TEST(Alert, AcknowledgeThenResolveWithANote) {
  Alert a;
  a.id = "a1";
  const Instant now = shanghai(12);
  ASSERT_TRUE(acknowledge(a, "looking", "k-admin", now).is_ok());
  EXPECT_EQ(a.state, AlertState::kAcknowledged);
  EXPECT_EQ(a.acknowledged_by, "k-admin");
  EXPECT_EQ(acknowledge(a, "", "k-admin", now).code(), StatusCode::kFailedPrecondition);
  Status no_note = resolve(a, "", "k-admin", now);
  EXPECT_EQ(no_note.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_note.details().at(0).field, "note");
  EXPECT_EQ(a.state, AlertState::kAcknowledged);
  ASSERT_TRUE(resolve(a, "bank confirmed a batch job", "k-admin", now).is_ok());
  EXPECT_EQ(a.state, AlertState::kResolved);
  EXPECT_EQ(resolve(a, "again", "k-admin", now).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(acknowledge(a, "", "k-admin", now).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(parse_alert_state("acknowledged"), AlertState::kAcknowledged);
  EXPECT_FALSE(parse_alert_state("closed"));
}

TEST(Alert, WhichKeyToSuspend) {
  Alert by_key;
  by_key.key_id = "k1";
  EXPECT_EQ(*key_to_suspend(by_key, std::nullopt), "k1");
  EXPECT_EQ(key_to_suspend(by_key, "k9").status().code(), StatusCode::kInvalidArgument);
  Alert by_institution;
  by_institution.evidence = {{1, "e1", "k2", {}}, {2, "e2", "k2", {}}};
  EXPECT_EQ(*key_to_suspend(by_institution, std::nullopt), "k2");
  by_institution.evidence.push_back({3, "e3", "k3", {}});
  auto ambiguous = key_to_suspend(by_institution, std::nullopt);
  EXPECT_EQ(ambiguous.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ambiguous.status().details().at(0).field, "key_id");
  EXPECT_EQ(*key_to_suspend(by_institution, "k3"), "k3");
}

class AlertRepositoryTest : public testing::MonitorTest {
 protected:
  // Raises a denials alert for key `key` of `institution` (threshold 1).
  Alert raise(const std::string& institution, const std::string& key, Instant at) {
    Thresholds t;
    t.denials = 1;
    Monitor m(t, clock_, random_);
    EXPECT_TRUE(feed(m, {EntryBuilder(institution, key, "S1", at).denied("x")}).is_ok());
    AlertPage page = read<AlertPage>([&](store::Session& s) {
      AlertQuery q;
      q.institution_id = institution;
      return list_alerts(s, q);
    });
    EXPECT_FALSE(page.items.empty());
    return page.items.empty() ? Alert{} : page.items.front();
  }
  Status change(const std::string& id, const std::function<Status(Alert&)>& fn) {
    return db().write([&](store::Session& s) -> Status {
      RX_ASSIGN_OR_RETURN(auto found, find_alert(s, id));
      if (!found) return not_found(id);
      RX_RETURN_IF_ERROR(fn(*found));
      return update_alert(s, *found);
    });
  }
  int64_t queued(std::string_view action) {
    return read<int64_t>([&](store::Session& s) -> Result<int64_t> {
      RX_ASSIGN_OR_RETURN(auto rows, s.query("SELECT count(*) FROM ledger_queue WHERE action = ?",
                                             {std::string(action)}));
      return rows.at(0).integer(0);
    });
  }
};

TEST_P(AlertRepositoryTest, ListsFiltersPagesAndStoresTheOperatorsWork) {
  Alert a = raise("bank-a", "ka", shanghai(10));
  Alert b = raise("bank-b", "kb", shanghai(10, 30));
  Alert c = raise("bank-b", "kb", shanghai(11));
  ASSERT_TRUE(change(a.id, [&](Alert& x) {
                return acknowledge(x, "checking", "adm", shanghai(12));
              }).is_ok());
  ASSERT_TRUE(change(b.id, [&](Alert& x) {
                return resolve(x, "false alarm", "adm", shanghai(12));
              }).is_ok());
  auto page = read<AlertPage>([&](store::Session& s) {
    AlertQuery q;
    q.limit = 2;
    return list_alerts(s, q);
  });
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, c.id);
  EXPECT_EQ(page.items[1].id, b.id);
  ASSERT_TRUE(page.next.has_value());
  auto rest = read<AlertPage>([&](store::Session& s) {
    AlertQuery q;
    q.after_seq = page.next;
    return list_alerts(s, q);
  });
  ASSERT_EQ(rest.items.size(), 1u);
  EXPECT_EQ(rest.items[0].id, a.id);
  EXPECT_EQ(rest.items[0].state, AlertState::kAcknowledged);
  EXPECT_EQ(rest.items[0].acknowledge_note, "checking");
  auto open = read<AlertPage>([&](store::Session& s) {
    AlertQuery q;
    q.state = AlertState::kOpen;
    return list_alerts(s, q);
  });
  ASSERT_EQ(open.items.size(), 1u);
  EXPECT_EQ(open.items[0].id, c.id);
  auto counts =
      read<std::map<std::string, int64_t>>([&](store::Session& s) { return alert_counts(s); });
  EXPECT_EQ(counts,
            (std::map<std::string, int64_t>{{"acknowledged", 1}, {"open", 1}, {"resolved", 1}}));
  auto resolved =
      read<std::optional<Alert>>([&](store::Session& s) { return find_alert(s, b.id); });
  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(resolved->resolve_note, "false alarm");
  EXPECT_EQ(resolved->resolved_at, shanghai(12));
  EXPECT_EQ(resolved->evidence.size(), 1u);
}

TEST_P(AlertRepositoryTest, ASuspendedKeyIsRefusedUntilResumedAndEachChangeIsInTheLedger) {
  auth::ApiKeyRepository keys(db(), clock_, random_);
  auto bank = keys.create({auth::Role::kInstitution, std::nullopt, "bank-a", "bank"});
  auto admin = keys.create({auth::Role::kAdmin, std::nullopt, std::nullopt, "ops"});
  ASSERT_TRUE(bank.is_ok() && admin.is_ok());
  const std::string id = bank->record.id;
  KeyChange change{
      id,     "20 查询/分钟 超出基线", "alert-1", "bank-a", {"admin", admin->record.id, "", ""},
      "req-1"};
  auto run = [&](auto fn, const KeyChange& c) {
    return db().write([&](store::Session& s) { return fn(s, c, clock_, random_); });
  };

  // Refused without changing anything: unknown key, another institution, an admin key.
  KeyChange unknown = change;
  unknown.key_id = "nope";
  EXPECT_EQ(run(suspend_key, unknown).code(), StatusCode::kNotFound);
  KeyChange elsewhere = change;
  elsewhere.institution_id = "bank-z";
  Status wrong = run(suspend_key, elsewhere);
  EXPECT_EQ(wrong.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(wrong.details().at(0).field, "key_id");
  KeyChange operator_key = change;
  operator_key.key_id = admin->record.id;
  operator_key.institution_id.reset();
  EXPECT_EQ(run(suspend_key, operator_key).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(run(resume_key, change).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(queued("key_suspend"), 0);
  EXPECT_TRUE(keys.authenticate(bank->secret).is_ok());

  ASSERT_TRUE(run(suspend_key, change).is_ok());
  auto refused = keys.authenticate(bank->secret);
  ASSERT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(refused.status().message().find("suspended"), std::string::npos);
  EXPECT_NE(refused.status().message().find("20 查询/分钟 超出基线"), std::string::npos);
  EXPECT_EQ(run(suspend_key, change).code(), StatusCode::kFailedPrecondition);
  auto listed = keys.list();
  ASSERT_TRUE(listed.is_ok());
  for (const auto& k : *listed) EXPECT_EQ(k.suspended_at.has_value(), k.id == id);
  EXPECT_EQ(queued("key_suspend"), 1);
  auto entry = read<std::string>([&](store::Session& s) -> Result<std::string> {
    RX_ASSIGN_OR_RETURN(auto rows,
                        s.query("SELECT body FROM ledger_queue WHERE action = 'key_suspend'"));
    return rows.at(0).text(0);
  });
  auto decoded = ledger::decode(entry);
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().to_string();
  EXPECT_EQ(decoded->ref, id);
  EXPECT_EQ(decoded->actor.key_id, admin->record.id);
  EXPECT_EQ(decoded->reason, "suspended from alert alert-1");
  EXPECT_EQ(decoded->request_id, "req-1");

  ASSERT_TRUE(run(resume_key, change).is_ok());
  EXPECT_TRUE(keys.authenticate(bank->secret).is_ok());
  EXPECT_EQ(queued("admin_change"), 1);
}

RX_INSTANTIATE_BACKENDS(AlertRepositoryTest);

}  // namespace
}  // namespace rx::monitor
