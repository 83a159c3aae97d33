// Applications over HTTP (docs/marketplace.md): one-click apply, the application queue, state
// moves with their timeline, referral after a decline, loans and repayments, and IP pledges.
#include "api/json_input.h"
#include "api/market_json.h"
#include "api/routes.h"
#include "core/text.h"

namespace rx::api {
namespace {

using auth::Role;
using namespace market;

Result<ApplyRequest> apply_input(const Json& json, const std::string& uscc) {
  BodyReader body(json);
  ApplyRequest r;
  r.uscc = uscc;
  auto ids = body.strings("product_ids");
  if (!ids && json.is_object() && !json.contains("product_ids"))
    body.fail("product_ids", "is required");
  r.product_ids = ids.value_or(std::vector<std::string>{});
  r.demand_id = body.string("demand_id");
  r.amount = body.integer("amount_fen").value_or(0);
  r.term_months = static_cast<int>(
      std::clamp<int64_t>(body.integer("term_months").value_or(0), -1, kMaxTermMonths + 1));
  if (r.amount < 0) body.fail("amount_fen", "must be positive");
  if (r.term_months < 0 || r.term_months > kMaxTermMonths)
    body.fail("term_months", "must be 1 to " + std::to_string(kMaxTermMonths));
  r.purpose = body.string("purpose").value_or("");
  for (const std::string& category : body.strings("scopes").value_or(std::vector<std::string>{}))
    r.scopes.push_back({category, {}});
  RX_RETURN_IF_ERROR(body.finish("application"));
  return r;
}

Result<MoveRequest> move_input(const Json& json) {
  BodyReader body(json);
  MoveRequest r;
  auto to = body.string("to");
  auto state = to ? parse_app_state(*to) : std::nullopt;
  if (!state) body.fail("to", "must be an application state");
  r.note = body.string("note").value_or("");
  r.decline_reason = body.string("decline_reason");
  if (const Json* offer = body.raw("offer")) {
    BodyReader o(*offer);
    Offer out;
    out.amount = o.integer("amount_fen").value_or(0);
    out.term_months = static_cast<int>(
        std::clamp<int64_t>(o.integer("term_months").value_or(0), -1, kMaxTermMonths + 1));
    out.annual_rate_bp = static_cast<int>(
        std::clamp<int64_t>(o.integer("annual_rate_bp").value_or(-1), -1, kMaxAnnualRateBp + 1));
    out.method = o.string("method").value_or("");
    if (auto st = o.finish("offer"); !st.is_ok())
      for (const FieldError& e : st.details()) body.fail("offer." + e.field, e.reason);
    r.offer = out;
  }
  r.disbursed_on = body.date("disbursed_on");
  r.first_due_date = body.date("first_due_date");
  RX_RETURN_IF_ERROR(body.finish("transition"));
  r.to = *state;
  return r;
}

Json applications_json(const std::vector<Application>& list, std::optional<Mover> who) {
  Json items = Json::array();
  for (const Application& a : list) items.push_back(application_json(a, who));
  return {{"items", items}};
}

}  // namespace

void add_application_routes(Router& router, Services& s) {
  router.add({"POST",
              "/api/v1/enterprises/{uscc}/applications",
              {Role::kEnterprise},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
                if (c.principal->uscc != uscc.str())
                  return permission_denied("an enterprise key may apply only for itself");
                RX_ASSIGN_OR_RETURN(ApplyRequest r, apply_input(c.body, uscc.str()));
                RX_ASSIGN_OR_RETURN(auto created, s.market->apply(r, market_actor(c)));
                return json_response(applications_json(created, Mover::kEnterprise), 201);
              }});

  router.add({"GET",
              "/api/v1/market/applications",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                ApplicationFilter f;
                if (auto state = q.string("state")) {
                  f.state = parse_app_state(*state);
                  if (!f.state) q.fail("state", "must be an application state");
                }
                f.product_id = q.string("product_id");
                f.uscc = q.string("uscc");
                if (auto sla = q.string("sla")) {
                  if (*sla != "breached") q.fail("sla", "must be breached");
                  f.overdue_sla_only = true;
                }
                f.limit = static_cast<int>(q.integer("limit", 1, 500).value_or(100));
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto list, s.market->applications(f, market_actor(c)));
                return json_response(applications_json(list, viewer(c)));
              }});

  router.add({"GET",
              "/api/v1/market/applications/{id}",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_ASSIGN_OR_RETURN(Application a,
                                    s.market->application(c.path_param("id"), market_actor(c)));
                return json_response(application_json(a, viewer(c)));
              }});

  router.add({"POST",
              "/api/v1/market/applications/{id}/transitions",
              {Role::kInstitution, Role::kEnterprise},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(MoveRequest r, move_input(c.body));
                RX_ASSIGN_OR_RETURN(Application a,
                                    s.market->move(c.path_param("id"), market_actor(c), r));
                return json_response(application_json(a, viewer(c)));
              }});

  router.add({"POST",
              "/api/v1/market/applications/{id}/referral",
              {Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                const size_t max = static_cast<size_t>(q.integer("max", 1, 5).value_or(3));
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto referred,
                                    s.market->refer(c.path_param("id"), market_actor(c), max));
                return json_response(applications_json(referred, Mover::kEnterprise), 201);
              }});

  router.add({"GET",
              "/api/v1/market/loans",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                LoanFilter f;
                f.limit = static_cast<int>(q.integer("limit", 1, 500).value_or(200));
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto loans, s.market->loans(f, market_actor(c)));
                Json items = Json::array();
                for (const Loan& l : loans) items.push_back(loan_json(l));
                return json_response({{"items", items}});
              }});

  router.add({"GET",
              "/api/v1/market/loans/{id}",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_ASSIGN_OR_RETURN(Loan l, s.market->loan(c.path_param("id"), market_actor(c)));
                return json_response(loan_json(l));
              }});

  router.add({"POST",
              "/api/v1/market/loans/{id}/repayments",
              {Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                auto paid_on = body.date("paid_on");
                auto amount = body.integer("amount_fen");
                if (!paid_on && c.body.is_object() && !c.body.contains("paid_on"))
                  body.fail("paid_on", "is required");
                if (!amount && c.body.is_object() && !c.body.contains("amount_fen"))
                  body.fail("amount_fen", "is required");
                RX_RETURN_IF_ERROR(body.finish("repayment"));
                auto loan = s.market->record_repayment(c.path_param("id"), market_actor(c),
                                                       {*paid_on, Money::from_fen(*amount)});
                if (!loan.is_ok() && !loan.status().details().empty() &&
                    loan.status().details()[0].field == "amount")
                  return Status(loan.status().code(), loan.status().message(),
                                {{"amount_fen", loan.status().details()[0].reason}});
                RX_RETURN_IF_ERROR(loan.status());
                return json_response(loan_json(*loan), 201);
              }});

  router.add({"POST",
              "/api/v1/ip-pledges",
              {Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(IpPledge p, pledge_input(c.body));
                p.pledgee_id = *c.principal->institution_id;
                RX_ASSIGN_OR_RETURN(IpPledge registered, s.pledges->register_pledge(p));
                return json_response(pledge_json(registered), 201);
              }});

  router.add({"GET",
              "/api/v1/ip-pledges",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                IpPledgeRepository::Query query;
                query.uscc = q.string("uscc");
                query.ip_number = q.string("ip_number");
                RX_RETURN_IF_ERROR(q.finish());
                // An enterprise sees its own pledges; the collateral status of any USCC or IP
                // number is for lenders and the operator (动产融资统一登记 works the same way).
                if (c.principal->role == Role::kEnterprise)
                  query.uscc = c.principal->uscc;
                else if (!query.uscc && !query.ip_number && c.principal->role == Role::kInstitution)
                  query.pledgee_id = c.principal->institution_id;
                RX_ASSIGN_OR_RETURN(auto found, s.pledges->search(query));
                Json items = Json::array();
                for (const IpPledge& p : found) items.push_back(pledge_json(p));
                return json_response({{"items", items}});
              }});

  router.add({"GET",
              "/api/v1/ip-pledges/{id}",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_ASSIGN_OR_RETURN(auto found, s.pledges->find(c.path_param("id")));
                if (!found ||
                    (c.principal->role == Role::kEnterprise && c.principal->uscc != found->uscc))
                  return not_found("no IP pledge " + c.path_param("id"));
                return json_response(pledge_json(*found));
              }});

  router.add({"POST",
              "/api/v1/ip-pledges/{id}/status",
              {Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                auto status = body.string("status");
                const PledgeStatus to =
                    parse_pledge_status(status.value_or("")).value_or(PledgeStatus::kRegistered);
                if (to == PledgeStatus::kRegistered)
                  body.fail("status", "must be released or enforced");
                auto note = body.string("note").value_or("");
                if (utf8_length(note).value_or(kMaxNoteChars + 1) > kMaxNoteChars)
                  body.fail("note", "must be at most 500 characters");
                RX_RETURN_IF_ERROR(body.finish("status change"));
                RX_ASSIGN_OR_RETURN(
                    IpPledge p, s.pledges->change_status(c.path_param("id"),
                                                         *c.principal->institution_id, to, note));
                return json_response(pledge_json(p));
              }});
}

}  // namespace rx::api
