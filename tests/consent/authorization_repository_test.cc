#include "consent/authorization_repository.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "catalog/loader.h"
#include "consent/access_log.h"
#include "crypto/crypto.h"
#include "ledger/entry.h"
#include "registry/institution.h"
#include "testing/test_database.h"

namespace rx::consent {
namespace {

const catalog::Catalog& shipped() {
  static const catalog::Catalog c = [] {
    const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
    return catalog::load_catalog(std::string(dir ? dir : ".") + "/data/catalog").value();
  }();
  return c;
}

class AuthorizationRepositoryTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    ASSERT_TRUE(registry::InstitutionRepository(db(), clock())
                    .create({"bank-a", "示例银行", "bank", {}})
                    .is_ok());
  }
  Grant grant() {
    Grant g;
    g.uscc = "91310000MA1FL8XQ30";
    g.institution_id = "bank-a";
    g.scopes = {{"tax", {}}};
    g.valid_from = clock().now();
    g.valid_until = clock().now() + std::chrono::days(30);
    g.period_from = "2025-01";
    g.period_to = "2026-10";
    g.max_queries = 2;
    return g;
  }
  SeededRandom random_{7};
  crypto::Ed25519Key key_ = crypto::Ed25519Key::generate().value();
  AuthorizationRepository repo() { return {db(), clock(), random_, key_}; }
};

TEST_P(AuthorizationRepositoryTest, GrantIsSignedStoredAndReadBack) {
  auto a = repo().grant(grant(), shipped(), "key-1");
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  auto back = repo().get(a->id);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(artefact(*back), artefact(*a));
  EXPECT_TRUE(verify_artefact(artefact_json(*back), back->signature, key_.public_key()));
  nlohmann::json forged = artefact_json(*back);
  forged["max_queries"] = 1000;
  EXPECT_FALSE(verify_artefact(forged, back->signature, key_.public_key()));
  EXPECT_EQ(repo().list_for_enterprise("91310000MA1FL8XQ30")->size(), 1u);
  EXPECT_EQ(repo().list_for_institution("bank-a")->size(), 1u);
  EXPECT_EQ(repo().list_for_institution("bank-b")->size(), 0u);
}

TEST_P(AuthorizationRepositoryTest, UnknownInstitutionOrBadTermsStoreNothing) {
  Grant g = grant();
  g.institution_id = "nobody";
  EXPECT_EQ(repo().grant(g, shipped(), "k").status().code(), StatusCode::kNotFound);
  g = grant();
  g.period_to = "2024-01";
  EXPECT_EQ(repo().grant(g, shipped(), "k").status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(repo().list_for_enterprise("91310000MA1FL8XQ30")->empty());
}

TEST_P(AuthorizationRepositoryTest, RevokeIsFinalPauseAndResumeAreNot) {
  auto a = repo().grant(grant(), shipped(), "k").value();
  EXPECT_EQ(repo().change_state(a.id, "91310000MA1FL8XQ31", State::kRevoked).status().code(),
            StatusCode::kNotFound);  // another enterprise's
  EXPECT_EQ(repo().change_state(a.id, a.grant.uscc, State::kActive).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(repo().change_state(a.id, a.grant.uscc, State::kPaused)->state, State::kPaused);
  EXPECT_EQ(repo().change_state(a.id, a.grant.uscc, State::kActive)->state, State::kActive);
  auto revoked = repo().change_state(a.id, a.grant.uscc, State::kRevoked);
  ASSERT_TRUE(revoked.is_ok());
  EXPECT_TRUE(revoked->revoked_at.has_value());
  EXPECT_EQ(repo().get(a.id)->state_at(clock().now()), State::kRevoked);
  EXPECT_EQ(repo().change_state(a.id, a.grant.uscc, State::kActive).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(AuthorizationRepositoryTest, FairUseLimitHoldsUnderConcurrency) {
  Grant g = grant();
  g.max_queries = 5;
  auto a = repo().grant(g, shipped(), "k").value();
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        bool ok = false;
        Status st;
        do {  // busy or serialization failures are retried, as the API does
          st = db().write([&](store::Session& s) -> Status {
            RX_ASSIGN_OR_RETURN(ok, take_use(s, a, clock().now()));
            return Status::ok();
          });
        } while (st.code() == StatusCode::kUnavailable);
        ASSERT_TRUE(st.is_ok()) << st.to_string();
        if (ok) ++allowed;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 5);
}

// No access without its audit entry, and no entry for an access that did not happen.
TEST_P(AuthorizationRepositoryTest, AnAccessAndItsLedgerEntryCommitOrRollBackTogether) {
  Access a{.id = "kept",
           .at = clock().now(),
           .institution_id = "bank-a",
           .key_id = "k",
           .uscc = "91310000MA1FL8XQ30",
           .action = "query",
           .purpose = "loan_application",
           .view = "authorized",
           .authorization_id = "auth-1",
           .application_id = "app-1",
           .categories = {"tax"},
           .outcome = "allowed",
           .reason = "allowed",
           .request_id = "r",
           .result_sha256 = std::string(64, 'c')};
  ASSERT_TRUE(db().write([&](store::Session& s) { return record_access(s, a); }).is_ok());
  a.id = "rolled-back";
  EXPECT_FALSE(db().write([&](store::Session& s) -> Status {
                     RX_RETURN_IF_ERROR(record_access(s, a));
                     return unavailable("the answer could not be sent");
                   })
                   .is_ok());
  std::vector<std::string> accesses, entries;
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(auto rows, s.query("SELECT id FROM data_accesses"));
                    for (const auto& r : rows) accesses.push_back(r.text(0));
                    RX_ASSIGN_OR_RETURN(
                        rows, s.query("SELECT body FROM ledger_queue WHERE action = 'query'"));
                    for (const auto& r : rows) {
                      RX_ASSIGN_OR_RETURN(ledger::Entry e, ledger::decode(r.text(0)));
                      EXPECT_EQ(e.subject, "91310000MA1FL8XQ30");
                      EXPECT_EQ(e.application_id, "app-1");
                      EXPECT_EQ(e.result_sha256, std::string(64, 'c'));
                      entries.push_back(e.id);
                    }
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_EQ(accesses, std::vector<std::string>{"kept"});
  EXPECT_EQ(entries, std::vector<std::string>{"kept"});
}

TEST_P(AuthorizationRepositoryTest, AccessesAreListedNewestFirstWithRecipients) {
  for (int i = 0; i < 3; ++i) {
    Access a{.id = "a" + std::to_string(i),
             .at = clock().now(),
             .institution_id = i == 2 ? "bank-b" : "bank-a",
             .key_id = "k",
             .uscc = "91310000MA1FL8XQ30",
             .action = "query",
             .purpose = "loan_application",
             .view = "authorized",
             .authorization_id = std::nullopt,
             .application_id = std::nullopt,
             .categories = {"tax", i == 1 ? "judicial" : "registration"},
             .outcome = i == 2 ? "denied" : "allowed",
             .reason = i == 2 ? "authorization_revoked" : "allowed",
             .request_id = "r",
             .result_sha256 = ""};
    ASSERT_TRUE(db().write([&](store::Session& s) { return record_access(s, a); }).is_ok());
  }
  auto page = list_accesses(db(), "91310000MA1FL8XQ30", std::nullopt, std::nullopt, 2);
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, "a2");
  EXPECT_EQ(page->items[1].categories, (std::vector<std::string>{"tax", "judicial"}));
  auto rest = list_accesses(db(), "91310000MA1FL8XQ30", std::nullopt, page->next_before, 2);
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_FALSE(rest->next_before.has_value());
  std::vector<std::string> judicial;
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(judicial,
                                        recipients_of(s, "91310000MA1FL8XQ30", "judicial"));
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_EQ(judicial, std::vector<std::string>{"bank-a"});  // the denied access received nothing
}

RX_INSTANTIATE_BACKENDS(AuthorizationRepositoryTest);

}  // namespace
}  // namespace rx::consent
