#include "objection/objection_repository.h"

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "test_support.h"
#include "testing/test_database.h"

namespace rx::objection {
namespace {

using testing::shanghai;
using testing::shipped_calendar;

const Actor kEnterprise{"key-ent", "enterprise"};
const Actor kAdmin{"key-admin", "admin"};

class ObjectionRepositoryTest : public rx::testing::BackendTest {
 protected:
  Objection make(std::string id, std::string uscc, std::string key, Instant at) {
    NewObjection in{.uscc = std::move(uscc),
                    .category = "admin_penalty",
                    .record_key = std::move(key),
                    .reason = "处罚对象认定错误，本企业未实施该行为。",
                    .evidence = std::nullopt};
    auto o = submit(shipped_calendar(), in, std::move(id), kEnterprise, at);
    EXPECT_TRUE(o.is_ok()) << o.status().to_string();
    return std::move(o).value();
  }
  Status write(const store::SessionFn& fn) { return db().write(fn); }
  Result<std::optional<Objection>> find(const std::string& id) {
    std::optional<Objection> out;
    Status s = db().read([&](store::Session& session) -> Status {
      RX_ASSIGN_OR_RETURN(out, find_objection(session, id));
      return Status::ok();
    });
    if (!s.is_ok()) return s;
    return out;
  }
};

TEST_P(ObjectionRepositoryTest, MigrationSixCreatesTheTables) {
  const auto& all = store::migrations();
  ASSERT_GE(all.size(), 6u);
  EXPECT_EQ(all[5].version, 6);
  for (const char* table :
       {"objections", "objection_events", "record_suppressions", "inbox_messages"})
    EXPECT_TRUE(db().read([&](store::Session& s) {
                      return s.query(std::string("SELECT COUNT(*) FROM ") + table).status();
                    })
                    .is_ok())
        << table;
}

TEST_P(ObjectionRepositoryTest, InsertFindAndUpdateWithTimeline) {
  Objection o = make("0190a000-0000-7000-8000-000000000001", "91310115MA1K3YJ662",
                     "decision_number=A1", shanghai("2025-09-26", 10));
  o.evidence = "证据：复议决定书";
  ASSERT_TRUE(write([&](store::Session& s) { return insert_objection(s, o); }).is_ok());
  auto found = find(o.id);
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  ASSERT_TRUE(*found);
  const Objection& back = **found;
  EXPECT_EQ(back.state, State::kUnderDispute);
  EXPECT_EQ(back.evidence, "证据：复议决定书");
  EXPECT_EQ(back.submitted_at, o.submitted_at);
  EXPECT_EQ(back.deadlines.decide_by, o.deadlines.decide_by);
  EXPECT_EQ(back.deadlines.mark_by, o.deadlines.mark_by);
  EXPECT_EQ(back.events.size(), 2u);
  EXPECT_EQ(back.created_by, "key-ent");

  Objection changed = back;
  ASSERT_TRUE(forward(changed, shipped_calendar(), "市市场监管局", "请核查", kAdmin,
                      shanghai("2025-09-29", 9))
                  .is_ok());
  ASSERT_TRUE(write([&](store::Session& s) {
                return update_objection(s, changed, back.events.size());
              }).is_ok());
  ASSERT_TRUE(decide(changed, Outcome::kCorrected, "罚款金额更正为 5000 元", kAdmin,
                     shanghai("2025-10-09", 9))
                  .is_ok());
  ASSERT_TRUE(write([&](store::Session& s) { return update_objection(s, changed, 3); }).is_ok());
  auto again = find(o.id);
  ASSERT_TRUE(again.is_ok() && *again);
  EXPECT_EQ((*again)->state, State::kDecided);
  EXPECT_EQ((*again)->outcome, Outcome::kCorrected);
  EXPECT_EQ((*again)->outcome_note, "罚款金额更正为 5000 元");
  EXPECT_EQ((*again)->department, "市市场监管局");
  EXPECT_EQ((*again)->deadlines.department_decide_by, changed.deadlines.department_decide_by);
  ASSERT_EQ((*again)->events.size(), 4u);
  EXPECT_EQ((*again)->events[2].action, "forwarded");
  EXPECT_EQ((*again)->events[2].note, "请核查");
  EXPECT_EQ((*again)->events[3].actor_key_id, "key-admin");
  EXPECT_FALSE(*find("0190a000-0000-7000-8000-00000000ffff"));
}

TEST_P(ObjectionRepositoryTest, OneOpenObjectionPerRecord) {
  const Objection a = make("0190a000-0000-7000-8000-00000000000a", "91310115MA1K3YJ662",
                           "decision_number=A1", shanghai("2025-09-26", 10));
  const Objection b = make("0190a000-0000-7000-8000-00000000000b", "91310115MA1K3YJ662",
                           "decision_number=A1", shanghai("2025-09-26", 11));
  ASSERT_TRUE(write([&](store::Session& s) { return insert_objection(s, a); }).is_ok());
  Status dup = write([&](store::Session& s) { return insert_objection(s, b); });
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists) << dup.to_string();
  // Nothing of b was kept (the transaction rolled back).
  EXPECT_FALSE(*find(b.id));
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(auto open,
                                        open_objection(s, a.uscc, a.category, a.record_key));
                    EXPECT_TRUE(open && open->id == a.id);
                    return Status::ok();
                  })
                  .is_ok());
  // Once decided, the record may be disputed again.
  Objection decided = a;
  ASSERT_TRUE(decide(decided, Outcome::kConfirmed, "", kAdmin, shanghai("2025-09-29", 9)).is_ok());
  ASSERT_TRUE(write([&](store::Session& s) { return update_objection(s, decided, 2); }).is_ok());
  EXPECT_TRUE(write([&](store::Session& s) { return insert_objection(s, b); }).is_ok());
}

TEST_P(ObjectionRepositoryTest, ListsNewestFirstWithFiltersAndCursor) {
  const std::string u1 = "91310115MA1K3YJ662", u2 = "91310000MA1FL1MM8W";
  std::vector<Objection> all;
  for (int i = 0; i < 5; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "0190a000-0000-7000-8000-%012d", i);
    all.push_back(make(id, i % 2 ? u2 : u1, "k=" + std::to_string(i),
                       shanghai("2025-09-0" + std::to_string(i + 1), 10)));
  }
  ASSERT_TRUE(decide(all[4], Outcome::kRemoved, "", kAdmin, shanghai("2025-09-08", 9)).is_ok());
  ASSERT_TRUE(write([&](store::Session& s) -> Status {
                for (const auto& o : all) RX_RETURN_IF_ERROR(insert_objection(s, o));
                return Status::ok();
              }).is_ok());
  auto page = [&](ObjectionQuery q) {
    ObjectionPage out;
    EXPECT_TRUE(db().read([&](store::Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(out, list_objections(s, q));
                      return Status::ok();
                    })
                    .is_ok());
    return out;
  };
  auto ids = [](const ObjectionPage& p) {
    std::vector<std::string> out;
    for (const auto& o : p.items) out.push_back(o.record_key);
    return out;
  };
  ObjectionPage first = page({.limit = 2});
  EXPECT_EQ(ids(first), (std::vector<std::string>{"k=4", "k=3"}));
  ASSERT_TRUE(first.next);
  EXPECT_EQ(first.items[0].events.size(), 3u);
  ObjectionPage second = page({.after_seq = first.next, .limit = 2});
  EXPECT_EQ(ids(second), (std::vector<std::string>{"k=2", "k=1"}));
  ObjectionPage last = page({.after_seq = second.next, .limit = 2});
  EXPECT_EQ(ids(last), (std::vector<std::string>{"k=0"}));
  EXPECT_FALSE(last.next);
  EXPECT_EQ(ids(page({.uscc = u2})), (std::vector<std::string>{"k=3", "k=1"}));
  EXPECT_EQ(ids(page({.state = State::kDecided})), (std::vector<std::string>{"k=4"}));
  // Overdue: under dispute past the platform's 5 working days. Submitted 9-01..9-04 (Mon-Thu):
  // deadlines 9-08..9-11 end of day.
  EXPECT_EQ(ids(page({.overdue_at = shanghai("2025-09-10", 12)})),
            (std::vector<std::string>{"k=1", "k=0"}));
  for (const auto& o : page({.overdue_at = shanghai("2025-09-10", 12)}).items)
    EXPECT_TRUE(o.overdue(shanghai("2025-09-10", 12)));
  EXPECT_FALSE(all[2].overdue(shanghai("2025-09-10", 12)));
}

TEST_P(ObjectionRepositoryTest, SuppressionsAndRecordFlags) {
  const std::string u = "91310115MA1K3YJ662";
  Objection open = make("0190a000-0000-7000-8000-0000000000c1", u, "decision_number=D1",
                        shanghai("2025-09-26", 10));
  auto hidden = approve_suppression(shipped_calendar(), u, "admin_penalty", "decision_number=R1",
                                    SuppressionReason::kRepaired, std::nullopt, "修复", "key-admin",
                                    shanghai("2025-09-25", 16));
  ASSERT_TRUE(hidden.is_ok());
  ASSERT_TRUE(write([&](store::Session& s) -> Status {
                RX_RETURN_IF_ERROR(insert_objection(s, open));
                return insert_suppression(s, *hidden);
              }).is_ok());
  EXPECT_EQ(write([&](store::Session& s) { return insert_suppression(s, *hidden); }).code(),
            StatusCode::kAlreadyExists);
  RecordFlags flags;
  std::vector<Suppression> listed;
  std::optional<Suppression> found;
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(flags, record_flags(s, u));
                    RX_ASSIGN_OR_RETURN(listed, list_suppressions(s, u));
                    RX_ASSIGN_OR_RETURN(
                        found, find_suppression(s, u, "admin_penalty", "decision_number=R1"));
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_EQ(flags.hidden, (std::set<RecordRef>{{"admin_penalty", "decision_number=R1"}}));
  EXPECT_EQ(flags.disputed, (std::set<RecordRef>{{"admin_penalty", "decision_number=D1"}}));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].reason, SuppressionReason::kRepaired);
  EXPECT_EQ(listed[0].deadline_at, hidden->deadline_at);
  EXPECT_FALSE(listed[0].objection_id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->note, "修复");

  // A removal by the objection's decision hides the disputed record and ends the dispute.
  Objection decided = open;
  ASSERT_TRUE(decide(decided, Outcome::kRemoved, "", kAdmin, shanghai("2025-09-29", 9)).is_ok());
  auto removal = approve_suppression(shipped_calendar(), u, "admin_penalty", "decision_number=D1",
                                     SuppressionReason::kRemovedByObjection, decided.id, "",
                                     "key-admin", shanghai("2025-09-29", 9));
  ASSERT_TRUE(write([&](store::Session& s) -> Status {
                RX_RETURN_IF_ERROR(update_objection(s, decided, 2));
                return insert_suppression(s, *removal);
              }).is_ok());
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(flags, record_flags(s, u));
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_EQ(flags.hidden.size(), 2u);
  EXPECT_TRUE(flags.disputed.empty());
  // Other enterprises are untouched.
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(flags, record_flags(s, "91310000MA1FL1MM8W"));
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_TRUE(flags.hidden.empty() && flags.disputed.empty());
}

RX_INSTANTIATE_BACKENDS(ObjectionRepositoryTest);

}  // namespace
}  // namespace rx::objection
