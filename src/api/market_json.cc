#include "api/market_json.h"

#include "api/json_input.h"

namespace rx::api {
namespace {

using namespace market;

Json optional_text(const std::optional<std::string>& t) {
  return t ? Json(*t) : Json(nullptr);
}

Json instant_or_null(const std::optional<Instant>& t) {
  return t ? Json(format_instant(*t)) : Json(nullptr);
}

Json condition_json(const ConditionResult& c) {
  Json values = Json::array();
  for (const auto& v : c.values)
    values.push_back({{"name", v.name}, {"label", v.label}, {"value", optional_text(v.value)}});
  return {{"kind", c.kind},
          {"text", c.text},
          {"result", c.truth == rules::Truth::kTrue    ? "met"
                     : c.truth == rules::Truth::kFalse ? "not_met"
                                                       : "no_data"},
          {"values", values}};
}

Json match_json(const Match& m, const Product& p) {
  Json conditions = Json::array();
  for (const ConditionResult& c : m.conditions) conditions.push_back(condition_json(c));
  return {{"product", to_json(p)},
          {"eligible", m.eligible},
          {"failed", m.failed},
          {"score", m.score},
          {"approval_likelihood", m.approval_likelihood},
          {"cost", m.cost},
          {"fit", m.fit},
          {"conditions", conditions}};
}

}  // namespace

Actor market_actor(const RequestContext& c) {
  const auth::Principal& p = *c.principal;
  return {std::string(auth::to_string(p.role)), p.key_id, p.uscc, p.institution_id};
}

std::optional<Mover> viewer(const RequestContext& c) {
  if (c.principal->role == auth::Role::kEnterprise) return Mover::kEnterprise;
  if (c.principal->role == auth::Role::kInstitution) return Mover::kInstitution;
  return std::nullopt;
}

Json demand_json(const Demand& d) {
  return {{"id", d.id},
          {"uscc", d.uscc.empty() ? Json(nullptr) : Json(d.uscc)},
          {"amount_fen", d.amount},
          {"term_months", d.term_months},
          {"purpose", d.purpose},
          {"collateral", d.collateral},
          {"guarantee_available", d.guarantee_available},
          {"urgency", to_string(d.urgency)},
          {"status", d.open ? "open" : "closed"},
          {"created_at", format_instant(d.created_at)},
          {"closed_at", instant_or_null(d.closed_at)}};
}

Json matches_json(const Marketplace::Matches& m) {
  Json eligible = Json::array(), near = Json::array();
  for (const Match& x : m.result.eligible)
    eligible.push_back(match_json(x, (*m.products)[x.product].product));
  for (const Match& x : m.result.near_misses)
    near.push_back(match_json(x, (*m.products)[x.product].product));
  return {{"eligible", eligible}, {"near_misses", near}};
}

Json application_json(const Application& a, std::optional<Mover> viewer) {
  Json timeline = Json::array();
  for (const Transition& t : a.timeline)
    timeline.push_back({{"seq", t.seq},
                        {"from", to_string(t.from)},
                        {"to", to_string(t.to)},
                        {"actor_role", t.actor_role},
                        {"actor_key", t.actor_key.empty() ? Json(nullptr) : Json(t.actor_key)},
                        {"at", format_instant(t.at)},
                        {"note", t.note}});
  Json next = Json::array();
  if (viewer)
    for (AppState s : next_states(a.state, *viewer)) next.push_back(to_string(s));
  Json offer = nullptr;
  if (a.offer)
    offer = {{"amount_fen", a.offer->amount},
             {"term_months", a.offer->term_months},
             {"annual_rate_bp", a.offer->annual_rate_bp},
             {"method", a.offer->method}};
  return {{"id", a.id},
          {"uscc", a.uscc},
          {"product_id", a.product_id},
          {"institution_id", a.institution_id},
          {"demand_id", optional_text(a.demand_id)},
          {"authorization_id", a.authorization_id},
          {"referred_from", optional_text(a.referred_from)},
          {"amount_fen", a.amount},
          {"term_months", a.term_months},
          {"purpose", a.purpose},
          {"policy_tags", a.policy_tags},
          {"state", to_string(a.state)},
          {"state_label", label(a.state)},
          {"submitted_at", format_instant(a.submitted_at)},
          {"sla_due_at", format_instant(a.sla_due_at)},
          {"decided_at", instant_or_null(a.decided_at)},
          {"updated_at", format_instant(a.updated_at)},
          {"decline_reason", optional_text(a.decline_reason)},
          {"offer", offer},
          {"referral_consent", a.referral_consent},
          {"timeline", timeline},
          {"next_states", next}};
}

Json loan_json(const Loan& l) {
  Json plan = Json::array();
  if (auto instalments = schedule(l.terms); instalments.is_ok())
    for (const Instalment& i : *instalments)
      plan.push_back({{"number", i.number},
                      {"due_date", i.due_date.to_string()},
                      {"principal_fen", i.principal.fen()},
                      {"interest_fen", i.interest.fen()},
                      {"total_fen", i.total.fen()}});
  Json repayments = Json::array();
  for (const Repayment& r : l.repayments)
    repayments.push_back({{"paid_on", r.paid_on.to_string()}, {"amount_fen", r.amount.fen()}});
  const LoanStanding& st = l.standing;
  return {
      {"application_id", l.application_id},
      {"uscc", l.uscc},
      {"institution_id", l.institution_id},
      {"principal_fen", l.terms.principal.fen()},
      {"annual_rate_bp", l.terms.annual_rate_bp},
      {"term_months", l.terms.term_months},
      {"method", to_string(l.terms.method)},
      {"disbursed_on", l.disbursed_on.to_string()},
      {"first_due_date", l.terms.first_due_date.to_string()},
      {"schedule", plan},
      {"repayments", repayments},
      {"standing",
       {{"assessed_on", l.assessed_on.to_string()},
        {"outstanding_principal_fen", st.outstanding_principal.fen()},
        {"overdue_amount_fen", st.overdue_amount.fen()},
        {"overdue_days", st.overdue_days},
        {"bucket", st.settled ? "settled" : st.bucket},
        {"next_due_date", st.next_due_date ? Json(st.next_due_date->to_string()) : Json(nullptr)},
        {"settled", st.settled}}}};
}

Json pledge_json(const IpPledge& p) {
  Json items = Json::array();
  for (const IpItem& i : p.items)
    items.push_back({{"kind", to_string(i.kind)}, {"number", i.number}, {"title", i.title}});
  return {{"id", p.id},
          {"registration_no", p.registration_no},
          {"uscc", p.uscc},
          {"owner_name", p.owner_name},
          {"items", items},
          {"valuation_fen", p.valuation},
          {"valuation_method", p.valuation_method},
          {"valuer", p.valuer},
          {"pledgee_id", p.pledgee_id},
          {"application_id", optional_text(p.application_id)},
          {"secured_amount_fen", p.secured_amount},
          {"from", p.from.to_string()},
          {"until", p.until.to_string()},
          {"status", to_string(p.status)},
          {"status_note", p.status_note},
          {"registered_at", format_instant(p.registered_at)},
          {"updated_at", format_instant(p.updated_at)}};
}

Json lead_json(const Lead& l) {
  return {{"demand", demand_json(l.demand)},
          {"size", l.size},
          {"district", l.district},
          {"industry", l.industry},
          {"grade", l.grade.empty() ? Json(nullptr) : Json(l.grade)},
          {"product_ids", l.product_ids}};
}

Json stats_json(const std::vector<StatsRow>& rows) {
  Json items = Json::array();
  for (const StatsRow& r : rows)
    items.push_back(
        {{"key", r.key},
         {"demands", r.demands},
         {"applications", r.applications},
         {"decided", r.decided},
         {"approved", r.approved},
         {"declined", r.declined},
         {"approval_rate",
          r.decided ? Json(static_cast<double>(r.approved) / static_cast<double>(r.decided))
                    : Json(nullptr)},
         {"disbursed_loans", r.disbursed_loans},
         {"disbursed_amount_fen", r.disbursed_amount},
         {"avg_decision_hours", r.avg_decision_hours ? Json(*r.avg_decision_hours) : Json(nullptr)},
         {"sla_breached", r.sla_breached},
         {"awaiting", r.awaiting},
         {"referred", r.referred},
         {"referred_approved", r.referred_approved}});
  return items;
}

Result<Product> product_input(const Json& json) {
  BodyReader body(json);
  Product p;
  std::vector<std::string> missing;
  auto need = [&](const char* field, auto value) {
    if (!value && json.is_object() && !json.contains(field)) body.fail(field, "is required");
    return value;
  };
  p.name = need("name", body.string("name")).value_or("");
  if (auto type = need("type", body.string("type"))) {
    auto parsed = parse_product_type(*type);
    if (!parsed)
      body.fail("type",
                "must be credit_loan, mortgage, pledge, ip_pledge, guarantee_backed, "
                "supply_chain, insurance_backed or equity");
    p.type = parsed.value_or(ProductType::kCreditLoan);
  }
  p.description = body.string("description").value_or("");
  p.amount_min = need("amount_min_fen", body.integer("amount_min_fen")).value_or(0);
  p.amount_max = need("amount_max_fen", body.integer("amount_max_fen")).value_or(0);
  auto small = [&](const char* field, int64_t fallback) {
    auto v = body.integer(field);
    if (v && (*v < INT32_MIN || *v > INT32_MAX)) body.fail(field, "is out of range");
    return static_cast<int>(v.value_or(fallback));
  };
  if (json.is_object())
    for (const char* f : {"term_min_months", "term_max_months", "rate_min_bp", "rate_max_bp"})
      if (!json.contains(f)) body.fail(f, "is required");
  p.term_min = small("term_min_months", 1);
  p.term_max = small("term_max_months", 1);
  p.rate_min_bp = small("rate_min_bp", 0);
  p.rate_max_bp = small("rate_max_bp", 0);
  p.fee_bp = small("fee_bp", 0);
  p.sla_days = small("sla_days", 5);
  for (const std::string& m :
       body.strings("repayment_methods").value_or(std::vector<std::string>{})) {
    auto method = parse_repayment_method(m);
    if (!method)
      body.fail("repayment_methods", "'" + m +
                                         "' is not equal_instalment, equal_principal or "
                                         "interest_only");
    else
      p.repayment_methods.push_back(*method);
  }
  p.collateral = body.strings("collateral").value_or(std::vector<std::string>{});
  p.guarantee_required = body.boolean("guarantee_required").value_or(false);
  p.eligibility = body.string("eligibility").value_or("");
  p.policy_tags = body.strings("policy_tags").value_or(std::vector<std::string>{});
  if (auto status = body.string("status")) {
    auto parsed = parse_product_status(*status);
    if (parsed != ProductStatus::kDraft && parsed != ProductStatus::kListed)
      body.fail("status", "a new product is draft or listed");
    else
      p.status = *parsed;
  }
  RX_RETURN_IF_ERROR(body.finish("product"));
  return p;
}

Result<IpPledge> pledge_input(const Json& json) {
  BodyReader body(json);
  IpPledge p;
  for (const char* f : {"uscc", "owner_name", "items", "valuation_fen", "valuation_method",
                        "valuer", "secured_amount_fen", "from", "until"})
    if (json.is_object() && !json.contains(f)) body.fail(f, "is required");
  if (auto uscc = body.string("uscc")) {
    auto parsed = Uscc::parse(*uscc);
    if (!parsed.is_ok())
      body.fail("uscc", "is not a valid unified social credit code");
    else
      p.uscc = parsed->str();
  }
  p.owner_name = body.string("owner_name").value_or("");
  if (const Json* items = body.raw("items")) {
    if (!items->is_array()) body.fail("items", "must be an array");
    for (size_t i = 0; items->is_array() && i < items->size(); ++i) {
      const Json& item = (*items)[i];
      const std::string at = "items[" + std::to_string(i) + "]";
      if (!item.is_object() || !item.contains("kind") || !item["kind"].is_string() ||
          !item.contains("number") || !item["number"].is_string() || !item.contains("title") ||
          !item["title"].is_string() || item.size() != 3) {
        body.fail(at, "must be {kind, number, title} strings");
        continue;
      }
      auto kind = parse_ip_kind(item["kind"].get<std::string>());
      if (!kind) body.fail(at + ".kind", "must be patent, trademark or copyright");
      p.items.push_back({kind.value_or(IpKind::kPatent), item["number"].get<std::string>(),
                         item["title"].get<std::string>()});
    }
  }
  p.valuation = body.integer("valuation_fen").value_or(0);
  p.valuation_method = body.string("valuation_method").value_or("");
  p.valuer = body.string("valuer").value_or("");
  p.application_id = body.string("application_id");
  p.secured_amount = body.integer("secured_amount_fen").value_or(0);
  p.from = body.date("from").value_or(Date());
  p.until = body.date("until").value_or(Date());
  RX_RETURN_IF_ERROR(body.finish("IP pledge"));
  return p;
}

}  // namespace rx::api
