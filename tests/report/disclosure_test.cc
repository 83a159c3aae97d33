// The single export on both databases: what leaves under the desensitized and the authorized
// view, refusals and fair use recorded, records hidden or marked by objections, and reports
// that stay the same under their number and can be verified.
#include "report/disclosure.h"

#include <gtest/gtest.h>

#include "catalog/versions.h"
#include "consent/access_log.h"
#include "consent/authorization_repository.h"
#include "credit/credit_test_support.h"
#include "crypto/crypto.h"
#include "ingest/ingestor.h"
#include "ingest/record_table.h"
#include "objection/record_key.h"
#include "registry/enterprise_repository.h"
#include "registry/institution.h"
#include "registry/synthetic.h"
#include "report/report_service.h"
#include "testing/test_database.h"

namespace rx::report {
namespace {

using credit::testing::shipped_catalog;
using nlohmann::json;

class DisclosureTest : public rx::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    const catalog::Catalog& c = shipped_catalog();
    auto version = catalog::CatalogVersions(db()).publish(c, clock().now());
    ASSERT_TRUE(version.is_ok()) << version.status().to_string();
    ASSERT_TRUE(ingest::ensure_tables(db(), c).is_ok());
    registry::generate_enterprises(2, 11, clock().now(), [&](registry::Enterprise&& e) {
      enterprises_.push_back(std::move(e));
    });
    ASSERT_TRUE(registry::EnterpriseRepository(db()).create_many(enterprises_).is_ok());
    ASSERT_TRUE(registry::InstitutionRepository(db(), clock())
                    .create({"bank-a", "示例银行上海分行", "bank", {}})
                    .is_ok());
    ingest(*version, "tax",
           "uscc,period,tax_type,tax_payable_amount,tax_paid_amount,arrears_amount,"
           "sales_revenue_amount,declared_on_time\n" +
               uscc() + ",2026-09,vat,12345.00,12000.00,345.00,987654.00,true\n" + uscc() +
               ",2026-10,vat,12345.00,12345.00,0.00,987654.00,true\n");
    // 2026-11-18 is "today" (the test clock): one penalty on display, one past its year.
    ingest(*version, "admin_penalty",
           "uscc,decision_number,penalty_type,severity,violation,basis,content,fine_amount,"
           "confiscation_amount,authority,decision_date,publication_date\n" +
               uscc() +
               ",沪监罚〔2026〕7号,fine,general,未按规定公示年报,条例第十条,罚款,20000.00,0,"
               "市场监管局,2026-05-10,2026-05-15\n" +
               uscc() +
               ",沪监罚〔2024〕3号,fine,general,虚假宣传,广告法,罚款,5000.00,0,"
               "市场监管局,2024-03-01,2024-03-05\n");
  }

  std::string uscc(size_t i = 0) { return enterprises_[i].uscc.str(); }

  void ingest(int64_t version, std::string_view category, const std::string& csv) {
    ingest::MemorySource source(csv);
    ingest::Ingestor ingestor(db(), *shipped_catalog().category(category), version, clock(),
                              random_);
    auto summary = ingestor.run(source, {"file", "test.csv", "cli", false, "", ""});
    ASSERT_TRUE(summary.is_ok()) << summary.status().to_string();
    ASSERT_EQ(summary->rejected, 0) << category;
  }

  DisclosureRules rules() {
    DisclosureRules r;
    r.record_key = objection::record_key;
    r.flags = [this](store::Session&, std::string_view) -> Result<RecordFlags> { return flags_; };
    r.displayed = [](const catalog::Category& c, const json& p, Date today, bool) {
      if (c.id != "admin_penalty") return true;
      auto decided = Date::parse(p.value("decision_date", ""));
      return decided.is_ok() && today.days_since_epoch() - decided->days_since_epoch() < 365;
    };
    return r;
  }

  consent::Authorization grant(int max_queries, std::vector<consent::Scope> scopes) {
    consent::Grant g;
    g.uscc = uscc();
    g.institution_id = "bank-a";
    g.scopes = std::move(scopes);
    g.valid_from = clock().now();
    g.valid_until = clock().now() + std::chrono::days(30);
    g.period_from = "2025-01";
    g.period_to = "2026-10";
    g.max_queries = max_queries;
    auto a = consent::AuthorizationRepository(db(), clock(), random_, key_)
                 .grant(g, shipped_catalog(), "key-e");
    EXPECT_TRUE(a.is_ok()) << a.status().to_string();
    return *a;
  }

  QueryItem query_one(Disclosure& d, bool authorized, std::vector<std::string> categories) {
    QueryRequest q;
    q.usccs = {uscc()};
    q.categories = std::move(categories);
    q.authorized = authorized;
    auto items = d.query(q, who_);
    EXPECT_TRUE(items.is_ok()) << items.status().to_string();
    return items->at(0);
  }

  std::vector<consent::Access> accesses() {
    return consent::list_accesses(db(), uscc(), std::nullopt, std::nullopt, 100)->items;
  }

  std::vector<registry::Enterprise> enterprises_;
  SeededRandom random_{5};
  crypto::Ed25519Key key_ = crypto::Ed25519Key::generate().value();
  RecordFlags flags_;
  Requester who_{"bank-a", "key-b", "req-1"};
};

TEST_P(DisclosureTest, DesensitizedViewGeneralizesWithholdsAndIsRecordedWithItsHash) {
  Disclosure d(db(), shipped_catalog(), clock(), random_, rules());
  QueryItem item = query_one(d, false, {"tax"});
  ASSERT_TRUE(item.status.is_ok()) << item.status.to_string();
  const json& records = item.data["categories"][0]["records"];
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["fields"]["period"], "2026-10");
  EXPECT_EQ(records[0]["fields"]["tax_paid_amount"]["display"], "1万–5万元");
  EXPECT_FALSE(records[0]["fields"].contains("sales_revenue_amount"));
  EXPECT_EQ(item.data.dump().find("98765400"), std::string::npos);
  auto log = accesses();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].outcome, "allowed");
  EXPECT_EQ(log[0].view, "desensitized");
  EXPECT_EQ(log[0].result_sha256, crypto::sha256_hex(item.data.dump()));
  EXPECT_EQ(log[0].request_id, "req-1");
}

TEST_P(DisclosureTest, AuthorizedViewNeedsAnAuthorizationAndCountsFairUse) {
  Disclosure d(db(), shipped_catalog(), clock(), random_, rules());
  QueryItem refused = query_one(d, true, {"tax"});
  EXPECT_EQ(refused.deny, consent::Deny::kNoAuthorization);
  EXPECT_EQ(refused.status.code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(refused.data.is_null());

  grant(1, {{"tax", {}}});
  QueryItem clear = query_one(d, true, {"tax"});
  ASSERT_TRUE(clear.status.is_ok()) << clear.status.to_string();
  EXPECT_EQ(clear.data["view"], "authorized");
  EXPECT_EQ(clear.data["categories"][0]["records"][0]["fields"]["sales_revenue_amount"], 98765400);
  EXPECT_EQ(query_one(d, true, {"tax"}).deny, consent::Deny::kLimitReached);
  EXPECT_EQ(query_one(d, true, {"admin_penalty"}).deny, consent::Deny::kCategoryNotCovered);

  std::vector<std::string> reasons;
  for (const consent::Access& a : accesses()) reasons.push_back(a.reason);
  EXPECT_EQ(reasons, (std::vector<std::string>{"category_not_covered", "limit_reached", "allowed",
                                               "authorization_missing"}));
}

TEST_P(DisclosureTest, ARevocationBetweenReadingAndSendingStillStopsTheAnswer) {
  Disclosure d(db(), shipped_catalog(), clock(), random_, rules());
  const consent::Authorization older = grant(1, {{"tax", {}}});
  const consent::Authorization newer = grant(1, {{"tax", {}}});
  consent::AccessAsk ask{.uscc = uscc(),
                         .institution_id = "bank-a",
                         .purpose = consent::Purpose::kLoanApplication,
                         .categories = {"tax"},
                         .period_from = std::nullopt,
                         .period_to = std::nullopt,
                         .application_id = std::nullopt,
                         .now = clock().now()};
  Admission chosen;
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(chosen, d.choose(s, ask, std::nullopt));
                    return Status::ok();
                  })
                  .is_ok());
  ASSERT_TRUE(chosen.authorization.has_value());
  EXPECT_EQ(chosen.authorization->id, newer.id);  // the newest first
  ASSERT_TRUE(consent::AuthorizationRepository(db(), clock(), random_, key_)
                  .change_state(newer.id, uscc(), consent::State::kRevoked)
                  .is_ok());
  consent::Deny confirmed = consent::Deny::kNone;
  ASSERT_TRUE(db().write([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(confirmed, d.confirm(s, ask, *chosen.authorization));
                    return Status::ok();
                  })
                  .is_ok());
  EXPECT_EQ(confirmed, consent::Deny::kRevoked);
  // A query now uses the older authorization, then finds every limit used up.
  EXPECT_EQ(query_one(d, true, {"tax"}).data["authorization_id"], older.id);
  EXPECT_EQ(query_one(d, true, {"tax"}).deny, consent::Deny::kLimitReached);
}

TEST_P(DisclosureTest, HiddenRecordsNeverLeaveAndDisputedOnesAreMarked) {
  flags_.hidden.emplace("tax", "period=2026-09&tax_type=vat");
  flags_.disputed.emplace("admin_penalty", "decision_number=沪监罚〔2026〕7号");
  Disclosure d(db(), shipped_catalog(), clock(), random_, rules());
  QueryItem item = query_one(d, false, {"tax", "admin_penalty"});
  ASSERT_TRUE(item.status.is_ok());
  const json& tax = item.data["categories"][0]["records"];
  ASSERT_EQ(tax.size(), 1u);
  EXPECT_EQ(tax[0]["fields"]["period"], "2026-10");
  const json& penalties = item.data["categories"][1]["records"];
  ASSERT_EQ(penalties.size(), 1u);  // the 2024 one is past its display period
  EXPECT_EQ(penalties[0]["fields"]["decision_number"], "沪监罚〔2026〕7号");
  EXPECT_TRUE(penalties[0]["under_dispute"].get<bool>());
}

TEST_P(DisclosureTest, BadRequestsAreRefusedWholeAndBadItemsOneByOne) {
  Disclosure d(db(), shipped_catalog(), clock(), random_, rules());
  QueryRequest q;
  q.usccs = {uscc()};
  q.categories = {"weather"};
  q.period_from = "2026-10";
  q.period_to = "2026-01";
  const Status bad = d.query(q, who_).status();
  ASSERT_EQ(bad.code(), StatusCode::kInvalidArgument);
  ASSERT_EQ(bad.details().size(), 2u);
  EXPECT_EQ(bad.details()[0].field, "categories[0]");
  EXPECT_EQ(bad.details()[1].field, "period_to");
  q = {};
  q.usccs.assign(kMaxBatch + 1, uscc());
  EXPECT_EQ(d.query(q, who_).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(accesses().empty());  // nothing answered, nothing recorded

  q = {};
  q.usccs = {uscc(), "91310000MA1FL8XQ3X", uscc(1)};
  q.authorized = false;
  auto items = d.query(q, who_);
  ASSERT_TRUE(items.is_ok());
  EXPECT_TRUE((*items)[0].status.is_ok());
  EXPECT_EQ((*items)[1].status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE((*items)[2].status.is_ok());
}

TEST_P(DisclosureTest, ReportsAreStoredAsIssuedAndVerifiable) {
  flags_.disputed.emplace("admin_penalty", "decision_number=沪监罚〔2026〕7号");
  Disclosure d(db(), shipped_catalog(), clock(), random_, rules());
  ReportService reports(d, credit::testing::shipped_library(), credit::testing::shipped_model());
  ReportRequest r;
  r.uscc = uscc();
  r.authorized = false;
  auto issued = reports.issue(r, who_);
  ASSERT_TRUE(issued.is_ok()) << issued.status().to_string();
  EXPECT_EQ(issued->content["view"], "desensitized");
  EXPECT_EQ(issued->content["institution"]["name"], "示例银行上海分行");
  const json& adverse = issued->content["adverse_records"];
  ASSERT_EQ(adverse.size(), 2u);  // the arrears of 2026-09 and the penalty on display
  bool disputed_penalty = false;
  for (const json& a : adverse)
    if (a["kind"] == "penalty") disputed_penalty = a["under_dispute"].get<bool>();
  EXPECT_TRUE(disputed_penalty);

  const std::string number = issued->content["report_number"];
  auto stored = reports.get(number);
  ASSERT_TRUE(stored.is_ok());
  EXPECT_EQ(stored->content, issued->content);
  EXPECT_EQ(stored->content.dump(), issued->text);
  EXPECT_EQ(stored->institution_id, "bank-a");
  auto ok = reports.verify(number, issued->content["verification_code"]);
  EXPECT_TRUE((*ok)["valid"].get<bool>());
  EXPECT_EQ((*ok)["content_sha256"], crypto::sha256_hex(issued->text));
  EXPECT_EQ(*reports.verify(number, "2222-2222-2222"), json({{"valid", false}}));
  EXPECT_EQ(reports.get("RXR-00000000-NONE").status().code(), StatusCode::kNotFound);

  r.authorized = true;  // no authorization: refused, and the refusal recorded
  auto refused = reports.issue(r, who_);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(refused.status().details().at(0).reason, "authorization_missing");
  EXPECT_EQ(accesses().front().action, "report");
  EXPECT_EQ(accesses().front().outcome, "denied");

  auto own = reports.issue_self(uscc());
  ASSERT_TRUE(own.is_ok());
  EXPECT_EQ(own->content["view"], "self");
}

RX_INSTANTIATE_BACKENDS(DisclosureTest);

}  // namespace
}  // namespace rx::report
