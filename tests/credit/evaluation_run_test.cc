#include "credit/evaluation_run.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "catalog/versions.h"
#include "credit/credit_test_support.h"
#include "credit/panel_repository.h"
#include "credit/sample.h"
#include "credit/scenario.h"
#include "ingest/ingestor.h"
#include "ingest/record_table.h"
#include "registry/enterprise_repository.h"
#include "registry/synthetic.h"
#include "testing/test_database.h"

namespace rx::credit {
namespace {

class EvaluationRunTest : public rx::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    const catalog::Catalog& c = testing::shipped_catalog();
    auto version = catalog::CatalogVersions(db()).publish(c, clock().now());
    ASSERT_TRUE(version.is_ok()) << version.status().to_string();
    version_ = *version;
    ASSERT_TRUE(ingest::ensure_tables(db(), c).is_ok());
    registry::generate_enterprises(3, 7, clock().now(), [&](registry::Enterprise&& e) {
      enterprises_.push_back(std::move(e));
    });
    ASSERT_TRUE(registry::EnterpriseRepository(db()).create_many(enterprises_).is_ok());
  }

  std::string uscc(int i) { return enterprises_[static_cast<size_t>(i)].uscc.str(); }

  void ingest(std::string_view category, const std::string& csv) {
    ingest::MemorySource source(csv);
    ingest::Ingestor ingestor(db(), *testing::shipped_catalog().category(category), version_,
                              clock(), random_);
    auto summary = ingestor.run(source, {"file", "test.csv", "cli", false, "", ""});
    ASSERT_TRUE(summary.is_ok()) << summary.status().to_string();
    ASSERT_EQ(summary->rejected, 0) << category;
  }

  // 24 months of VAT for enterprises 0 and 1: 1,000.00 yuan paid a month.
  std::string tax_rows(const char* paid_for_2026_10 = "1000.00") {
    std::string csv =
        "uscc,period,tax_type,tax_payable_amount,tax_paid_amount,arrears_amount,"
        "sales_revenue_amount,declared_on_time\n";
    for (int e = 0; e < 2; ++e)
      for (MonthIndex m = month_index(2024, 11); m <= month_index(2026, 10); ++m)
        csv += uscc(e) + "," + month_text(m) + ",vat,1000.00," +
               (m == month_index(2026, 10) ? paid_for_2026_10 : "1000.00") + ",0,20000.00,true\n";
    return csv;
  }

  Result<RunRecord> evaluate(const char* month) {
    RunOptions options;
    options.as_of = *parse_month(month);
    options.chunk_size = 2;  // several chunks even for three enterprises
    return run_evaluation(db(), testing::shipped_catalog(), testing::shipped_library(),
                          testing::shipped_model(), options, clock(), random_);
  }

  nlohmann::json detail(int e, const std::string& as_of = "") {
    std::optional<StoredEvaluation> found;
    EXPECT_TRUE(db().read([&](store::Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(found, find_evaluation(s, uscc(e), as_of));
                      return Status::ok();
                    })
                    .is_ok());
    EXPECT_TRUE(found.has_value());
    if (!found) return {};
    nlohmann::json j = nlohmann::json::parse(found->detail);
    j["score"] = found->score;
    j["grade"] = found->grade;
    j["as_of"] = found->as_of;
    return j;
  }

  int64_t version_ = 0;
  std::vector<registry::Enterprise> enterprises_;
  SeededRandom random_{5};
};

TEST_P(EvaluationRunTest, EveryEnterpriseGetsIndicatorsAScoreAndAGradeFromItsRecords) {
  ingest("tax", tax_rows());
  ingest("judicial",
         "uscc,case_number,record_type,role,court,cause,filing_date,closing_date,amount,status\n" +
             uscc(1) +
             ",(2026)沪0101执1号,dishonest_debtor,defendant,上海市黄浦区人民法院,"
             "买卖合同纠纷,2026-03-01,,50000.00,unperformed\n" +
             uscc(2) +
             ",(2019)沪0101执9号,dishonest_debtor,defendant,上海市黄浦区人民法院,"
             "借款合同纠纷,2019-05-01,,80000.00,unperformed\n");
  auto run = evaluate("2026-10");
  ASSERT_TRUE(run.is_ok()) << run.status().to_string();
  EXPECT_EQ(run->status, "done");
  EXPECT_EQ(run->enterprises, 3);
  int graded = 0;
  const nlohmann::json grades = nlohmann::json::parse(run->grades);
  for (const nlohmann::json& n : grades) graded += n.get<int>();
  EXPECT_EQ(graded, 3);

  const nlohmann::json clean = detail(0), dishonest = detail(1), old = detail(2);
  EXPECT_DOUBLE_EQ(clean["indicators"]["tax_paid_12m"].get<double>(), 12000.0);  // fen -> yuan
  EXPECT_DOUBLE_EQ(clean["indicators"]["tax_paid_yoy"].get<double>(), 0.0);
  EXPECT_EQ(clean["indicators"]["dishonest_debtor_records"], 0);
  EXPECT_EQ(dishonest["indicators"]["dishonest_debtor_records"], 1);
  EXPECT_EQ(old["indicators"]["dishonest_debtor_records"], 0) << "past the 5-year retention";
  EXPECT_TRUE(old["indicators"]["tax_paid_12m"].is_null()) << "no tax records is missing";
  EXPECT_GT(clean["score"].get<double>(), dishonest["score"].get<double>());
  EXPECT_EQ(dishonest["factors"]["dishonest_debtor_records"]["points"], 0.0);
  double sum = 0;
  for (const nlohmann::json& f : clean["factors"]) sum += f["score"].get<double>();
  EXPECT_NEAR(sum, clean["score"].get<double>(), 0.1);
}

TEST_P(EvaluationRunTest, ACorrectionCountsAndReEvaluatingAMonthReplacesItWhileOtherMonthsStay) {
  ingest("tax", tax_rows());
  ASSERT_TRUE(evaluate("2026-09").is_ok());
  ASSERT_TRUE(evaluate("2026-10").is_ok());
  EXPECT_DOUBLE_EQ(detail(0)["indicators"]["tax_paid_12m"].get<double>(), 12000.0);
  ingest("tax", tax_rows("0.00"));  // a correction: nothing was paid in 2026-10
  ASSERT_TRUE(evaluate("2026-10").is_ok());
  EXPECT_DOUBLE_EQ(detail(0)["indicators"]["tax_paid_12m"].get<double>(), 11000.0);
  EXPECT_DOUBLE_EQ(detail(0, "2026-09")["indicators"]["tax_paid_12m"].get<double>(), 12000.0);
  std::vector<TrendPoint> trend;
  std::vector<RunRecord> runs;
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(trend, evaluation_trend(s, uscc(0)));
                    RX_ASSIGN_OR_RETURN(runs, list_runs(s, 10));
                    return Status::ok();
                  })
                  .is_ok());
  ASSERT_EQ(trend.size(), 2u);
  EXPECT_EQ(trend[0].as_of, "2026-09");
  EXPECT_EQ(trend[1].as_of, "2026-10");
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].as_of, "2026-10");  // newest first
  EXPECT_TRUE(runs[0].finished_at.has_value());
}

TEST_P(EvaluationRunTest, ASampleLabelsFirmsByWhatHappenedAfterTheObservationMonth) {
  ingest("tax", tax_rows());
  ingest("judicial",
         "uscc,case_number,record_type,role,court,cause,filing_date,closing_date,amount,status\n" +
             uscc(1) +
             ",(2026)沪0101执1号,dishonest_debtor,defendant,上海市黄浦区人民法院,"
             "买卖合同纠纷,2026-03-01,,50000.00,unperformed\n" +
             uscc(2) +
             ",(2025)沪0101执2号,enforcement,defendant,上海市黄浦区人民法院,"
             "借款合同纠纷,2025-05-01,,80000.00,unperformed\n");
  std::string csv;
  SampleOptions options;
  options.as_of = *parse_month("2025-10");
  options.horizon = 12;
  auto summary = build_sample(db(), testing::shipped_catalog(), testing::shipped_library(), options,
                              [&](std::string_view text) {
                                csv += text;
                                return Status::ok();
                              });
  ASSERT_TRUE(summary.is_ok()) << summary.status().to_string();
  // Every enterprise was registered before 2025-10 (the generator's dates are in the past).
  EXPECT_EQ(summary->rows, 3);
  EXPECT_EQ(summary->bad, 1) << "only the record after the observation month counts";
  const std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(header.rfind("uscc,years_in_operation,", 0), 0u) << header;
  EXPECT_EQ(header.substr(header.size() - 4), ",bad");
  EXPECT_NE(csv.find(uscc(1)), std::string::npos);
  const size_t line = csv.find(uscc(1));
  const std::string row = csv.substr(line, csv.find('\n', line) - line);
  EXPECT_EQ(row.substr(row.size() - 2), ",1");
  const size_t other = csv.find(uscc(2));
  const std::string row2 = csv.substr(other, csv.find('\n', other) - other);
  EXPECT_EQ(row2.substr(row2.size() - 2), ",0")
      << "an enforcement before the observation is not an outcome";
}

// Scores every firm with one number, so the test can tell which scorer scored whom.
class FixedScorer final : public RowScorer {
 public:
  FixedScorer(std::string id, double score) : id_(std::move(id)), score_(score) {}
  std::string id() const override { return id_; }
  ScorecardResult score(std::span<const float>) const override {
    return {.score = score_, .bad_probability = 0.1, .reasons = {}};
  }

 private:
  std::string id_;
  double score_;
};

TEST(Scenario, IndustryDivisionsMapToTheLabsScenarios) {
  EXPECT_EQ(scenario_of("I65"), "sci_tech");
  EXPECT_EQ(scenario_of("M73"), "sci_tech");
  EXPECT_EQ(scenario_of("F52"), "trade");
  EXPECT_EQ(scenario_of("G55"), "shipping");
  EXPECT_EQ(scenario_of("G54"), "general");  // road transport is not shipping
  EXPECT_EQ(scenario_of("C39"), "general");
  EXPECT_EQ(scenario_of(""), "general");
}

TEST_P(EvaluationRunTest, FirmsOfAScenarioWithItsOwnChampionAreScoredByIt) {
  ingest("tax", tax_rows());
  ASSERT_TRUE(db().write([&](store::Session& s) {
                    return s
                        .execute("UPDATE enterprises SET industry = 'I65' WHERE uscc = ?",
                                 {store::Value(uscc(1))})
                        .status();
                  })
                  .is_ok());
  const FixedScorer general("general v1", 500), tech("tech v3", 700);
  RunOptions options;
  options.as_of = *parse_month("2026-10");
  options.scorer = &general;
  options.scenario_scorers["sci_tech"] = &tech;
  auto run = run_evaluation(db(), testing::shipped_catalog(), testing::shipped_library(),
                            testing::shipped_model(), options, clock(), random_);
  ASSERT_TRUE(run.is_ok()) << run.status().to_string();
  EXPECT_EQ(run->scorecard, "general: general v1; sci_tech: tech v3");
  const nlohmann::json tech_firm = detail(1);
  EXPECT_EQ(tech_firm["scorecard"]["model"], "tech v3");
  EXPECT_EQ(tech_firm["scorecard"]["score"], 700.0);
  for (int e : {0, 2}) {
    if (scenario_of(enterprises_[static_cast<size_t>(e)].industry) == "sci_tech") continue;
    EXPECT_EQ(detail(e)["scorecard"]["model"], "general v1") << e;
  }
}

RX_INSTANTIATE_BACKENDS(EvaluationRunTest);

}  // namespace
}  // namespace rx::credit
