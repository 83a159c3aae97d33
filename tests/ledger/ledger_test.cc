#include "ledger/ledger.h"

#include <gtest/gtest.h>

#include "testing/test_database.h"

namespace rx::ledger {
namespace {

class LedgerTest : public rx::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    ledger_ = std::make_unique<Ledger>(db(), key_, "test.example/ledger", clock_);
  }

  Entry entry(int i) {
    Entry e;
    e.id = "entry-" + std::to_string(i);
    e.at = clock_.now();
    e.actor = {"institution", "key-1", "bank-" + std::to_string(i % 3), ""};
    e.action = std::string(action::kQuery);
    e.outcome = "allowed";
    e.subject = "91310115MA1K3YJ662";
    e.categories = {"tax"};
    return e;
  }
  void append_all(int from, int to) {
    ASSERT_TRUE(db().write([&](store::Session& s) -> Status {
                      for (int i = from; i < to; ++i) RX_RETURN_IF_ERROR(append(s, entry(i)));
                      return Status::ok();
                    })
                    .is_ok());
  }

  crypto::Ed25519Key key_ = crypto::Ed25519Key::from_seed(std::string(32, 'k')).value();
  ManualClock clock_{Instant(std::chrono::seconds(1'795'000'000))};
  std::unique_ptr<Ledger> ledger_;
};

TEST_P(LedgerTest, AnEntryExistsOnlyIfItsTransactionCommitted) {
  Status rolled_back = db().write([&](store::Session& s) -> Status {
    RX_RETURN_IF_ERROR(append(s, entry(0)));
    return invalid_argument("the action failed");
  });
  EXPECT_FALSE(rolled_back.is_ok());
  EXPECT_EQ(*ledger_->sequence(), 0u);
  append_all(1, 2);
  EXPECT_EQ(*ledger_->sequence(), 1u);
  auto head = ledger_->head();
  ASSERT_TRUE(head.is_ok());
  EXPECT_EQ(head->size, 1u);
  EXPECT_EQ(ledger_->entry_by_id("entry-0").status().code(), StatusCode::kNotFound);
  auto e = ledger_->entry_by_id("entry-1");
  ASSERT_TRUE(e.is_ok());
  EXPECT_EQ(e->index, 0u);
  EXPECT_EQ(head->root, e->leaf_hash);
}

TEST_P(LedgerTest, SignedHeadsAndProofsVerify) {
  auto empty = ledger_->head();
  ASSERT_TRUE(empty.is_ok());
  EXPECT_EQ(empty->size, 0u);
  EXPECT_EQ(empty->root, empty_root());
  EXPECT_TRUE(verify_head(key_.public_key(), *empty));

  append_all(0, 300);
  ASSERT_EQ(*ledger_->sequence(nullptr, 120), 120u);  // batches are bounded
  clock_.advance(std::chrono::seconds(1));
  ASSERT_EQ(*ledger_->sequence(), 180u);
  auto first = ledger_->head();
  ASSERT_TRUE(first.is_ok());
  EXPECT_EQ(first->size, 300u);
  EXPECT_TRUE(verify_head(key_.public_key(), *first));
  append_all(300, 777);
  ASSERT_EQ(*ledger_->sequence(), 477u);
  auto second = ledger_->head();
  ASSERT_TRUE(second.is_ok());
  EXPECT_EQ(second->size, 777u);

  auto entries = ledger_->entries(250, 2000);
  ASSERT_TRUE(entries.is_ok());
  ASSERT_EQ(entries->size(), 527u);  // clamped to the tree
  std::vector<Hash> leaves;
  auto head_entries = ledger_->entries(0, 250);
  ASSERT_TRUE(head_entries.is_ok());
  for (const auto& e : *head_entries) leaves.push_back(e.leaf_hash);
  for (const auto& e : *entries) leaves.push_back(e.leaf_hash);
  EXPECT_EQ(root_of(leaves), second->root);
  EXPECT_EQ(decode((*entries)[0].bytes)->id, "entry-250");

  for (uint64_t i : {0u, 1u, 255u, 256u, 299u, 776u}) {
    auto p = ledger_->inclusion(i, 777);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    EXPECT_TRUE(verify_inclusion(leaves[i], i, 777, p->path, second->root));
  }
  auto old = ledger_->inclusion(7, 300);
  ASSERT_TRUE(old.is_ok());
  EXPECT_TRUE(verify_inclusion(leaves[7], 7, 300, old->path, first->root));
  auto c = ledger_->consistency(300, 777);
  ASSERT_TRUE(c.is_ok());
  EXPECT_TRUE(verify_consistency(300, 777, first->root, second->root, c->path));

  auto note = ledger_->checkpoint();
  ASSERT_TRUE(note.is_ok());
  auto parsed = parse_checkpoint(*note);
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(parsed->size, 777u);
  EXPECT_EQ(parsed->root, second->root);
  EXPECT_TRUE(has_note_signature(*parsed, "test.example/ledger", key_.public_key()));
}

TEST_P(LedgerTest, OutOfRangeRequestsAreRefusedWithTheField) {
  append_all(0, 10);
  ASSERT_EQ(*ledger_->sequence(), 10u);
  auto beyond = ledger_->inclusion(1, 11);
  EXPECT_EQ(beyond.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(beyond.status().details().at(0).field, "size");
  EXPECT_EQ(ledger_->inclusion(10, 10).status().details().at(0).field, "index");
  EXPECT_EQ(ledger_->consistency(0, 5).status().details().at(0).field, "first");
  EXPECT_EQ(ledger_->consistency(6, 5).status().details().at(0).field, "first");
  EXPECT_EQ(ledger_->consistency(1, 12).status().details().at(0).field, "second");
  EXPECT_EQ(ledger_->entries(5, 5).status().details().at(0).field, "start");
  EXPECT_EQ(ledger_->entries(10, 12).status().details().at(0).field, "start");
}

TEST_P(LedgerTest, WitnessCosignaturesAreCheckedAndPublished) {
  append_all(0, 3);
  ASSERT_EQ(*ledger_->sequence(), 3u);
  auto head = ledger_->head();
  auto witness = crypto::Ed25519Key::from_seed(std::string(32, 'w')).value();
  ASSERT_TRUE(db().write([&](store::Session& s) -> Status {
                    return s
                        .execute(
                            "INSERT INTO ledger_witnesses (name, public_key, created_at) "
                            "VALUES ('w.example', '', 0)")
                        .status();
                  })
                  .is_ok());
  std::string body = checkpoint_body("test.example/ledger", 3, head->root);
  std::string good = cosignature_line(witness, "w.example", body, 1'795'000'100);
  std::string forged = cosignature_line(
      witness, "w.example", checkpoint_body("test.example/ledger", 2, head->root), 1'795'000'100);
  EXPECT_EQ(ledger_->add_cosignature(3, "w.example", witness.public_key(), forged).code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(ledger_->add_cosignature(3, "w.example", witness.public_key(), good).is_ok());
  auto note = parse_checkpoint(*ledger_->checkpoint());
  ASSERT_TRUE(note.is_ok());
  EXPECT_EQ(cosignature_time(*note, "w.example", witness.public_key()), 1'795'000'100u);
}

RX_INSTANTIATE_BACKENDS(LedgerTest);

}  // namespace
}  // namespace rx::ledger
