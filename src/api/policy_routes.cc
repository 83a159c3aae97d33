// Support policies over HTTP (docs/policies.md): the policies as TOML documents, each
// enterprise's navigation map, 免申即享 confirmations, notification opt-outs, the "policy finds
// people" runs and the operator's take-up statistics.
#include "api/json_input.h"
#include "api/operator_audit.h"
#include "api/routes.h"
#include "registry/reference.h"

namespace rx::api {
namespace {

using auth::Role;
using namespace policy;

constexpr size_t kMaxSourceBytes = 256 * 1024;

Json optional_date(const std::optional<Date>& d) {
  return d ? Json(d->to_string()) : Json();
}
Json optional_time(const std::optional<Instant>& t) {
  return t ? Json(format_instant(*t)) : Json();
}
Json optional_number(const std::optional<double>& v) {
  return v ? Json(*v) : Json();
}

Json benefit_json(const Benefit& b) {
  return {{"text", b.text},
          {"fixed", optional_number(b.fixed)},
          {"rate", optional_number(b.rate)},
          {"of", b.of.empty() ? Json() : Json(b.of)},
          {"cap", optional_number(b.cap)}};
}

// The fields every view of a policy shows.
// `version` is the one in force (null when none); the dates are of that version, or of the
// next to start (upcoming), or of the last (expired).
Json policy_head(const Policy& p, Date today) {
  const PolicyVersion* v = nearest(p, today);
  const bool active = in_force(p, today) != nullptr;
  return {{"id", p.id},
          {"example", p.example},
          {"title", p.title},
          {"title_en", p.title_en},
          {"issuer", p.issuer},
          {"level", to_string(p.level)},
          {"district", p.district},
          {"park", p.park},
          {"kind", p.kind},
          {"summary", p.summary},
          {"summary_en", p.summary_en},
          {"status", to_string(phase(p, today))},
          {"version", active ? Json(v->version) : Json()},
          {"valid_from", v ? Json(v->valid_from.to_string()) : Json()},
          {"valid_to", v ? optional_date(v->valid_to) : Json()},
          {"mode", to_string(p.apply.mode)},
          {"apply",
           {{"mode", to_string(p.apply.mode)},
            {"item_code", p.apply.item_code},
            {"link", p.apply.link}}},
          {"materials", p.materials},
          {"contact", p.contact}};
}

Json stored_json(const StoredPolicy& sp, Date today, bool full) {
  Json j = policy_head(sp.policy, today);
  j["revision"] = sp.revision;
  j["updated_at"] = format_instant(sp.updated_at);
  if (!full) return j;
  Json versions = Json::array();
  for (const PolicyVersion& v : sp.policy.versions) {
    Json conditions = Json::array();
    for (const rules::Condition& c : v.rule.conditions()) conditions.push_back(c.text);
    versions.push_back({{"version", v.version},
                        {"valid_from", v.valid_from.to_string()},
                        {"valid_to", optional_date(v.valid_to)},
                        {"eligibility", v.eligibility},
                        {"conditions", conditions},
                        {"benefit", benefit_json(v.benefit)}});
  }
  j["versions"] = versions;
  j["source"] = sp.source;
  return j;
}

Json condition_json(const rules::ConditionResult& c, const rules::Schema& schema) {
  Json values = Json::array();
  for (const rules::ShownValue& v : c.values) {
    const rules::Attribute& a = schema.attribute(v.slot);
    values.push_back({{"name", v.name},
                      {"label", a.label_zh},
                      {"label_en", a.label_en},
                      {"unit", a.unit},
                      {"value", v.value ? Json(*v.value) : Json()}});
  }
  return {{"text", c.text}, {"truth", rules::truth_name(c.truth)}, {"values", values}};
}

Json map_json(const EnterpriseMap& m, const rules::Schema& schema) {
  std::map<std::string, int> counts;
  for (Standing s : {Standing::kEligible, Standing::kNearlyEligible, Standing::kNotEligible,
                     Standing::kUpcoming, Standing::kExpired})
    counts[std::string(to_string(s))] = 0;
  Json policies = Json::array();
  for (const MapEntry& e : m.entries) {
    const Assessment& a = e.assessment;
    Json j = policy_head(*a.policy, m.as_of);
    j["status"] = to_string(a.standing);
    ++counts[std::string(to_string(a.standing))];
    Json conditions = Json::array(), failing = Json::array();
    for (const rules::ConditionResult& c : a.explanation.conditions) {
      conditions.push_back(condition_json(c, schema));
      if (c.truth != rules::Truth::kTrue) failing.push_back(condition_json(c, schema));
    }
    j["conditions"] = conditions;
    j["failing"] = failing;
    const PolicyVersion* shown = nearest(*a.policy, m.as_of);
    j["benefit"] = {{"text", shown ? shown->benefit.text : ""},
                    {"estimate_wan", optional_number(a.estimate)}};
    j["notified_at"] = optional_time(e.notified_at);
    j["granted_at"] = optional_time(e.granted_at);
    policies.push_back(std::move(j));
  }
  return {
      {"uscc", m.uscc}, {"as_of", m.as_of.to_string()}, {"counts", counts}, {"policies", policies}};
}

Json run_json(const RunSummary& r) {
  return {{"id", r.id},
          {"mode", r.mode},
          {"started_at", format_instant(r.started_at)},
          {"finished_at", format_instant(r.finished_at)},
          {"enterprises", r.enterprises},
          {"policies", r.policies},
          {"eligible", r.eligible},
          {"newly_eligible", r.newly_eligible},
          {"notified", r.notified},
          {"suppressed", r.suppressed}};
}

Json take_up_json(int64_t eligible, const TakeUp& t) {
  return {{"eligible", eligible},
          {"notified", t.notified},
          {"applied", t.applied},
          {"granted", t.granted},
          {"take_up_rate", eligible > 0 ? Json(static_cast<double>(t.applied + t.granted) /
                                               static_cast<double>(eligible))
                                        : Json()}};
}

std::string group_label(const std::string& key, bool by_district) {
  if (by_district) {
    const registry::District* d = registry::find_district(key);
    return d ? std::string(d->name_zh) : key;
  }
  for (const registry::IndustrySection& s : registry::industry_sections())
    if (key.size() == 1 && s.letter == key[0]) return std::string(s.name_zh);
  return key;
}

// The source of a check or save request body.
Result<std::string> source_input(const Json& json, std::optional<std::string>* id = nullptr) {
  BodyReader body(json);
  auto source = body.string("source");
  if (!source && json.is_object() && !json.contains("source")) body.fail("source", "is required");
  if (source && source->size() > kMaxSourceBytes)
    body.fail("source", "is longer than " + std::to_string(kMaxSourceBytes) + " bytes");
  if (id) *id = body.string("id");
  RX_RETURN_IF_ERROR(body.finish("policy"));
  return *source;
}

}  // namespace

void add_policy_routes(Router& router, Services& s) {
  PolicyService& policies = *s.policies;
  const rules::Schema& schema = s.attributes->schema();
  const auto today = [&s] { return shanghai_date(s.clock.now()); };

  router.add({"GET", "/api/v1/policies", all_roles(), false,
              [&policies, today](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                Json items = Json::array();
                for (const StoredPolicy& sp : *policies.policies())
                  items.push_back(stored_json(sp, today(), false));
                Json out = {{"policies", items}};
                if (c.principal->role == Role::kAdmin) out["problems"] = policies.load_problems();
                return json_response(out);
              }});

  router.add({"GET", "/api/v1/policies/{id}", all_roles(), false,
              [&policies, today](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_ASSIGN_OR_RETURN(StoredPolicy sp, policies.get(c.path_param("id")));
                return json_response(stored_json(sp, today(), true));
              }});

  router.add({"PUT",
              "/api/v1/policies/{id}",
              {Role::kAdmin},
              true,
              [&policies, today](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(std::string source, source_input(c.body));
                RX_ASSIGN_OR_RETURN(auto saved,
                                    policies.save(c.path_param("id"), source, c.principal->key_id));
                return json_response(stored_json(saved.first, today(), true),
                                     saved.second ? 201 : 200);
              }});

  router.add({"POST",
              "/api/v1/policies/check",
              {Role::kAdmin},
              true,
              [&policies](RequestContext& c) -> Result<HttpResponse> {
                std::optional<std::string> id;
                RX_ASSIGN_OR_RETURN(std::string source, source_input(c.body, &id));
                auto checked =
                    policies.check(id ? *id : declared_id(source).value_or("policy"), source);
                if (checked.is_ok())
                  return json_response({{"ok", true}, {"errors", Json::array()}});
                if (checked.status().code() != StatusCode::kInvalidArgument)
                  return checked.status();
                Json errors = Json::array();
                for (const SourceError& e : source_errors(checked.status()))
                  errors.push_back({{"field", e.field},
                                    {"line", e.line},
                                    {"column", e.column},
                                    {"message", e.message}});
                return json_response({{"ok", false}, {"errors", errors}});
              }});

  router.add({"GET",
              "/api/v1/policies/{id}/revisions",
              {Role::kAdmin},
              false,
              [&policies](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_ASSIGN_OR_RETURN(auto revisions, policies.revisions(c.path_param("id")));
                Json items = Json::array();
                for (const Revision& r : revisions)
                  items.push_back({{"revision", r.revision},
                                   {"created_at", format_instant(r.created_at)},
                                   {"created_by", r.created_by}});
                return json_response({{"revisions", items}});
              }});

  router.add({"POST",
              "/api/v1/policies/run",
              {Role::kAdmin},
              true,
              [&policies](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                const std::string mode = body.string("mode").value_or("incremental");
                if (mode != "full" && mode != "incremental")
                  body.fail("mode", "must be full or incremental");
                RX_RETURN_IF_ERROR(body.finish("policy run"));
                RX_ASSIGN_OR_RETURN(
                    RunSummary run,
                    policies.run(mode == "full" ? RunMode::kFull : RunMode::kIncremental));
                return json_response(run_json(run));
              }});

  router.add({"GET",
              "/api/v1/policies/runs",
              {Role::kAdmin},
              false,
              [&policies](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_ASSIGN_OR_RETURN(auto runs, policies.runs(20));
                Json items = Json::array();
                for (const RunSummary& r : runs) items.push_back(run_json(r));
                return json_response({{"runs", items}});
              }});

  router.add({"GET",
              "/api/v1/policies/stats",
              {Role::kAdmin},
              false,
              [&policies, today](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                auto policy_id = q.string("policy");
                auto by = q.string("by");
                if (by && *by != "district" && *by != "industry")
                  q.fail("by", "must be district or industry");
                if (by && !policy_id) q.fail("policy", "is required with by");
                RX_RETURN_IF_ERROR(q.finish());
                if (policy_id) {
                  const bool by_district = by.value_or("district") == "district";
                  RX_ASSIGN_OR_RETURN(auto groups, policies.stats_by(*policy_id, by_district));
                  Json items = Json::array();
                  for (const GroupCounts& g : groups) {
                    Json j = take_up_json(g.eligible, g.take_up);
                    j["key"] = g.key;
                    j["label"] = group_label(g.key, by_district);
                    items.push_back(std::move(j));
                  }
                  return json_response({{"policy", *policy_id},
                                        {"by", by_district ? "district" : "industry"},
                                        {"groups", items}});
                }
                RX_ASSIGN_OR_RETURN(auto counts, policies.stats());
                Json items = Json::array();
                for (const PolicyCounts& pc : counts) {
                  Json j = take_up_json(pc.eligible, pc.take_up);
                  j["id"] = pc.policy_id;
                  j["title"] = pc.title;
                  j["title_en"] = pc.title_en;
                  j["kind"] = pc.kind;
                  j["level"] = to_string(pc.level);
                  j["version"] = pc.version ? Json(*pc.version) : Json();
                  items.push_back(std::move(j));
                }
                return json_response({{"as_of", today().to_string()}, {"policies", items}});
              }});

  router.add({"GET",
              "/api/v1/enterprises/{uscc}/policy-map",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s, &policies, &schema](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_ASSIGN_OR_RETURN(std::string uscc, path_enterprise(c));
                RX_ASSIGN_OR_RETURN(EnterpriseMap m, policies.map(uscc));
                HttpResponse answer = json_response(map_json(m, schema));
                // The map shows the enterprise's evaluation and indicators: an operator's
                // read of it is recorded like a read of the evaluation.
                RX_RETURN_IF_ERROR(
                    audit_operator_read(s, c, uscc, "policy_map", {"evaluation"}, answer.body));
                return answer;
              }});

  router.add({"POST",
              "/api/v1/enterprises/{uscc}/policies/{id}/confirm",
              {Role::kEnterprise},
              false,
              [&policies](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(std::string uscc, path_enterprise(c));
                RX_ASSIGN_OR_RETURN(
                    Grant g, policies.confirm(uscc, c.path_param("id"), c.principal->key_id));
                return json_response({{"policy_id", g.policy_id},
                                      {"version", g.version},
                                      {"estimate_wan", optional_number(g.estimate_wan)},
                                      {"granted_at", format_instant(g.granted_at)}},
                                     201);
              }});

  router.add({"GET",
              "/api/v1/enterprises/{uscc}/policy-preferences",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&policies](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_ASSIGN_OR_RETURN(std::string uscc, path_enterprise(c));
                RX_ASSIGN_OR_RETURN(auto kinds, policies.opt_outs(uscc));
                return json_response({{"opted_out_kinds", kinds}});
              }});

  router.add({"PUT",
              "/api/v1/enterprises/{uscc}/policy-preferences",
              {Role::kEnterprise},
              true,
              [&policies](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(std::string uscc, path_enterprise(c));
                BodyReader body(c.body);
                auto kinds = body.strings("opted_out_kinds");
                if (!kinds && c.body.is_object() && !c.body.contains("opted_out_kinds"))
                  body.fail("opted_out_kinds", "is required");
                RX_RETURN_IF_ERROR(body.finish("policy preferences"));
                RX_RETURN_IF_ERROR(policies.set_opt_outs(uscc, *kinds));
                RX_ASSIGN_OR_RETURN(auto stored, policies.opt_outs(uscc));
                return json_response({{"opted_out_kinds", stored}});
              }});
}

}  // namespace rx::api
