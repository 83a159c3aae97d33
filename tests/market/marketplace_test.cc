// The marketplace against real SQLite and PostgreSQL: products and rules, matching with
// explanations, one-click apply with scoped authorizations, the state machine, reminders that
// survive a restart, loans, referral, IP pledges and statistics.
#include "market/marketplace.h"

#include <gtest/gtest.h>

#include "catalog/loader.h"
#include "credit/evaluation_repository.h"
#include "inbox/inbox_repository.h"
#include "market/ip_pledge_repository.h"
#include "market/statistics.h"
#include "registry/enterprise_repository.h"
#include "registry/institution.h"
#include "registry/synthetic.h"
#include "testing/test_database.h"

namespace rx::market {
namespace {

const catalog::Catalog& shipped_catalog() {
  static const catalog::Catalog c = [] {
    const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
    return catalog::load_catalog(std::string(dir ? dir : ".") + "/data/catalog").value();
  }();
  return c;
}

const credit::IndicatorLibrary& library() {
  static const credit::IndicatorLibrary l = [] {
    const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
    return credit::load_indicator_library(
               std::string(dir ? dir : ".") + "/data/credit/indicators.toml", shipped_catalog())
        .value();
  }();
  return l;
}

class MarketplaceTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    registry::InstitutionRepository institutions(db(), clock_);
    ASSERT_TRUE(institutions.create({"bank-a", "甲银行", "bank", {}}).is_ok());
    ASSERT_TRUE(institutions.create({"bank-b", "乙银行", "bank", {}}).is_ok());
    registry::generate_enterprises(3, 11, clock_.now(), [&](registry::Enterprise&& e) {
      e.size = registry::SizeClass::kSmall;
      e.registration_date = Date::from_days(shanghai_date(clock_.now()).days_since_epoch() - 1500);
      firms_.push_back(e);
    });
    ASSERT_TRUE(registry::EnterpriseRepository(db()).create_many(firms_).is_ok());
    // The first firm is graded A with 820 points, the second C with 520; the third has none.
    ASSERT_TRUE(
        db().write([&](store::Session& s) {
              return credit::store_evaluations(
                  s, {{firms_[0].uscc.str(), "2026-10", "run-1", 820, "A", 700.0,
                       R"({"indicators":{"dishonest_debtor_records":0,"tax_credit_grade":5}})"},
                      {firms_[1].uscc.str(), "2026-10", "run-1", 520, "C", std::nullopt,
                       R"({"indicators":{"dishonest_debtor_records":1,"tax_credit_grade":2}})"}});
            })
            .is_ok());
    auto attributes = EnterpriseAttributes::create(library());
    ASSERT_TRUE(attributes.is_ok()) << attributes.status().to_string();
    attributes_ = std::make_unique<EnterpriseAttributes>(std::move(attributes).value());
    auto calendar = objection::Calendar::from_lists(2026, 2027, {}, {});
    ASSERT_TRUE(calendar.is_ok()) << calendar.status().to_string();
    calendar_ = std::make_unique<objection::Calendar>(std::move(calendar).value());
    authorizations_ =
        std::make_unique<consent::AuthorizationRepository>(db(), clock_, random_, key_);
    market_ = make_market();
  }

  std::unique_ptr<Marketplace> make_market() {
    return std::make_unique<Marketplace>(db(), clock_, random_, *attributes_, shipped_catalog(),
                                         authorizations_.get(), calendar_.get());
  }

  Product product(std::string institution, std::string name, std::string rule) {
    Product p;
    p.institution_id = std::move(institution);
    p.name = std::move(name);
    p.amount_min = 10'000'000;   // 100,000 yuan
    p.amount_max = 500'000'000;  // 5,000,000 yuan
    p.term_min = 6;
    p.term_max = 36;
    p.rate_min_bp = 350;
    p.rate_max_bp = 600;
    p.repayment_methods = {RepaymentMethod::kEqualInstalment, RepaymentMethod::kInterestOnly};
    p.eligibility = std::move(rule);
    p.policy_tags = {"risk_compensation"};
    p.sla_days = 3;
    p.status = ProductStatus::kListed;
    return p;
  }

  Actor enterprise(size_t i) { return {"enterprise", "ek", firms_[i].uscc.str(), std::nullopt}; }
  Actor bank(const std::string& id) { return {"institution", "bk-" + id, std::nullopt, id}; }

  Demand demand(size_t i, int64_t amount = 100'000'000) {
    Demand d;
    d.uscc = firms_[i].uscc.str();
    d.amount = amount;
    d.term_months = 12;
    d.purpose = "采购原材料";
    return d;
  }

  int64_t count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(auto rows, s.query(sql));
                      n = rows.at(0).integer(0);
                      return Status::ok();
                    })
                    .is_ok());
    return n;
  }

  std::vector<inbox::Message> inbox(inbox::RecipientKind kind, const std::string& id) {
    std::vector<inbox::Message> out;
    EXPECT_TRUE(db().read([&](store::Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(auto page, inbox::list_messages(s, {{kind, id}}));
                      out = page.items;
                      return Status::ok();
                    })
                    .is_ok());
    return out;
  }

  Application move(const std::string& id, const Actor& a, AppState to, MoveRequest r = {}) {
    r.to = to;
    auto moved = market_->move(id, a, r);
    EXPECT_TRUE(moved.is_ok()) << moved.status().to_string();
    return moved.is_ok() ? *moved : Application{};
  }

  ManualClock clock_{Instant(std::chrono::seconds(1'795'000'000))};  // 2026-11-18
  SeededRandom random_{5};
  crypto::Ed25519Key key_ = crypto::Ed25519Key::generate().value();
  std::vector<registry::Enterprise> firms_;
  std::unique_ptr<EnterpriseAttributes> attributes_;
  std::unique_ptr<objection::Calendar> calendar_;
  std::unique_ptr<consent::AuthorizationRepository> authorizations_;
  std::unique_ptr<Marketplace> market_;
};

TEST_P(MarketplaceTest, ARuleThatDoesNotParseIsRefusedWithItsPositionAndNothingIsStored) {
  auto made = market_->create_product(
      product("bank-a", "坏规则", "years_operating >= 1 and\n  composite_grade >= 3"));
  ASSERT_FALSE(made.is_ok());
  EXPECT_EQ(made.status().code(), StatusCode::kInvalidArgument);
  ASSERT_FALSE(made.status().details().empty());
  EXPECT_EQ(made.status().details()[0].field, "eligibility: line 2, column 22");
  EXPECT_EQ(count("SELECT count(*) FROM market_products"), 0);
}

TEST_P(MarketplaceTest, MatchingExplainsEligibilityAndNearMisses) {
  ASSERT_TRUE(market_
                  ->create_product(product("bank-a", "甲信用贷",
                                           "composite_grade >= \"B\" and not dishonest_debtor"))
                  .is_ok());
  ASSERT_TRUE(
      market_->create_product(product("bank-b", "乙高门槛贷", "composite_score >= 900")).is_ok());
  ASSERT_TRUE(market_->create_product(product("bank-b", "乙草稿", "")).is_ok());
  auto m = market_->match_enterprise(firms_[0].uscc.str(), {100'000'000, 12, {}, false});
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  ASSERT_EQ(m->result.eligible.size(), 2u);  // 甲信用贷 and the always-true 乙草稿
  ASSERT_EQ(m->result.near_misses.size(), 1u);
  const Match& near = m->result.near_misses[0];
  EXPECT_EQ((*m->products)[near.product].product.name, "乙高门槛贷");
  EXPECT_EQ(near.failed, 1);
  bool saw_score = false;
  for (const ConditionResult& c : near.conditions)
    if (c.kind == "rule") {
      EXPECT_EQ(c.truth, rules::Truth::kFalse);
      ASSERT_EQ(c.values.size(), 1u);
      EXPECT_EQ(c.values[0].label, "公共信用综合评分");
      EXPECT_EQ(c.values[0].value, "820");
      saw_score = true;
    }
  EXPECT_TRUE(saw_score);
  // The second firm (grade C, a dishonest debtor) is eligible for the unconditional one only.
  auto weak = market_->match_enterprise(firms_[1].uscc.str(), {100'000'000, 12, {}, false});
  ASSERT_TRUE(weak.is_ok());
  ASSERT_EQ(weak->result.eligible.size(), 1u);
  EXPECT_EQ((*weak->products)[weak->result.eligible[0].product].product.name, "乙草稿");
}

TEST_P(MarketplaceTest, OneClickAppliesToSeveralLendersEachUnderItsOwnScopedAuthorization) {
  auto a = market_->create_product(product("bank-a", "甲信用贷", "composite_grade >= \"B\""));
  auto b = market_->create_product(product("bank-b", "乙信用贷", ""));
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  auto d = market_->publish_demand(demand(0));
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  ApplyRequest r{.uscc = firms_[0].uscc.str(), .product_ids = {a->id, b->id}, .demand_id = d->id};
  auto apps = market_->apply(r, enterprise(0));
  ASSERT_TRUE(apps.is_ok()) << apps.status().to_string();
  ASSERT_EQ(apps->size(), 2u);
  for (const Application& app : *apps) {
    EXPECT_EQ(app.state, AppState::kSubmitted);
    EXPECT_EQ(app.amount, 100'000'000);
    EXPECT_EQ(app.policy_tags, std::vector<std::string>{"risk_compensation"});
    auto auth = authorizations_->get(app.authorization_id);
    ASSERT_TRUE(auth.is_ok());
    EXPECT_EQ(auth->grant.institution_id, app.institution_id);
    EXPECT_EQ(auth->grant.application_id, app.id);
    EXPECT_EQ(auth->grant.purpose, consent::Purpose::kLoanApplication);
    // Three working days from a Wednesday (2026-11-18 here) is the next Monday's end.
    EXPECT_GT(app.sla_due_at, app.submitted_at);
  }
  EXPECT_EQ(inbox(inbox::RecipientKind::kInstitution, "bank-a").size(), 1u);
  EXPECT_EQ(inbox(inbox::RecipientKind::kEnterprise, firms_[0].uscc.str()).size(), 2u);

  // Again to the same product while open: refused, and nothing else is written.
  const int64_t auths = count("SELECT count(*) FROM authorizations");
  auto again = market_->apply(
      {.uscc = firms_[0].uscc.str(), .product_ids = {b->id, a->id}, .demand_id = d->id},
      enterprise(0));
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(count("SELECT count(*) FROM authorizations"), auths);
  EXPECT_EQ(count("SELECT count(*) FROM market_applications"), 2);
}

TEST_P(MarketplaceTest, AsksOutsideTheProductAndIneligibleFirmsAreRefusedWithReasons) {
  auto a = market_->create_product(product("bank-a", "甲信用贷", "not dishonest_debtor"));
  ASSERT_TRUE(a.is_ok());
  auto too_big = market_->apply({.uscc = firms_[0].uscc.str(),
                                 .product_ids = {a->id},
                                 .amount = 900'000'000,
                                 .term_months = 48},
                                enterprise(0));
  EXPECT_EQ(too_big.status().code(), StatusCode::kInvalidArgument);
  ASSERT_EQ(too_big.status().details().size(), 2u);
  EXPECT_EQ(too_big.status().details()[0].field, "amount_fen");
  EXPECT_EQ(too_big.status().details()[1].field, "term_months");
  auto ineligible = market_->apply({.uscc = firms_[1].uscc.str(),
                                    .product_ids = {a->id},
                                    .amount = 100'000'000,
                                    .term_months = 12},
                                   enterprise(1));
  EXPECT_EQ(ineligible.status().code(), StatusCode::kFailedPrecondition);
  ASSERT_EQ(ineligible.status().details().size(), 1u);
  EXPECT_EQ(ineligible.status().details()[0].reason, "not dishonest_debtor");
  EXPECT_EQ(count("SELECT count(*) FROM market_applications"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM authorizations"), 0);
}

TEST_P(MarketplaceTest, TheWholeJourneyToALoanWithItsTimeline) {
  auto a = market_->create_product(product("bank-a", "甲信用贷", ""));
  ASSERT_TRUE(a.is_ok());
  auto apps = market_->apply({.uscc = firms_[0].uscc.str(),
                              .product_ids = {a->id},
                              .amount = 120'000'000,
                              .term_months = 12,
                              .purpose = "扩产"},
                             enterprise(0));
  ASSERT_TRUE(apps.is_ok()) << apps.status().to_string();
  const std::string id = (*apps)[0].id;
  // Out of order, by the wrong party, by another lender: refused, nothing changes.
  MoveRequest skip{.to = AppState::kApproved};
  EXPECT_EQ(market_->move(id, bank("bank-a"), skip).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(market_->move(id, enterprise(0), {.to = AppState::kAccepted}).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(market_->move(id, bank("bank-b"), {.to = AppState::kAccepted}).status().code(),
            StatusCode::kNotFound);
  move(id, bank("bank-a"), AppState::kAccepted);
  move(id, bank("bank-a"), AppState::kUnderReview);
  move(id, bank("bank-a"), AppState::kInfoRequested, {.note = "请补充近三个月财务报表"});
  move(id, enterprise(0), AppState::kUnderReview, {.note = "已上传"});
  EXPECT_EQ(market_->move(id, bank("bank-a"), {.to = AppState::kApproved}).status().code(),
            StatusCode::kInvalidArgument);  // an approval needs its offer
  const Offer off_range{120'000'000, 12, 900, "equal_instalment"};
  EXPECT_EQ(market_->move(id, bank("bank-a"), {.to = AppState::kApproved, .offer = off_range})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  move(id, bank("bank-a"), AppState::kApproved,
       {.offer = Offer{100'000'000, 12, 400, "equal_instalment"}});
  move(id, bank("bank-a"), AppState::kContractSigned);
  const Date today = shanghai_date(clock_.now());
  Application disbursed = move(
      id, bank("bank-a"), AppState::kDisbursed,
      {.disbursed_on = today, .first_due_date = Date::from_days(today.days_since_epoch() + 30)});
  EXPECT_EQ(disbursed.state, AppState::kDisbursed);
  ASSERT_EQ(disbursed.timeline.size(), 8u);
  EXPECT_EQ(disbursed.timeline[3].note, "请补充近三个月财务报表");
  EXPECT_EQ(disbursed.timeline[4].actor_role, "enterprise");
  auto loan = market_->loan(id, enterprise(0));
  ASSERT_TRUE(loan.is_ok()) << loan.status().to_string();
  EXPECT_EQ(loan->terms.principal.fen(), 100'000'000);
  EXPECT_EQ(market_->loan(id, bank("bank-b")).status().code(), StatusCode::kNotFound);

  // The first instalment falls due and is not paid: the daily assessment finds it overdue.
  clock_.advance(std::chrono::days(45));
  ASSERT_TRUE(market_->assess_loans(shanghai_date(clock_.now())).is_ok());
  auto late = market_->application(id, enterprise(0));
  ASSERT_TRUE(late.is_ok());
  EXPECT_EQ(late->state, AppState::kOverdue);
  auto standing = market_->loan(id, bank("bank-a"));
  EXPECT_EQ(standing->standing.overdue_days, 15);
  EXPECT_EQ(standing->standing.bucket, "1-30");
  // A loan read back carries its whole standing, not only the columns the assessment selects on.
  auto plan = schedule(standing->terms);
  const Money first = (*plan)[0].total;
  EXPECT_EQ(standing->standing.overdue_amount, first);
  EXPECT_EQ(standing->standing.next_due_date, (*plan)[1].due_date);
  EXPECT_FALSE(standing->standing.settled);
  // Assessed once a day: a second pass the same day does nothing.
  EXPECT_EQ(*market_->assess_loans(shanghai_date(clock_.now())), 0);
  // Paying the arrears brings it back to repaying; an overpayment is refused.
  EXPECT_EQ(market_
                ->record_repayment(id, bank("bank-a"),
                                   {shanghai_date(clock_.now()), Money::from_fen(999'999'999'99)})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  auto paid = market_->record_repayment(id, bank("bank-a"), {shanghai_date(clock_.now()), first});
  ASSERT_TRUE(paid.is_ok()) << paid.status().to_string();
  EXPECT_EQ(paid->standing.overdue_days, 0);
  EXPECT_EQ(market_->application(id, enterprise(0))->state, AppState::kRepaying);
  // Everything repaid: settled.
  auto rest = market_->record_repayment(
      id, bank("bank-a"), {shanghai_date(clock_.now()), remaining_due(*plan, paid->repayments)});
  ASSERT_TRUE(rest.is_ok()) << rest.status().to_string();
  EXPECT_TRUE(rest->standing.settled);
  EXPECT_TRUE(market_->loan(id, enterprise(0))->standing.settled);
  EXPECT_EQ(market_->application(id, enterprise(0))->state, AppState::kSettled);
}

TEST_P(MarketplaceTest, SlaRemindersAreStoredAndSentOnceAfterARestart) {
  auto a = market_->create_product(product("bank-a", "甲信用贷", ""));
  auto b = market_->create_product(product("bank-b", "乙信用贷", ""));
  auto apps = market_->apply({.uscc = firms_[0].uscc.str(),
                              .product_ids = {a->id, b->id},
                              .amount = 100'000'000,
                              .term_months = 12},
                             enterprise(0));
  ASSERT_TRUE(apps.is_ok());
  // bank-b decides in time; bank-a does not.
  const std::string late = (*apps)[0].id, prompt = (*apps)[1].id;
  move(prompt, bank("bank-b"), AppState::kDeclined, {.decline_reason = "行业限额已满"});
  EXPECT_EQ(*market_->send_due_reminders(clock_.now()), 0);

  market_ = make_market();  // a restart: nothing but the database carries over
  clock_.advance(std::chrono::days(10));
  EXPECT_EQ(*market_->send_due_reminders(clock_.now()), 2);  // near and breached, bank-a only
  EXPECT_EQ(*market_->send_due_reminders(clock_.now()), 0);
  std::vector<std::string> kinds;
  for (const inbox::Message& m : inbox(inbox::RecipientKind::kInstitution, "bank-a"))
    kinds.push_back(m.kind);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "application_sla_breached"), kinds.end());
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "application_sla_near"), kinds.end());
  for (const inbox::Message& m : inbox(inbox::RecipientKind::kInstitution, "bank-b"))
    EXPECT_EQ(m.kind.find("sla"), std::string::npos);
  auto breached = market_->applications({.overdue_sla_only = true}, Actor::system());
  ASSERT_TRUE(breached.is_ok());
  ASSERT_EQ(breached->size(), 1u);
  EXPECT_EQ((*breached)[0].id, late);
}

TEST_P(MarketplaceTest, ADeclinedFirmCanBeReferredToOtherLendersAndConversionIsCounted) {
  auto a = market_->create_product(product("bank-a", "甲信用贷", ""));
  auto b = market_->create_product(product("bank-b", "乙信用贷", ""));
  auto apps = market_->apply({.uscc = firms_[0].uscc.str(),
                              .product_ids = {a->id},
                              .amount = 100'000'000,
                              .term_months = 12},
                             enterprise(0));
  ASSERT_TRUE(apps.is_ok());
  const std::string id = (*apps)[0].id;
  EXPECT_EQ(market_->refer(id, enterprise(0), 3).status().code(),
            StatusCode::kFailedPrecondition);  // not declined yet
  move(id, bank("bank-a"), AppState::kDeclined, {.decline_reason = "抵押不足"});
  auto referred = market_->refer(id, enterprise(0), 3);
  ASSERT_TRUE(referred.is_ok()) << referred.status().to_string();
  ASSERT_EQ(referred->size(), 1u);
  EXPECT_EQ((*referred)[0].institution_id, "bank-b");
  EXPECT_EQ((*referred)[0].referred_from, id);
  EXPECT_EQ(market_->refer(id, enterprise(0), 3).status().code(),
            StatusCode::kFailedPrecondition);  // once
  move((*referred)[0].id, bank("bank-b"), AppState::kAccepted);
  move((*referred)[0].id, bank("bank-b"), AppState::kUnderReview);
  move((*referred)[0].id, bank("bank-b"), AppState::kApproved,
       {.offer = Offer{100'000'000, 12, 400, "interest_only"}});
  std::vector<StatsRow> stats;
  ASSERT_TRUE(db().read([&](store::Session& s) -> Status {
                    RX_ASSIGN_OR_RETURN(stats,
                                        market_statistics(s, StatsDimension::kSize, clock_.now()));
                    return Status::ok();
                  })
                  .is_ok());
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].key, "small");
  EXPECT_EQ(stats[0].applications, 2);
  EXPECT_EQ(stats[0].decided, 2);
  EXPECT_EQ(stats[0].approved, 1);
  EXPECT_EQ(stats[0].declined, 1);
  EXPECT_EQ(stats[0].referred, 1);
  EXPECT_EQ(stats[0].referred_approved, 1);
}

TEST_P(MarketplaceTest, AnIpRightIsInOneRegisteredPledgeAtATime) {
  IpPledgeRepository pledges(db(), clock_, random_);
  IpPledge p;
  p.uscc = firms_[0].uscc.str();
  p.owner_name = firms_[0].name;
  p.items = {{IpKind::kPatent, "ZL202310123456.7", "一种节能装置"},
             {IpKind::kTrademark, "12345678", "融信"}};
  p.valuation = 300'000'000;
  p.valuation_method = "income";
  p.valuer = "某资产评估有限公司";
  p.pledgee_id = "bank-a";
  p.secured_amount = 150'000'000;
  p.from = *Date::parse("2026-11-01");
  p.until = *Date::parse("2027-11-01");
  auto first = pledges.register_pledge(p);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ(first->registration_no.rfind("ZYDJ-", 0), 0u);
  IpPledge again = p;
  again.pledgee_id = "bank-b";
  again.items = {{IpKind::kTrademark, "12345678", "融信"}};
  auto taken = pledges.register_pledge(again);
  EXPECT_EQ(taken.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(taken.status().message().find("12345678"), std::string::npos);
  EXPECT_EQ(pledges.change_status(first->id, "bank-b", PledgeStatus::kReleased, "").status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(
      pledges.change_status(first->id, "bank-a", PledgeStatus::kReleased, "已还清").is_ok());
  EXPECT_EQ(pledges.change_status(first->id, "bank-a", PledgeStatus::kEnforced, "").status().code(),
            StatusCode::kFailedPrecondition);
  clock_.advance(std::chrono::seconds(1));
  ASSERT_TRUE(pledges.register_pledge(again).is_ok());
  auto by_number = pledges.search({.ip_number = "12345678"});
  ASSERT_TRUE(by_number.is_ok());
  ASSERT_EQ(by_number->size(), 2u);
  EXPECT_EQ((*by_number)[0].status, PledgeStatus::kRegistered);
  EXPECT_EQ((*by_number)[1].status, PledgeStatus::kReleased);
  EXPECT_EQ(pledges.search({.uscc = firms_[0].uscc.str()})->size(), 2u);
}

RX_INSTANTIATE_BACKENDS(MarketplaceTest);

}  // namespace
}  // namespace rx::market
