// The financing marketplace over HTTP (docs/marketplace.md): products and their eligibility
// rules, demands, matches with explanations, institutions' leads, one-click apply, the tracked
// application, loans and repayments, IP pledges and the operator's statistics.
#include "api/json_input.h"
#include "api/market_json.h"
#include "api/routes.h"

namespace rx::api {
namespace {

using auth::Role;
using namespace market;

Result<Demand> demand_input(const Json& json, const std::string& uscc) {
  BodyReader body(json);
  Demand d;
  d.uscc = uscc;
  for (const char* f : {"amount_fen", "term_months", "purpose"})
    if (json.is_object() && !json.contains(f)) body.fail(f, "is required");
  d.amount = body.integer("amount_fen").value_or(0);
  const int64_t term = body.integer("term_months").value_or(0);
  d.term_months = static_cast<int>(std::clamp<int64_t>(term, -1, kMaxTermMonths + 1));
  d.purpose = body.string("purpose").value_or("");
  d.collateral = body.strings("collateral").value_or(std::vector<std::string>{});
  d.guarantee_available = body.boolean("guarantee_available").value_or(false);
  if (auto urgency = body.string("urgency")) {
    auto parsed = parse_urgency(*urgency);
    if (!parsed) body.fail("urgency", "must be low, normal or high");
    d.urgency = parsed.value_or(Urgency::kNormal);
  }
  RX_RETURN_IF_ERROR(body.finish("demand"));
  return d;
}

Json products_json(const std::vector<Product>& products) {
  Json items = Json::array();
  for (const Product& p : products) items.push_back(to_json(p));
  return {{"items", items}};
}

Json attribute_json(const rules::Attribute& a) {
  return {{"name", a.name},
          {"label", a.label_zh},
          {"label_en", a.label_en},
          {"unit", a.unit},
          {"type", rules::type_name(a.type)},
          {"values", a.values}};
}

}  // namespace

void add_market_routes(Router& router, Services& s) {
  router.add({"GET",
              "/api/v1/market/attributes",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                const rules::Schema& schema = s.market->attributes().schema();
                Json items = Json::array();
                for (size_t i = 0; i < schema.size(); ++i)
                  items.push_back(attribute_json(schema.attribute(i)));
                return json_response({{"items", items}});
              }});

  router.add({"POST",
              "/api/v1/market/rules/check",
              {Role::kAdmin, Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                auto source = body.string("rule");
                if (!source && c.body.is_object() && !c.body.contains("rule"))
                  body.fail("rule", "is required");
                RX_RETURN_IF_ERROR(body.finish("rule check"));
                RX_ASSIGN_OR_RETURN(rules::Rule rule,
                                    rules::compile(*source, s.market->attributes().schema()));
                Json conditions = Json::array();
                for (const rules::Condition& cond : rule.conditions())
                  conditions.push_back(
                      {{"text", cond.text}, {"line", cond.line}, {"column", cond.column}});
                return json_response({{"conditions", conditions}});
              }});

  router.add({"GET",
              "/api/v1/market/products",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                ProductFilter f;
                f.institution_id = q.string("institution_id");
                if (auto status = q.string("status")) {
                  f.status = parse_product_status(*status);
                  if (!f.status) q.fail("status", "must be draft, listed, paused or retired");
                }
                RX_RETURN_IF_ERROR(q.finish());
                const bool own = c.principal->role == Role::kInstitution &&
                                 f.institution_id == c.principal->institution_id;
                // Others' drafts and paused products are not shown: only the listed ones.
                if (c.principal->role != Role::kAdmin && !own) {
                  if (f.status && f.status != ProductStatus::kListed)
                    return json_response(products_json({}));
                  f.status = ProductStatus::kListed;
                }
                RX_ASSIGN_OR_RETURN(auto products, s.market->products(f));
                return json_response(products_json(products));
              }});

  router.add({"POST",
              "/api/v1/market/products",
              {Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Product p, product_input(c.body));
                p.institution_id = *c.principal->institution_id;
                RX_ASSIGN_OR_RETURN(Product created, s.market->create_product(std::move(p)));
                return json_response(to_json(created), 201);
              }});

  router.add({"GET",
              "/api/v1/market/products/{id}",
              {Role::kAdmin, Role::kInstitution, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_ASSIGN_OR_RETURN(Product p, s.market->product(c.path_param("id")));
                const bool own = c.principal->institution_id == p.institution_id;
                if (p.status != ProductStatus::kListed && c.principal->role != Role::kAdmin && !own)
                  return not_found("no product " + p.id);
                return json_response(to_json(p));
              }});

  router.add({"PUT",
              "/api/v1/market/products/{id}",
              {Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Product p, product_input(c.body));
                RX_ASSIGN_OR_RETURN(Product revised, s.market->revise_product(c.path_param("id"),
                                                                              market_actor(c), p));
                return json_response(to_json(revised));
              }});

  router.add({"POST",
              "/api/v1/market/products/{id}/status",
              {Role::kAdmin, Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                auto status = body.string("status");
                auto to = status ? parse_product_status(*status) : std::nullopt;
                if (!to) body.fail("status", "must be draft, listed, paused or retired");
                RX_RETURN_IF_ERROR(body.finish("status change"));
                RX_ASSIGN_OR_RETURN(Product p, s.market->set_product_status(c.path_param("id"),
                                                                            market_actor(c), *to));
                return json_response(to_json(p));
              }});

  router.add({"POST",
              "/api/v1/enterprises/{uscc}/demands",
              {Role::kEnterprise},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(std::string uscc, path_enterprise(c));
                RX_ASSIGN_OR_RETURN(Demand d, demand_input(c.body, uscc));
                RX_ASSIGN_OR_RETURN(Demand published, s.market->publish_demand(std::move(d)));
                return json_response(demand_json(published), 201);
              }});

  router.add({"GET",
              "/api/v1/enterprises/{uscc}/demands",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(std::string uscc, path_enterprise(c));
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_ASSIGN_OR_RETURN(auto demands, s.market->demands_of(uscc));
                Json items = Json::array();
                for (const Demand& d : demands) items.push_back(demand_json(d));
                return json_response({{"items", items}});
              }});

  router.add({"POST",
              "/api/v1/enterprises/{uscc}/demands/{id}/close",
              {Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(std::string uscc, path_enterprise(c));
                RX_ASSIGN_OR_RETURN(Demand d, s.market->close_demand(c.path_param("id"), uscc));
                return json_response(demand_json(d));
              }});

  router.add({"GET",
              "/api/v1/enterprises/{uscc}/matches",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(std::string uscc, path_enterprise(c));
                QueryReader q(c.query);
                Ask ask;
                auto demand_id = q.string("demand_id");
                ask.amount = q.integer("amount_fen", 1, kMaxAmountFen).value_or(0);
                ask.term_months =
                    static_cast<int>(q.integer("term_months", 1, kMaxTermMonths).value_or(0));
                RX_RETURN_IF_ERROR(q.finish());
                if (demand_id) {
                  RX_ASSIGN_OR_RETURN(auto demands, s.market->demands_of(uscc));
                  auto it = std::find_if(demands.begin(), demands.end(),
                                         [&](const Demand& d) { return d.id == *demand_id; });
                  if (it == demands.end()) return not_found("no demand " + *demand_id);
                  ask = ask_of(*it);
                }
                RX_ASSIGN_OR_RETURN(auto matches, s.market->match_enterprise(uscc, ask));
                return json_response(matches_json(matches));
              }});

  router.add({"GET",
              "/api/v1/market/leads",
              {Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                const int limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto leads,
                                    s.market->leads(*c.principal->institution_id, limit));
                Json items = Json::array();
                for (const Lead& l : leads) items.push_back(lead_json(l));
                return json_response({{"items", items}});
              }});

  router.add({"POST",
              "/api/v1/market/leads/{id}/reach-out",
              {Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                auto product_id = body.string("product_id");
                if (!product_id) body.fail("product_id", "is required");
                auto note = body.string("note").value_or("");
                RX_RETURN_IF_ERROR(body.finish("reach-out"));
                RX_RETURN_IF_ERROR(
                    s.market->reach_out(c.path_param("id"), market_actor(c), *product_id, note));
                return json_response({{"sent", true}}, 202);
              }});

  router.add({"GET",
              "/api/v1/market/stats",
              {Role::kAdmin},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                const std::string dimension = q.string("by").value_or("district");
                auto by = parse_stats_dimension(dimension);
                if (!by) q.fail("by", "must be district, industry, size or product_type");
                RX_RETURN_IF_ERROR(q.finish());
                std::vector<StatsRow> rows;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(rows, market_statistics(session, *by, s.clock.now()));
                  return Status::ok();
                }));
                return json_response({{"by", dimension}, {"items", stats_json(rows)}});
              }});
}

}  // namespace rx::api
