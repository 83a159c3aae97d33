#include "market/marketplace.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/id.h"
#include "core/text.h"
#include "inbox/inbox_repository.h"
#include "registry/enterprise_repository.h"
#include "registry/institution.h"
#include "registry/reference.h"

namespace rx::market {
namespace {

constexpr int64_t kDayUs = 86'400'000'000;

bool is_operator(const Actor& a) {
  return a.role == "admin" || a.role == "system";
}

Mover mover_of(const Actor& a) {
  if (a.role == "enterprise") return Mover::kEnterprise;
  if (a.role == "institution") return Mover::kInstitution;
  return Mover::kSystem;
}

// Another party's application, product or loan does not exist for the actor.
bool sees(const Actor& a, const std::string& uscc, const std::string& institution_id) {
  if (is_operator(a)) return true;
  if (a.uscc) return *a.uscc == uscc;
  if (a.institution_id) return *a.institution_id == institution_id;
  return false;
}

Status check_note(const std::string& note, const std::string& field) {
  const auto n = utf8_length(note);
  if (!n || *n > kMaxNoteChars)
    return invalid_argument(
        "invalid " + field,
        {{field, "must be at most " + std::to_string(kMaxNoteChars) + " characters of UTF-8"}});
  return Status::ok();
}

std::string yuan(int64_t fen) {
  return Money::from_fen(fen).to_yuan_string();
}

inbox::Recipient enterprise(const std::string& uscc) {
  return {inbox::RecipientKind::kEnterprise, uscc};
}
inbox::Recipient institution(const std::string& id) {
  return {inbox::RecipientKind::kInstitution, id};
}

// Where each side's portal shows an application.
std::string enterprise_link(const std::string& id) {
  return "/finance/applications?id=" + id;
}
std::string lender_link(const std::string& id) {
  return "/lending/applications?id=" + id;
}

// Weekdays, when the calendar is missing or does not cover the dates.
Date add_weekdays(Date from, int n) {
  Date d = from;
  while (n > 0) {
    d = Date::from_days(d.days_since_epoch() + 1);
    const int weekday = (d.days_since_epoch() + 4) % 7;  // 1970-01-01 was a Thursday
    if (weekday != 0 && weekday != 6) --n;
  }
  return d;
}

std::string month_of(Date d) {
  return d.to_string().substr(0, 7);
}

}  // namespace

std::vector<consent::Scope> default_scopes(const catalog::Catalog& catalog) {
  std::vector<consent::Scope> out = {{std::string(consent::kEvaluationScope), {}}};
  for (std::string_view id :
       {"registration", "tax", "tax_credit_grade", "social_insurance", "judicial", "admin_penalty"})
    if (catalog.category(id)) out.push_back({std::string(id), {}});
  return out;
}

// ---- products --------------------------------------------------------------------------

Result<std::shared_ptr<const ProductSet>> Marketplace::listed(store::Session& s) {
  RX_ASSIGN_OR_RETURN(store::Rows stamp,
                      s.query("SELECT count(*), COALESCE(max(updated_at), 0) FROM "
                              "market_products WHERE status = 'listed'"));
  const std::string key =
      std::to_string(stamp[0].integer(0)) + ":" + std::to_string(stamp[0].integer(1));
  {
    std::lock_guard lock(cache_mu_);
    if (cache_key_ == key) return cache_;
  }
  RX_ASSIGN_OR_RETURN(auto products, list_products(s, {std::nullopt, ProductStatus::kListed}));
  std::vector<CompiledProduct> compiled;
  compiled.reserve(products.size());
  for (Product& p : products) {
    // A stored rule compiled when it was saved; a schema change can break it, and then the
    // product simply matches nobody until it is revised.
    auto cp = compile(std::move(p), attributes_.schema());
    if (cp.is_ok()) compiled.push_back(std::move(*cp));
  }
  auto set = std::make_shared<const ProductSet>(std::move(compiled));
  std::lock_guard lock(cache_mu_);
  cache_key_ = key;
  cache_ = set;
  return set;
}

Result<std::vector<DecisionCounts>> Marketplace::decisions(store::Session& s,
                                                           const ProductSet& set) {
  RX_ASSIGN_OR_RETURN(auto counts, decision_counts(s));
  std::vector<DecisionCounts> out(set.size());
  for (size_t i = 0; i < set.size(); ++i)
    if (auto it = counts.find(set[i].product.id); it != counts.end()) out[i] = it->second;
  return out;
}

Result<Product> Marketplace::create_product(Product p) {
  const Instant now = clock_.now();
  p.id = new_uuid_v7(clock_, random_);
  p.created_at = p.updated_at = now;
  if (p.status != ProductStatus::kDraft && p.status != ProductStatus::kListed)
    return invalid_argument("invalid product", {{"status", "a new product is draft or listed"}});
  RX_RETURN_IF_ERROR(validate(p));
  RX_RETURN_IF_ERROR(compile(p, attributes_.schema()).status());
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto owner, registry::find_institution(s, p.institution_id));
    if (!owner) return not_found("institution '" + p.institution_id + "' is not registered");
    return insert_product(s, p);
  }));
  return p;
}

Result<Product> Marketplace::revise_product(const std::string& id, const Actor& actor,
                                            Product revised) {
  Product out;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto found, find_product(s, id));
    if (!found || !sees(actor, "", found->institution_id)) return not_found("no product " + id);
    if (found->status == ProductStatus::kRetired)
      return failed_precondition("product " + id + " is retired");
    revised.id = found->id;
    revised.institution_id = found->institution_id;
    revised.status = found->status;
    revised.created_at = found->created_at;
    revised.updated_at = clock_.now();
    RX_RETURN_IF_ERROR(validate(revised));
    RX_RETURN_IF_ERROR(compile(revised, attributes_.schema()).status());
    RX_RETURN_IF_ERROR(update_product(s, revised));
    out = std::move(revised);
    return Status::ok();
  }));
  return out;
}

Result<Product> Marketplace::set_product_status(const std::string& id, const Actor& actor,
                                                ProductStatus to) {
  Product out;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto found, find_product(s, id));
    if (!found || !sees(actor, "", found->institution_id)) return not_found("no product " + id);
    if (!can_move(found->status, to))
      return failed_precondition("a " + std::string(to_string(found->status)) +
                                 " product cannot become " + std::string(to_string(to)));
    found->status = to;
    found->updated_at = clock_.now();
    RX_RETURN_IF_ERROR(update_product(s, *found));
    out = std::move(*found);
    return Status::ok();
  }));
  return out;
}

Result<Product> Marketplace::product(const std::string& id) {
  std::optional<Product> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, find_product(s, id));
    return Status::ok();
  }));
  if (!out) return not_found("no product " + id);
  return *out;
}

Result<std::vector<Product>> Marketplace::products(const ProductFilter& f) {
  std::vector<Product> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, list_products(s, f));
    return Status::ok();
  }));
  return out;
}

// ---- demands and matching ---------------------------------------------------------------

Result<Demand> Marketplace::publish_demand(Demand d) {
  d.id = new_uuid_v7(clock_, random_);
  d.created_at = clock_.now();
  d.open = true;
  RX_RETURN_IF_ERROR(validate(d));
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(d.uscc));
    RX_RETURN_IF_ERROR(registry::find_enterprise(s, uscc).status());
    return insert_demand(s, d);
  }));
  return d;
}

Result<Demand> Marketplace::close_demand(const std::string& id, const std::string& uscc) {
  Demand out;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto found, find_demand(s, id));
    if (!found || found->uscc != uscc) return not_found("no demand " + id);
    if (!found->open) return failed_precondition("demand " + id + " is already closed");
    found->open = false;
    found->closed_at = clock_.now();
    RX_RETURN_IF_ERROR(market::close_demand(s, id, *found->closed_at));
    out = std::move(*found);
    return Status::ok();
  }));
  return out;
}

Result<std::vector<Demand>> Marketplace::demands_of(const std::string& uscc) {
  std::vector<Demand> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, market::demands_of(s, uscc));
    return Status::ok();
  }));
  return out;
}

Result<Marketplace::Matches> Marketplace::matches_in(store::Session& s, const std::string& uscc,
                                                     const Ask& ask) {
  Matches out;
  RX_ASSIGN_OR_RETURN(auto row, load_profile(s, attributes_, uscc, clock_.now()));
  RX_ASSIGN_OR_RETURN(out.products, listed(s));
  RX_ASSIGN_OR_RETURN(auto counts, decisions(s, *out.products));
  out.result = match(*out.products, counts, ask, row, attributes_.composite_score_slot(),
                     {.schema = &attributes_.schema()});
  return out;
}

Result<Marketplace::Matches> Marketplace::match_enterprise(const std::string& uscc,
                                                           const Ask& ask) {
  Matches out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, matches_in(s, uscc, ask));
    return Status::ok();
  }));
  return out;
}

Result<std::vector<Lead>> Marketplace::leads(const std::string& institution_id, int limit) {
  std::vector<Lead> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto all, listed(s));
    std::vector<const CompiledProduct*> own;
    for (size_t i = 0; i < all->size(); ++i)
      if ((*all)[i].product.institution_id == institution_id) own.push_back(&(*all)[i]);
    if (own.empty()) return Status::ok();
    RX_ASSIGN_OR_RETURN(auto open, open_demands(s, 2000));
    std::vector<std::string> usccs;
    for (const Demand& d : open) usccs.push_back(d.uscc);
    RX_ASSIGN_OR_RETURN(auto profiles, load_profiles(s, attributes_, usccs, clock_.now()));
    std::unordered_map<std::string, const Profile*> profile_of;
    for (const Profile& p : profiles) profile_of[p.uscc] = &p;
    for (Demand& d : open) {
      if (out.size() >= static_cast<size_t>(limit)) break;
      auto it = profile_of.find(d.uscc);
      if (it == profile_of.end()) continue;
      const Profile& p = *it->second;
      Lead lead;
      for (const CompiledProduct* cp : own)
        if (eligible(*cp, ask_of(d), p.row)) lead.product_ids.push_back(cp->product.id);
      if (lead.product_ids.empty()) continue;
      const registry::District* district = registry::find_district(p.district);
      lead.size = p.size;
      lead.district = district ? std::string(district->name_zh) : p.district;
      lead.industry = p.industry;
      lead.grade = p.grade;
      d.uscc.clear();  // desensitized until the enterprise applies
      lead.demand = std::move(d);
      out.push_back(std::move(lead));
    }
    return Status::ok();
  }));
  return out;
}

Status Marketplace::reach_out(const std::string& demand_id, const Actor& who,
                              const std::string& product_id, const std::string& note) {
  RX_RETURN_IF_ERROR(check_note(note, "note"));
  return db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto demand, find_demand(s, demand_id));
    if (!demand || !demand->open) return not_found("no open demand " + demand_id);
    RX_ASSIGN_OR_RETURN(auto product, find_product(s, product_id));
    if (!product || product->institution_id != who.institution_id.value_or(""))
      return not_found("no product " + product_id);
    if (product->status != ProductStatus::kListed)
      return failed_precondition("product " + product_id + " is not listed");
    RX_ASSIGN_OR_RETURN(auto lender, registry::find_institution(s, product->institution_id));
    const std::string name = lender ? lender->name : product->institution_id;
    return inbox::notify(
               s, clock_, random_,
               {enterprise(demand->uscc), "market_reach_out", name + " 推荐产品：" + product->name,
                note.empty() ? "该机构的产品与您的融资需求匹配，可在融资服务中一键申请。" : note,
                "/finance/match?product=" + product_id})
        .status();
  });
}

// ---- applications -----------------------------------------------------------------------

Result<Instant> Marketplace::sla_due(Instant submitted, int working_days) const {
  const Date today = shanghai_date(submitted);
  Date due = add_weekdays(today, working_days);
  if (calendar_ && calendar_->covers(today)) {
    auto d = calendar_->add_working_days(today, working_days);
    if (d.is_ok()) due = *d;
  }
  return end_of_shanghai_day(due);
}

Status Marketplace::transition(store::Session& s, Application& a, AppState to, const Actor& actor,
                               const std::string& note) {
  const Instant now = clock_.now();
  const AppState from = a.state;
  a.state = to;
  a.updated_at = now;
  if (to == AppState::kApproved || to == AppState::kDeclined) a.decided_at = now;
  a.timeline.push_back({a.timeline.empty() ? 1 : a.timeline.back().seq + 1, from, to, actor.role,
                        actor.key_id, now, note});
  RX_RETURN_IF_ERROR(save_transition(s, a));
  const std::string title = "融资申请" + std::string(label(to));
  const std::string body = "申请 " + a.id + "：" + std::string(label(from)) + " → " +
                           std::string(label(to)) + (note.empty() ? "" : "。说明：" + note);
  const std::string kind = "application_" + std::string(to_string(to));
  // The enterprise hears of every step; the institution of what it did not do itself.
  RX_RETURN_IF_ERROR(inbox::notify(s, clock_, random_,
                                   {enterprise(a.uscc), kind, title, body, enterprise_link(a.id)})
                         .status());
  if (actor.role != "institution")
    RX_RETURN_IF_ERROR(
        inbox::notify(s, clock_, random_,
                      {institution(a.institution_id), kind, title, body, lender_link(a.id)})
            .status());
  return Status::ok();
}

Result<Application> Marketplace::apply_one(store::Session& s, const ApplyRequest& r,
                                           const Actor& actor, const CompiledProduct& cp,
                                           std::span<const double> row,
                                           const std::optional<Demand>& demand) {
  const Product& p = cp.product;
  const Instant now = clock_.now();
  Application a;
  a.id = new_uuid_v7(clock_, random_);
  a.uscc = r.uscc;
  a.product_id = p.id;
  a.institution_id = p.institution_id;
  a.demand_id = r.demand_id;
  a.referred_from = r.referred_from;
  a.amount = r.amount ? r.amount : (demand ? demand->amount : 0);
  a.term_months = r.term_months ? r.term_months : (demand ? demand->term_months : 0);
  a.purpose = !r.purpose.empty() ? r.purpose : (demand ? demand->purpose : "");
  a.policy_tags = p.policy_tags;
  a.submitted_at = a.updated_at = now;

  const std::string field = "product_ids[" + p.id + "]";
  std::vector<FieldError> errors;
  if (a.amount < p.amount_min || a.amount > p.amount_max)
    errors.push_back({"amount_fen", "amount " + yuan(a.amount) + " is outside " + p.name + "'s " +
                                        yuan(p.amount_min) + "–" + yuan(p.amount_max) + " yuan"});
  if (a.term_months < p.term_min || a.term_months > p.term_max)
    errors.push_back({"term_months", std::to_string(a.term_months) + " months is not offered by " +
                                         p.name + " (" + std::to_string(p.term_min) + "–" +
                                         std::to_string(p.term_max) + ")"});
  if (!errors.empty()) return invalid_argument("the ask does not fit " + p.name, errors);
  Ask ask{a.amount, a.term_months, demand ? demand->collateral : std::vector<std::string>{},
          demand ? demand->guarantee_available : false};
  if (!eligible(cp, ask, row)) {
    std::vector<FieldError> failed;
    for (const ConditionResult& c : explain(cp, ask, row, &attributes_.schema()))
      if (c.truth != rules::Truth::kTrue)
        failed.push_back({field, c.text + (c.truth == rules::Truth::kUnknown ? "（无数据）" : "")});
    return Status(StatusCode::kFailedPrecondition,
                  "the enterprise does not meet the eligibility of " + p.name, failed);
  }
  RX_ASSIGN_OR_RETURN(a.sla_due_at, sla_due(now, p.sla_days));

  consent::Grant g;
  g.uscc = r.uscc;
  g.institution_id = p.institution_id;
  g.scopes = r.scopes.empty() ? default_scopes(catalog_) : r.scopes;
  g.purpose = consent::Purpose::kLoanApplication;
  g.valid_from = now;
  g.valid_until = now + std::chrono::microseconds(kAuthorizationDays * kDayUs);
  const Date today = shanghai_date(now);
  g.period_to = month_of(today);
  g.period_from = month_of(Date::from_days(today.days_since_epoch() - 730));
  g.max_queries = 20;
  g.application_id = a.id;
  RX_ASSIGN_OR_RETURN(consent::Authorization auth,
                      authorizations_->grant_in(s, g, catalog_, actor.key_id));
  a.authorization_id = auth.id;
  a.timeline.push_back({1, AppState::kSubmitted, AppState::kSubmitted, actor.role, actor.key_id,
                        now, r.referred_from ? "转介申请" : "一键申请"});
  if (auto st = insert_application(s, a); !st.is_ok()) {
    if (st.code() == StatusCode::kAlreadyExists)
      return already_exists("an application to " + p.name + " is already open");
    return st;
  }
  RX_RETURN_IF_ERROR(schedule_reminder(
      s, {a.id, ReminderKind::kSlaNear, a.sla_due_at - std::chrono::microseconds(kDayUs)}));
  RX_RETURN_IF_ERROR(schedule_reminder(s, {a.id, ReminderKind::kSlaBreached, a.sla_due_at}));
  RX_RETURN_IF_ERROR(
      inbox::notify(
          s, clock_, random_,
          {institution(a.institution_id), "application_submitted", "新的融资申请：" + p.name,
           "金额 " + yuan(a.amount) + " 元，期限 " + std::to_string(a.term_months) +
               " 个月；请在 " + format_instant(a.sla_due_at) + " 前反馈结果。",
           lender_link(a.id)})
          .status());
  RX_RETURN_IF_ERROR(
      inbox::notify(s, clock_, random_,
                    {enterprise(a.uscc), "application_submitted", "申请已提交：" + p.name,
                     "已向机构发送申请及授权（编号 " + auth.id + "）。", enterprise_link(a.id)})
          .status());
  return a;
}

Result<std::vector<Application>> Marketplace::apply(const ApplyRequest& r, const Actor& actor) {
  if (r.product_ids.empty() || r.product_ids.size() > kMaxProductsPerApply)
    return invalid_argument(
        "invalid application",
        {{"product_ids", "must name 1 to " + std::to_string(kMaxProductsPerApply) + " products"}});
  if (std::set(r.product_ids.begin(), r.product_ids.end()).size() != r.product_ids.size())
    return invalid_argument("invalid application", {{"product_ids", "must not repeat a product"}});
  RX_RETURN_IF_ERROR(check_note(r.purpose, "purpose"));
  if (!authorizations_) return unavailable("authorizations are not configured");
  std::vector<Application> out;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, apply_in(s, r, actor));
    return Status::ok();
  }));
  return out;
}

Result<std::vector<Application>> Marketplace::apply_in(store::Session& s, const ApplyRequest& r,
                                                       const Actor& actor) {
  std::optional<Demand> demand;
  if (r.demand_id) {
    RX_ASSIGN_OR_RETURN(demand, find_demand(s, *r.demand_id));
    if (!demand || demand->uscc != r.uscc) return not_found("no demand " + *r.demand_id);
    if (!demand->open) return failed_precondition("demand " + *r.demand_id + " is closed");
  } else if (!r.amount || !r.term_months) {
    return invalid_argument("invalid application",
                            {{"amount_fen", "amount and term are required without a demand"}});
  }
  RX_ASSIGN_OR_RETURN(auto row, load_profile(s, attributes_, r.uscc, clock_.now()));
  RX_ASSIGN_OR_RETURN(auto all, listed(s));
  std::vector<Application> out;
  for (const std::string& id : r.product_ids) {
    const CompiledProduct* found = nullptr;
    for (size_t i = 0; i < all->size() && !found; ++i)
      if ((*all)[i].product.id == id) found = &(*all)[i];
    if (!found) return not_found("no listed product " + id);
    RX_ASSIGN_OR_RETURN(Application a, apply_one(s, r, actor, *found, row, demand));
    out.push_back(std::move(a));
  }
  return out;
}

Result<Application> Marketplace::move(const std::string& id, const Actor& actor,
                                      const MoveRequest& r) {
  RX_RETURN_IF_ERROR(check_note(r.note, "note"));
  Application out;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto found, find_application(s, id));
    if (!found || !sees(actor, found->uscc, found->institution_id))
      return not_found("no application " + id);
    Application& a = *found;
    const Mover who = mover_of(actor);
    if (!may_move(a.state, r.to, who))
      return failed_precondition("an application " + std::string(to_string(a.state)) +
                                 " cannot be moved to " + std::string(to_string(r.to)) + " by " +
                                 std::string(to_string(who)));
    RX_ASSIGN_OR_RETURN(auto p, find_product(s, a.product_id));
    if (!p) return data_loss("application " + id + " names a missing product");
    if (r.to == AppState::kDeclined) {
      const auto n = r.decline_reason ? utf8_length(*r.decline_reason) : std::nullopt;
      if (!n || *n == 0 || *n > kMaxNoteChars)
        return invalid_argument(
            "invalid decision",
            {{"decline_reason", "is required to decline (1 to 500 characters)"}});
      a.decline_reason = r.decline_reason;
    }
    if (r.to == AppState::kApproved) {
      if (!r.offer)
        return invalid_argument("invalid decision", {{"offer", "is required to approve"}});
      const Offer& o = *r.offer;
      std::vector<FieldError> e;
      if (o.amount < p->amount_min || o.amount > p->amount_max)
        e.push_back({"offer.amount_fen", "must be within the product's " + yuan(p->amount_min) +
                                             "–" + yuan(p->amount_max) + " yuan"});
      if (o.term_months < p->term_min || o.term_months > p->term_max)
        e.push_back({"offer.term_months", "must be within the product's terms"});
      if (o.annual_rate_bp < p->rate_min_bp || o.annual_rate_bp > p->rate_max_bp)
        e.push_back({"offer.annual_rate_bp", "must be within the product's " +
                                                 std::to_string(p->rate_min_bp) + "–" +
                                                 std::to_string(p->rate_max_bp) + " bp"});
      auto method = parse_repayment_method(o.method);
      if (!method || std::find(p->repayment_methods.begin(), p->repayment_methods.end(), *method) ==
                         p->repayment_methods.end())
        e.push_back({"offer.method", "must be one of the product's repayment methods"});
      if (!e.empty()) return invalid_argument("invalid offer", std::move(e));
      a.offer = o;
    }
    if (r.to == AppState::kDisbursed) {
      if (!r.disbursed_on || !r.first_due_date || *r.first_due_date <= *r.disbursed_on)
        return invalid_argument(
            "invalid disbursement",
            {{"first_due_date", "disbursed_on and a later first_due_date are required"}});
      Loan loan;
      loan.application_id = a.id;
      loan.uscc = a.uscc;
      loan.institution_id = a.institution_id;
      loan.terms = {Money::from_fen(a.offer->amount), a.offer->annual_rate_bp, a.offer->term_months,
                    *parse_repayment_method(a.offer->method), *r.first_due_date};
      loan.disbursed_on = *r.disbursed_on;
      RX_ASSIGN_OR_RETURN(auto plan, schedule(loan.terms));
      loan.assessed_on = shanghai_date(clock_.now());
      loan.standing = standing(plan, {}, loan.assessed_on);
      RX_RETURN_IF_ERROR(insert_loan(s, loan));
    }
    RX_RETURN_IF_ERROR(transition(s, a, r.to, actor, r.note));
    out = std::move(a);
    return Status::ok();
  }));
  return out;
}

Result<std::vector<Application>> Marketplace::refer(const std::string& id, const Actor& actor,
                                                    size_t max) {
  if (!authorizations_) return unavailable("authorizations are not configured");
  std::vector<Application> out;
  // The referral applications and the consent that marks the declined one referred commit
  // together: an application is referred once.
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto declined, find_application(s, id));
    if (!declined || !sees(actor, declined->uscc, declined->institution_id))
      return not_found("no application " + id);
    if (declined->state != AppState::kDeclined)
      return failed_precondition("only a declined application can be referred");
    if (declined->referral_consent)
      return failed_precondition("application " + id + " has already been referred");
    RX_ASSIGN_OR_RETURN(
        Matches m,
        matches_in(s, declined->uscc, {declined->amount, declined->term_months, {}, false}));
    ApplyRequest r;
    r.uscc = declined->uscc;
    r.amount = declined->amount;
    r.term_months = declined->term_months;
    r.purpose = declined->purpose;
    r.referred_from = id;
    for (const Match& match : m.result.eligible) {
      const Product& p = (*m.products)[match.product].product;
      if (p.institution_id != declined->institution_id && r.product_ids.size() < max)
        r.product_ids.push_back(p.id);
    }
    if (r.product_ids.empty())
      return failed_precondition("no other lender's product matches this application");
    RX_ASSIGN_OR_RETURN(out, apply_in(s, r, actor));
    declined->referral_consent = true;
    declined->timeline.clear();  // no new step: the consent is recorded on the application
    return save_transition(s, *declined);
  }));
  return out;
}

Result<Application> Marketplace::application(const std::string& id, const Actor& actor) {
  std::optional<Application> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, find_application(s, id));
    return Status::ok();
  }));
  if (!out || !sees(actor, out->uscc, out->institution_id))
    return not_found("no application " + id);
  return *out;
}

Result<std::vector<Application>> Marketplace::applications(ApplicationFilter f,
                                                           const Actor& actor) {
  if (actor.uscc) f.uscc = actor.uscc;
  if (actor.institution_id) f.institution_id = actor.institution_id;
  f.now = clock_.now();
  std::vector<Application> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, list_applications(s, f));
    return Status::ok();
  }));
  return out;
}

// ---- loans ------------------------------------------------------------------------------

Result<Loan> Marketplace::loan(const std::string& application_id, const Actor& actor) {
  std::optional<Loan> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, find_loan(s, application_id));
    return Status::ok();
  }));
  if (!out || !sees(actor, out->uscc, out->institution_id))
    return not_found("no loan for application " + application_id);
  return *out;
}

Result<std::vector<Loan>> Marketplace::loans(LoanFilter f, const Actor& actor) {
  if (actor.uscc) f.uscc = actor.uscc;
  if (actor.institution_id) f.institution_id = actor.institution_id;
  std::vector<Loan> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, list_loans(s, f));
    return Status::ok();
  }));
  return out;
}

Status Marketplace::assess(store::Session& s, Loan& loan, Date today) {
  RX_ASSIGN_OR_RETURN(auto plan, schedule(loan.terms));
  loan.standing = standing(plan, loan.repayments, today);
  loan.assessed_on = today;
  RX_RETURN_IF_ERROR(save_standing(s, loan.application_id, loan.standing, today));
  RX_ASSIGN_OR_RETURN(auto app, find_application(s, loan.application_id));
  if (!app) return data_loss("loan " + loan.application_id + " has no application");
  const Actor system = Actor::system();
  auto step = [&](AppState to, const std::string& note) -> Status {
    if (!may_move(app->state, to, Mover::kSystem)) return Status::ok();
    return transition(s, *app, to, system, note);
  };
  if (app->state == AppState::kDisbursed && (!loan.repayments.empty() || today > loan.disbursed_on))
    RX_RETURN_IF_ERROR(step(AppState::kRepaying, "进入还款期"));
  if (loan.standing.settled) return step(AppState::kSettled, "贷款已结清");
  if (loan.standing.overdue_days > 0 && app->state == AppState::kRepaying)
    return step(AppState::kOverdue, "逾期 " + std::to_string(loan.standing.overdue_days) + " 天（" +
                                        loan.standing.bucket + "）");
  if (loan.standing.overdue_days == 0 && app->state == AppState::kOverdue)
    return step(AppState::kRepaying, "逾期款项已还清");
  return Status::ok();
}

Result<Loan> Marketplace::record_repayment(const std::string& application_id, const Actor& actor,
                                           const Repayment& r) {
  Loan out;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto found, find_loan(s, application_id));
    if (!found || !sees(actor, "", found->institution_id))
      return not_found("no loan for application " + application_id);
    const Date today = shanghai_date(clock_.now());
    if (r.paid_on < found->disbursed_on || r.paid_on > today)
      return invalid_argument("invalid repayment",
                              {{"paid_on", "must be between the disbursement and today"}});
    RX_ASSIGN_OR_RETURN(auto plan, schedule(found->terms));
    RX_RETURN_IF_ERROR(validate_repayment(r, remaining_due(plan, found->repayments)));
    RX_RETURN_IF_ERROR(insert_repayment(s, new_uuid_v7(clock_, random_), application_id, r,
                                        clock_.now(), actor.key_id));
    found->repayments.push_back(r);
    std::sort(found->repayments.begin(), found->repayments.end(),
              [](const Repayment& a, const Repayment& b) { return a.paid_on < b.paid_on; });
    RX_RETURN_IF_ERROR(assess(s, *found, today));
    out = std::move(*found);
    return Status::ok();
  }));
  return out;
}

Result<int> Marketplace::assess_loans(Date today) {
  int done = 0;
  while (true) {
    std::vector<std::string> ids;
    RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
      RX_ASSIGN_OR_RETURN(ids, loans_to_assess(s, today, 200));
      return Status::ok();
    }));
    if (ids.empty()) return done;
    for (const std::string& id : ids) {
      RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
        RX_ASSIGN_OR_RETURN(auto loan, find_loan(s, id));
        if (!loan || loan->assessed_on >= today) return Status::ok();  // another node did it
        return assess(s, *loan, today);
      }));
      ++done;
    }
  }
}

Result<int> Marketplace::send_due_reminders(Instant now) {
  std::vector<Reminder> due;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(due, due_reminders(s, now, 500));
    return Status::ok();
  }));
  int sent = 0;
  for (const Reminder& r : due) {
    RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
      // Sent once: a reminder another node sent meanwhile is skipped.
      RX_ASSIGN_OR_RETURN(store::Rows still,
                          s.query("SELECT 1 FROM market_reminders WHERE application_id = ? AND "
                                  "kind = ? AND sent_at IS NULL",
                                  {r.application_id, std::string(to_string(r.kind))}));
      if (still.empty()) return Status::ok();
      RX_RETURN_IF_ERROR(mark_reminder_sent(s, r, now));
      RX_ASSIGN_OR_RETURN(auto a, find_application(s, r.application_id));
      if (!a || !awaiting_decision(a->state)) return Status::ok();  // decided in time
      const bool breached = r.kind == ReminderKind::kSlaBreached;
      ++sent;
      return inbox::notify(
                 s, clock_, random_,
                 {institution(a->institution_id),
                  breached ? "application_sla_breached" : "application_sla_near",
                  breached ? "融资申请已超过反馈时限" : "融资申请即将到达反馈时限",
                  "申请 " + a->id + " 的反馈时限为 " + format_instant(a->sla_due_at) +
                      (breached ? "，已超时；平台运营方可见。" : "，请尽快反馈审批结果。"),
                  lender_link(a->id)})
          .status();
    }));
  }
  return sent;
}

}  // namespace rx::market
