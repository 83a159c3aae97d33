// The credit evaluation over HTTP: the indicator library and composite model (readable by every
// role: how firms are judged is public), evaluation runs (operator only), and an enterprise's
// evaluation with its contributions and trend (the operator and the enterprise itself;
// institutions get it through the enterprise's authorization, not yet here).
#include <cmath>

#include "api/json_input.h"
#include "api/operator_audit.h"
#include "api/routes.h"
#include "credit/evaluation_jobs.h"
#include "credit/evaluation_repository.h"
#include "credit/panel_repository.h"

namespace rx::api {
namespace {

using auth::Role;

Json number_or_null(const Json& v) {
  return v.is_number() ? v : Json(nullptr);
}

Json library_json(const credit::IndicatorLibrary& lib) {
  Json items = Json::array();
  for (const credit::IndicatorSpec& s : lib.indicators)
    items.push_back({{"id", s.id},
                     {"name", s.name},
                     {"name_en", s.name_en},
                     {"category", s.category},
                     {"unit", s.unit},
                     {"definition", s.definition},
                     {"source", s.source},
                     {"window_months", s.window}});
  return {{"version", lib.version}, {"items", items}};
}

Json band_json(const credit::Band& b) {
  return {{"from", b.from ? Json(*b.from) : Json(nullptr)},
          {"below", b.below ? Json(*b.below) : Json(nullptr)},
          {"points", b.points},
          {"label", b.label}};
}

Json model_json(const credit::CompositeModel& m, const credit::IndicatorLibrary& lib) {
  Json grades = Json::array(), factors = Json::array();
  for (const credit::Grade& g : m.grades)
    grades.push_back({{"grade", g.name}, {"min_score", g.min_score}});
  for (const credit::Factor& f : m.factors) {
    const credit::IndicatorSpec& spec = lib.indicators[f.indicator_index];
    Json bands = Json::array();
    for (const credit::Band& b : f.bands) bands.push_back(band_json(b));
    factors.push_back({{"indicator", f.indicator},
                       {"name", spec.name},
                       {"name_en", spec.name_en},
                       {"weight", f.weight},
                       {"share", f.weight / m.total_weight},
                       {"missing_points", f.missing_points},
                       {"bands", bands}});
  }
  return {{"version", m.version}, {"name", m.name}, {"grades", grades}, {"factors", factors}};
}

Json run_json(const credit::RunRecord& r) {
  return {{"id", r.id},
          {"as_of", r.as_of},
          {"library_version", r.library_version},
          {"model_version", r.model_version},
          {"scorecard", r.scorecard.empty() ? Json(nullptr) : Json(r.scorecard)},
          {"status", r.status},
          {"enterprises", r.enterprises},
          {"grades", Json::parse(r.grades)},
          {"started_at", format_instant(instant_from_micros(r.started_at))},
          {"finished_at", r.finished_at ? Json(format_instant(instant_from_micros(*r.finished_at)))
                                        : Json(nullptr)}};
}

// The stored detail joined with the names, units and band labels of the library and model in
// force; a factor of another model version keeps its stored figures without band labels.
Json evaluation_json(const credit::StoredEvaluation& e, const credit::IndicatorLibrary& lib,
                     const credit::CompositeModel& model) {
  const Json detail = Json::parse(e.detail);
  const bool same_model = detail.value("model_version", "") == model.version;
  Json indicators = Json::array(), factors = Json::array();
  for (const auto& [id, value] : detail["indicators"].items()) {
    const int i = lib.indicator_index(id);
    Json item = {{"id", id}, {"value", number_or_null(value)}};
    if (i >= 0) {
      const credit::IndicatorSpec& s = lib.indicators[static_cast<size_t>(i)];
      item.update(
          {{"name", s.name}, {"name_en", s.name_en}, {"category", s.category}, {"unit", s.unit}});
    }
    indicators.push_back(std::move(item));
  }
  for (const auto& [id, f] : detail["factors"].items()) {
    const int i = lib.indicator_index(id);
    Json item = {
        {"indicator", id},
        {"value", i >= 0 ? number_or_null(detail["indicators"].value(id, Json())) : Json(nullptr)},
        {"points", f["points"]},
        {"score", f["score"]},
        {"max_score", f["max"]},
        {"band", nullptr}};
    if (i >= 0) {
      const credit::IndicatorSpec& s = lib.indicators[static_cast<size_t>(i)];
      item.update({{"name", s.name}, {"name_en", s.name_en}, {"unit", s.unit}});
    }
    const int band = f["band"].get<int>();
    if (same_model)
      for (const credit::Factor& factor : model.factors)
        if (factor.indicator == id && band >= 0 && static_cast<size_t>(band) < factor.bands.size())
          item["band"] = factor.bands[static_cast<size_t>(band)].label;
    if (band < 0) item["band"] = "missing";
    factors.push_back(std::move(item));
  }
  // Largest shortfall first: what a loan officer reads to see why.
  std::stable_sort(factors.begin(), factors.end(), [](const Json& a, const Json& b) {
    return a["max_score"].get<double>() - a["score"].get<double>() >
           b["max_score"].get<double>() - b["score"].get<double>();
  });
  return {{"uscc", e.uscc},
          {"as_of", e.as_of},
          {"run_id", e.run_id},
          {"score", e.score},
          {"grade", e.grade},
          {"model_version", detail.value("model_version", "")},
          {"library_version", detail.value("library_version", 0)},
          {"factors", factors},
          {"indicators", indicators},
          {"scorecard", detail.value("scorecard", Json(nullptr))}};
}

}  // namespace

void add_credit_routes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/credit/indicators", all_roles(), false,
              [&s](RequestContext&) -> Result<HttpResponse> {
                return json_response(library_json(s.credit->library()));
              }});
  router.add({"GET", "/api/v1/credit/model", all_roles(), false,
              [&s](RequestContext&) -> Result<HttpResponse> {
                return json_response(model_json(s.credit->model(), s.credit->library()));
              }});
  router.add({"GET",
              "/api/v1/credit/runs",
              {Role::kAdmin},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                const int limit = static_cast<int>(q.integer("limit", 1, 500).value_or(50));
                RX_RETURN_IF_ERROR(q.finish());
                std::vector<credit::RunRecord> runs;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(runs, credit::list_runs(session, limit));
                  return Status::ok();
                }));
                Json items = Json::array();
                for (const auto& r : runs) items.push_back(run_json(r));
                return json_response({{"items", items}});
              }});
  router.add({"POST",
              "/api/v1/credit/runs",
              {Role::kAdmin},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                const std::optional<std::string> as_of = body.string("as_of");
                RX_RETURN_IF_ERROR(body.finish("evaluation run"));
                if (!as_of)
                  return invalid_argument("as_of is required", {{"as_of", "is required"}});
                auto month = credit::parse_month(*as_of);
                if (!month.is_ok())
                  return invalid_argument(month.status().message(),
                                          {{"as_of", "must be a month YYYY-MM"}});
                RX_ASSIGN_OR_RETURN(std::string id, s.credit->start(*month));
                return json_response({{"id", id}, {"as_of", *as_of}, {"status", "running"}}, 202);
              }});
  router.add({"GET",
              "/api/v1/enterprises/{uscc}/evaluation",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
                if (c.principal->role == Role::kEnterprise && c.principal->uscc != uscc.str())
                  return permission_denied("an enterprise key may only read its own evaluation");
                QueryReader q(c.query);
                const std::string as_of = q.string("as_of").value_or("");
                if (!as_of.empty() && !credit::parse_month(as_of).is_ok())
                  q.fail("as_of", "must be a month YYYY-MM");
                RX_RETURN_IF_ERROR(q.finish());
                RX_RETURN_IF_ERROR(s.enterprises.get(uscc).status());
                std::optional<credit::StoredEvaluation> found;
                std::vector<credit::TrendPoint> trend;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(found, credit::find_evaluation(session, uscc.str(), as_of));
                  RX_ASSIGN_OR_RETURN(trend, credit::evaluation_trend(session, uscc.str()));
                  return Status::ok();
                }));
                if (!found)
                  return not_found(as_of.empty()
                                       ? "no evaluation of " + uscc.str() + " yet"
                                       : "no evaluation of " + uscc.str() + " for " + as_of);
                Json body = evaluation_json(*found, s.credit->library(), s.credit->model());
                Json points = Json::array();
                for (const auto& p : trend)
                  points.push_back({{"as_of", p.as_of},
                                    {"score", p.score},
                                    {"grade", p.grade},
                                    {"scorecard_score", p.scorecard_score ? Json(*p.scorecard_score)
                                                                          : Json(nullptr)}});
                body["trend"] = points;
                HttpResponse answer = json_response(body);
                RX_RETURN_IF_ERROR(audit_operator_read(s, c, uscc.str(), "evaluation",
                                                       {"evaluation"}, answer.body));
                return answer;
              }});
}

}  // namespace rx::api
