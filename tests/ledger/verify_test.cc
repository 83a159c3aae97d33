#include "ledger/verify.h"

#include <gtest/gtest.h>

#include "ledger/ledger.h"
#include "ledger/tables.h"
#include "testing/test_database.h"

namespace rx::ledger {
namespace {

// Builds a 600-entry log with several signed heads, then edits the database behind the
// platform's back as an insider would, and expects the verifier to name the damage.
class VerifyTest : public rx::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    Ledger ledger(db(), key_, "test.example/ledger", clock_);
    for (int batch = 0; batch < 4; ++batch) {
      ASSERT_TRUE(db().write([&](store::Session& s) -> Status {
                        for (int i = 0; i < 150; ++i) {
                          Entry e;
                          e.id = "e-" + std::to_string(batch * 150 + i);
                          e.at = clock_.now();
                          e.actor = {"institution", "k", "bank-" + std::to_string(i % 4), ""};
                          e.action = "query";
                          e.outcome = "allowed";
                          e.subject = "91310115MA1K3YJ662";
                          RX_RETURN_IF_ERROR(append(s, e));
                        }
                        return Status::ok();
                      })
                      .is_ok());
      ASSERT_EQ(*ledger.sequence(), 150u);
      clock_.advance(std::chrono::seconds(1));
    }
  }
  void tamper(const std::string& sql) {
    ASSERT_TRUE(db().write([&](store::Session& s) { return s.execute(sql).status(); }).is_ok());
  }
  std::string verify_error() {
    auto r = verify_ledger(db(), key_.public_key());
    EXPECT_FALSE(r.is_ok());
    if (r.is_ok()) return "";
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
    return r.status().message();
  }
  std::string startup_error() { return check_ledger_at_startup(db(), key_.public_key()).message(); }

  crypto::Ed25519Key key_ = crypto::Ed25519Key::from_seed(std::string(32, 'v')).value();
  ManualClock clock_{Instant(std::chrono::seconds(1'795'000'000))};
};

TEST_P(VerifyTest, AnUntouchedLogVerifies) {
  auto r = verify_ledger(db(), key_.public_key());
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->entries, 600u);
  EXPECT_EQ(r->heads, 4u);
  EXPECT_EQ(r->tiles, 4u);  // 0/0, 0/1, 0/2 (partial) and 1/0 (partial)
  EXPECT_TRUE(check_ledger_at_startup(db(), key_.public_key()).is_ok());
  auto other = crypto::Ed25519Key::from_seed(std::string(32, 'o')).value();
  EXPECT_NE(verify_ledger(db(), other.public_key()).status().message().find("signature"),
            std::string::npos);
}

TEST_P(VerifyTest, AnAlteredEntryIsNamed) {
  tamper("UPDATE ledger_entries SET body = replace(body, 'bank-1', 'bank-3') WHERE leaf_index = 5");
  EXPECT_NE(verify_error().find("entry 5 was altered"), std::string::npos) << verify_error();
}

TEST_P(VerifyTest, ARemovedEntryIsNamed) {
  tamper("DELETE FROM ledger_entries WHERE leaf_index = 7");
  EXPECT_NE(verify_error().find("entry 7 is missing"), std::string::npos) << verify_error();
}

TEST_P(VerifyTest, ReorderedEntriesAreNamed) {
  tamper("UPDATE ledger_entries SET leaf_index = -1 WHERE leaf_index = 10");
  tamper("UPDATE ledger_entries SET leaf_index = 10 WHERE leaf_index = 11");
  tamper("UPDATE ledger_entries SET leaf_index = 11 WHERE leaf_index = -1");
  EXPECT_NE(verify_error().find("entry 10 was altered, removed or reordered"), std::string::npos)
      << verify_error();
}

TEST_P(VerifyTest, ATruncatedLogIsCaughtAlsoAtStartup) {
  tamper("DELETE FROM ledger_entries WHERE leaf_index >= 597");
  EXPECT_NE(verify_error().find("truncated"), std::string::npos) << verify_error();
  EXPECT_NE(startup_error().find("truncated"), std::string::npos) << startup_error();
}

TEST_P(VerifyTest, ARecentEntryAlteredIsCaughtAtStartup) {
  tamper(
      "UPDATE ledger_entries SET body = replace(body, 'bank-3', 'bank-2') WHERE leaf_index = "
      "593");
  EXPECT_NE(startup_error().find("entry 593 was altered"), std::string::npos) << startup_error();
}

TEST_P(VerifyTest, ARewrittenHistoryWithRecomputedTilesFailsTheSignedHeads) {
  // An insider who rewrites entry 3 and rebuilds the tiles to match still cannot re-sign.
  tamper("UPDATE ledger_entries SET body = replace(body, 'bank-3', 'bank-0') WHERE leaf_index = 3");
  ASSERT_TRUE(db().write([&](store::Session& s) -> Status {
                    RX_RETURN_IF_ERROR(s.execute("DELETE FROM ledger_tiles").status());
                    RX_ASSIGN_OR_RETURN(store::Rows rows,
                                        s.query("SELECT body FROM ledger_entries ORDER BY "
                                                "leaf_index"));
                    std::vector<Hash> leaves;
                    for (const auto& r : rows) leaves.push_back(leaf_hash(r.text(0)));
                    TileReader empty = [](int, uint64_t) -> Result<std::optional<Tile>> {
                      return std::optional<Tile>();
                    };
                    RX_ASSIGN_OR_RETURN(std::vector<Tile> tiles, append_to_tiles(0, leaves, empty));
                    for (const Tile& t : tiles) RX_RETURN_IF_ERROR(write_tile(s, t));
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_NE(verify_error().find("signed head of size 150 does not match"), std::string::npos)
      << verify_error();
  EXPECT_NE(startup_error().find("tiles do not give the root"), std::string::npos)
      << startup_error();
}

RX_INSTANTIATE_BACKENDS(VerifyTest);

}  // namespace
}  // namespace rx::ledger
