// PolicyService against real SQLite and PostgreSQL: saving documents (bad ones store nothing),
// maps, full and incremental runs that notify once per enterprise and version, opt-outs,
// 免申即享 grants and take-up statistics.
#include "policy/policy_service.h"

#include <gtest/gtest.h>

#include "catalog/loader.h"
#include "credit/evaluation_repository.h"
#include "inbox/inbox_repository.h"
#include "registry/enterprise_repository.h"
#include "registry/synthetic.h"
#include "testing/test_database.h"

namespace rx::policy {
namespace {

using namespace std::chrono_literals;

const credit::IndicatorLibrary& library() {
  static const catalog::Catalog catalog = [] {
    const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
    return catalog::load_catalog(std::string(dir ? dir : ".") + "/data/catalog").value();
  }();
  static const credit::IndicatorLibrary l = [] {
    const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
    return credit::load_indicator_library(
               std::string(dir ? dir : ".") + "/data/credit/indicators.toml", catalog)
        .value();
  }();
  return l;
}

// A policy document of `kind` and `mode` whose single version, in force since 2026-01-01,
// holds `rule`; the benefit is 0.5 万元 per year of operation, capped at 3.
std::string document(const std::string& id, const std::string& rule,
                     const std::string& mode = "quick_apply",
                     const std::string& kind = "guarantee") {
  return "id = \"" + id + R"("
example = true
title = "测试政策"
issuer = "测试"
level = "municipal"
kind = ")" +
         kind + R"("
summary = "测试。"
contact = "021-00000000"
[apply]
mode = ")" +
         mode + R"("
item_code = "310000-POL-9999"
link = "https://zwdt.sh.gov.cn/example"
[[versions]]
version = 1
valid_from = 2026-01-01
eligibility = ')" +
         rule + R"('
[versions.benefit]
text = "按经营年限补贴"
rate = 0.5
of = "years_operating"
cap = 3
)";
}

class PolicyServiceTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    registry::generate_enterprises(3, 17, clock_.now(), [&](registry::Enterprise&& e) {
      e.size = registry::SizeClass::kSmall;
      e.registration_date = Date::from_days(shanghai_date(clock_.now()).days_since_epoch() - 1500);
      firms_.push_back(e);
    });
    ASSERT_TRUE(registry::EnterpriseRepository(db()).create_many(firms_).is_ok());
    // The first firm is graded A, the second C; the third has no evaluation.
    ASSERT_TRUE(db().write([&](store::Session& s) {
                      return credit::store_evaluations(
                          s, {{uscc(0), "2026-10", "run-1", 820, "A", 700.0, "{}"},
                              {uscc(1), "2026-10", "run-1", 520, "C", std::nullopt, "{}"}});
                    })
                    .is_ok());
    attributes_ = std::make_unique<market::EnterpriseAttributes>(
        market::EnterpriseAttributes::create(library()).value());
    service_ = std::make_unique<PolicyService>(db(), *attributes_, clock_, random_);
    ASSERT_TRUE(service_->load().is_ok());
  }

  std::string uscc(size_t i) const { return firms_[i].uscc.str(); }

  void save(const std::string& id, const std::string& source) {
    auto saved = service_->save(id, source, "test");
    ASSERT_TRUE(saved.is_ok()) << saved.status().to_string();
  }

  std::vector<inbox::Message> inbox(size_t i) {
    std::vector<inbox::Message> out;
    EXPECT_TRUE(db().read([&](store::Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(
                          auto page,
                          inbox::list_messages(
                              s, {.recipient = {inbox::RecipientKind::kEnterprise, uscc(i)}}));
                      out = page.items;
                      return Status::ok();
                    })
                    .is_ok());
    return out;
  }

  RunSummary run(RunMode mode) {
    auto r = service_->run(mode);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : RunSummary{};
  }

  ManualClock clock_{Instant(std::chrono::seconds(1'795'000'000))};  // 2026-11-18
  SeededRandom random_{5};
  std::vector<registry::Enterprise> firms_;
  std::unique_ptr<market::EnterpriseAttributes> attributes_;
  std::unique_ptr<PolicyService> service_;
};

TEST_P(PolicyServiceTest, BadRevisionStoresNothingAndThePreviousStaysInForce) {
  save("good-grade", document("good-grade", R"(composite_grade >= "B")"));
  auto bad = service_->save("good-grade", document("good-grade", "composite_grade >= 3"), "test");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().details().at(0).reason.find("good-grade.toml:16:35:"), std::string::npos)
      << bad.status().details().at(0).reason;
  auto stored = service_->get("good-grade");
  ASSERT_TRUE(stored.is_ok());
  EXPECT_EQ(stored->revision, 1);
  EXPECT_EQ(stored->policy.versions[0].eligibility, R"(composite_grade >= "B")");
  // A fresh service reads the same from the database.
  PolicyService again(db(), *attributes_, clock_, random_);
  ASSERT_TRUE(again.load().is_ok());
  EXPECT_EQ(again.get("good-grade")->revision, 1);
  EXPECT_EQ(service_->revisions("good-grade")->size(), 1u);
}

TEST_P(PolicyServiceTest, RunsNotifyOncePerEnterpriseAndVersion) {
  save("grade-b", document("grade-b", R"(composite_grade >= "B")"));
  RunSummary first = run(RunMode::kFull);
  EXPECT_EQ(first.enterprises, 3);
  EXPECT_EQ(first.eligible, 1);
  EXPECT_EQ(first.notified, 1);
  ASSERT_EQ(inbox(0).size(), 1u);
  EXPECT_EQ(inbox(0)[0].kind, "policy_eligible");
  EXPECT_EQ(inbox(0)[0].link, "/policies?focus=grade-b");
  EXPECT_TRUE(inbox(1).empty());
  clock_.advance(10s);
  EXPECT_EQ(run(RunMode::kFull).notified, 0);
  clock_.advance(10s);
  EXPECT_EQ(run(RunMode::kIncremental).notified, 0);
  // Another server (a fresh service) finds the pair recorded and does not notify again.
  PolicyService other(db(), *attributes_, clock_, random_);
  ASSERT_TRUE(other.load().is_ok());
  EXPECT_EQ(other.run(RunMode::kFull)->notified, 0);
  EXPECT_EQ(inbox(0).size(), 1u);
}

TEST_P(PolicyServiceTest, IncrementalRunScreensOnlyWhatChanged) {
  save("micro-only", document("micro-only", R"(size == "micro")"));
  clock_.advance(60s);  // the registry was written well before this run
  EXPECT_EQ(run(RunMode::kFull).eligible, 0);
  clock_.advance(60s);
  auto updated = registry::EnterpriseRepository(db()).update(
      firms_[2].uscc, [&](registry::Enterprise e) -> Result<registry::Enterprise> {
        e.size = registry::SizeClass::kMicro;
        e.updated_at = clock_.now();
        return e;
      });
  ASSERT_TRUE(updated.is_ok());
  clock_.advance(60s);
  RunSummary r = run(RunMode::kIncremental);
  EXPECT_EQ(r.mode, "incremental");
  EXPECT_EQ(r.enterprises, 1);
  EXPECT_EQ(r.notified, 1);
  EXPECT_EQ(inbox(2).size(), 1u);
}

TEST_P(PolicyServiceTest, IncrementalRunSeesAFinishedEvaluationRun) {
  save("grade-a", document("grade-a", R"(composite_grade == "A")"));
  clock_.advance(60s);
  EXPECT_EQ(run(RunMode::kFull).notified, 1);  // the first firm
  clock_.advance(60s);
  // A new evaluation run grades the second firm A.
  ASSERT_TRUE(db().write([&](store::Session& s) -> Status {
                    credit::RunRecord r;
                    r.id = "run-2";
                    r.as_of = "2026-11";
                    r.model_version = "test";
                    r.status = "done";
                    r.enterprises = 1;
                    r.started_at = micros(clock_.now());
                    r.finished_at = micros(clock_.now());
                    RX_RETURN_IF_ERROR(credit::insert_run(s, r));
                    return credit::store_evaluations(
                        s, {{uscc(1), "2026-11", "run-2", 800, "A", std::nullopt, "{}"}});
                  })
                  .is_ok());
  clock_.advance(60s);
  RunSummary r = run(RunMode::kIncremental);
  EXPECT_EQ(r.enterprises, 1);
  EXPECT_EQ(r.notified, 1);
  EXPECT_EQ(inbox(1).size(), 1u);
}

TEST_P(PolicyServiceTest, OptedOutKindIsRecordedButNotNotified) {
  ASSERT_TRUE(service_->set_opt_outs(uscc(0), {"guarantee", "guarantee"}).is_ok());
  EXPECT_EQ(*service_->opt_outs(uscc(0)), std::set<std::string>{"guarantee"});
  EXPECT_EQ(service_->set_opt_outs(uscc(0), {"free_money"}).code(), StatusCode::kInvalidArgument);
  save("grade-b", document("grade-b", R"(composite_grade >= "B")"));
  RunSummary r = run(RunMode::kFull);
  EXPECT_EQ(r.newly_eligible, 1);
  EXPECT_EQ(r.suppressed, 1);
  EXPECT_EQ(r.notified, 0);
  EXPECT_TRUE(inbox(0).empty());
}

TEST_P(PolicyServiceTest, MapShowsStandingsWithCurrentValues) {
  save("grade-b", document("grade-b", R"(composite_grade >= "B" and size == "small")"));
  auto map = service_->map(uscc(1));
  ASSERT_TRUE(map.is_ok()) << map.status().to_string();
  ASSERT_EQ(map->entries.size(), 1u);
  const Assessment& a = map->entries[0].assessment;
  EXPECT_EQ(a.standing, Standing::kNearlyEligible);
  EXPECT_EQ(a.explanation.conditions[0].truth, rules::Truth::kFalse);
  EXPECT_EQ(a.explanation.conditions[0].values[0].value, "C");
  EXPECT_EQ(a.estimate, 2.05);  // 0.5 × 4.1 years
  EXPECT_EQ(service_->map("91310000MA1K000000").status().code(), StatusCode::kInvalidArgument);
}

TEST_P(PolicyServiceTest, NoApplicationPoliciesAreConfirmedOnce) {
  save("auto", document("auto", R"(composite_grade >= "B")", "no_application"));
  save("apply", document("apply", R"(composite_grade >= "B")"));
  auto grant = service_->confirm(uscc(0), "auto", "ek");
  ASSERT_TRUE(grant.is_ok()) << grant.status().to_string();
  EXPECT_EQ(grant->version, 1);
  EXPECT_EQ(grant->estimate_wan, 2.05);
  EXPECT_EQ(service_->confirm(uscc(0), "auto", "ek").status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(service_->confirm(uscc(0), "apply", "ek").status().code(),
            StatusCode::kFailedPrecondition);
  auto refused = service_->confirm(uscc(1), "auto", "ek");
  ASSERT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  ASSERT_EQ(refused.status().details().size(), 1u);
  EXPECT_EQ(refused.status().details()[0].field, R"(composite_grade >= "B")");
  EXPECT_EQ(inbox(0).at(0).kind, "policy_granted");
  auto map = service_->map(uscc(0));
  ASSERT_EQ(map->entries.size(), 2u);
  for (const MapEntry& e : map->entries)
    EXPECT_EQ(e.granted_at.has_value(), e.assessment.policy->id == "auto");
}

TEST_P(PolicyServiceTest, StatisticsCountEligibleNotifiedAppliedAndGranted) {
  save("auto", document("auto", R"(size == "small")", "no_application", "interest_subsidy"));
  run(RunMode::kFull);
  ASSERT_TRUE(service_->confirm(uscc(0), "auto", "ek").is_ok());
  clock_.advance(1h);
  // An application for a product tagged with the kind after the notification.
  ASSERT_TRUE(db().write([&](store::Session& s) {
                    return s
                        .execute(
                            "INSERT INTO market_application_tags (application_id, tag, "
                            "uscc, submitted_at) VALUES ('app-1', 'interest_subsidy', ?, ?)",
                            {uscc(1), micros(clock_.now())})
                        .status();
                  })
                  .is_ok());
  auto stats = service_->stats();
  ASSERT_TRUE(stats.is_ok());
  ASSERT_EQ(stats->size(), 1u);
  EXPECT_EQ((*stats)[0].eligible, 3);
  EXPECT_EQ((*stats)[0].take_up.notified, 3);
  EXPECT_EQ((*stats)[0].take_up.applied, 1);
  EXPECT_EQ((*stats)[0].take_up.granted, 1);
  auto by = service_->stats_by("auto", true);
  ASSERT_TRUE(by.is_ok());
  int64_t eligible = 0, notified = 0;
  for (const GroupCounts& g : *by) {
    eligible += g.eligible;
    notified += g.take_up.notified;
  }
  EXPECT_EQ(eligible, 3);
  EXPECT_EQ(notified, 3);
  EXPECT_EQ(service_->stats_by("nope", true).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(PolicyServiceTest, RevokedEnterprisesFitNothingAndIdsAreChecked) {
  ASSERT_TRUE(registry::EnterpriseRepository(db())
                  .update(firms_[0].uscc,
                          [&](registry::Enterprise e) -> Result<registry::Enterprise> {
                            e.status = registry::EnterpriseStatus::kRevoked;
                            return e;
                          })
                  .is_ok());
  save("auto", document("auto", R"(size == "small")", "no_application"));
  RunSummary r = run(RunMode::kFull);
  EXPECT_EQ(r.eligible, 2);  // the two operating firms
  EXPECT_TRUE(inbox(0).empty());
  EXPECT_EQ(service_->confirm(uscc(0), "auto", "ek").status().code(),
            StatusCode::kFailedPrecondition);
  for (const char* id : {"a/b", "stats", "x"})
    EXPECT_EQ(service_->save(id, document(id, ""), "test").status().code(),
              StatusCode::kInvalidArgument)
        << id;
  EXPECT_EQ(service_->opt_outs("91310000MA1K00000X").status().code(), StatusCode::kNotFound);
}

RX_INSTANTIATE_BACKENDS(PolicyServiceTest);

}  // namespace
}  // namespace rx::policy
