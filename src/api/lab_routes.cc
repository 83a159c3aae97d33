// The model lab over HTTP, for the operator: the sample library (import CSV, download), the
// model registry (fit on a sample, details with plots' data, model card, model file, promote
// to champion).
#include "api/errors.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "lab/lab_service.h"
#include "lab/model_card.h"
#include "lab/model_file.h"

namespace rx::api {
namespace {

using auth::Role;

Json time_json(int64_t us) {
  return format_instant(instant_from_micros(us));
}

Json optional_json(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json sample_json(const lab::SampleRecord& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"version", s.version},
          {"source", s.source},
          {"description", s.description},
          {"target", s.target},
          {"bad_value", s.bad_value},
          {"rows", s.rows},
          {"bad", s.bad},
          {"columns", s.columns},
          {"sha256", s.sha256},
          {"created_by", s.created_by},
          {"created_at", time_json(s.created_at)}};
}

Json model_json(const lab::ModelRecord& m) {
  return {{"id", m.id},
          {"name", m.name},
          {"version", m.version},
          {"scenario", m.scenario},
          {"algorithm", m.algorithm},
          {"sample_id", m.sample_id},
          {"role", m.role},
          {"auc", optional_json(m.auc)},
          {"ks", optional_json(m.ks)},
          {"cv_auc", optional_json(m.cv_auc)},
          {"odds_convention", lab::kOddsConvention},
          {"author", m.author},
          {"created_at", time_json(m.created_at)}};
}

// Scorecard variables with their bins and points, for the portal's tables.
Json variables_json(const lab::Model& model) {
  Json out = Json::array();
  for (const lab::ScorecardVariable& v : model.scorecard.variables) {
    Json bins = Json::array();
    for (size_t b = 0; b < v.binning.bins.size(); ++b) {
      const lab::Bin& bin = v.binning.bins[b];
      bins.push_back({{"label", bin.label(v.binning.type)},
                      {"good", bin.good},
                      {"bad", bin.bad},
                      {"woe", bin.woe},
                      {"points", v.points[b]}});
    }
    out.push_back({{"name", v.binning.name},
                   {"iv", v.binning.iv},
                   {"coefficient", v.coefficient},
                   {"bins", bins}});
  }
  return out;
}

template <typename T, typename ToJson>
HttpResponse items_response(const std::vector<T>& items, ToJson to_json) {
  Json out = Json::array();
  for (const T& item : items) out.push_back(to_json(item));
  return json_response({{"items", out}});
}

HttpResponse download(std::string body, std::string content_type, const std::string& filename) {
  HttpResponse r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

}  // namespace

void add_lab_routes(Router& router, Services& s) {
  auto registry = [&s] { return lab::LabRegistry(s.db, s.clock, s.random); };

  router.add({"GET",
              "/api/v1/lab/samples",
              {Role::kAdmin},
              false,
              [registry](RequestContext&) -> Result<HttpResponse> {
                auto reg = registry();
                RX_ASSIGN_OR_RETURN(auto samples, reg.samples());
                return items_response(samples, sample_json);
              }});

  router.add({"POST",
              "/api/v1/lab/samples",
              {Role::kAdmin},
              false,
              [registry, &s](RequestContext& c) -> Result<HttpResponse> {
                const std::string type(c.http.header("content-type"));
                if (type.substr(0, type.find(';')) != "text/csv")
                  return error_response(415, "unsupported_media_type", "unsupported media type",
                                        {{"content-type", "must be text/csv (UTF-8)"}});
                if (c.http.body.size() > s.max_push_bytes)
                  return Status(
                      StatusCode::kResourceExhausted, "sample too large",
                      {{"body", "at most " + std::to_string(s.max_push_bytes) + " bytes"}});
                QueryReader q(c.query);
                lab::SampleInput input;
                input.name = q.string("name").value_or("");
                input.target = q.string("target").value_or("");
                input.bad_value = q.string("bad").value_or("");
                input.description = q.string("description").value_or("");
                if (input.name.empty()) q.fail("name", "is required");
                if (input.target.empty()) q.fail("target", "is required: the target column");
                if (input.bad_value.empty())
                  q.fail("bad", "is required: the target value meaning bad");
                RX_RETURN_IF_ERROR(q.finish());
                input.created_by = c.principal->key_id;
                input.csv = c.http.body;
                auto reg = registry();
                RX_ASSIGN_OR_RETURN(auto sample, lab::import_sample(reg, std::move(input)));
                return json_response(sample_json(sample), 201);
              },
              /*raw_body=*/true});

  router.add({"GET",
              "/api/v1/lab/samples/{id}/csv",
              {Role::kAdmin},
              false,
              [registry](RequestContext& c) -> Result<HttpResponse> {
                auto reg = registry();
                RX_ASSIGN_OR_RETURN(auto sample, reg.sample(c.path_param("id")));
                return download(std::move(sample.content), "text/csv; charset=utf-8",
                                sample.name + "-v" + std::to_string(sample.version) + ".csv");
              }});

  router.add({"GET",
              "/api/v1/lab/models",
              {Role::kAdmin},
              false,
              [registry](RequestContext&) -> Result<HttpResponse> {
                auto reg = registry();
                RX_ASSIGN_OR_RETURN(auto models, reg.models());
                return items_response(models, model_json);
              }});

  router.add({"POST",
              "/api/v1/lab/models",
              {Role::kAdmin},
              true,
              [registry](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                lab::ModelInput input;
                input.sample_id = body.string("sample_id").value_or("");
                input.name = body.string("name").value_or("");
                input.scenario = body.string("scenario").value_or("general");
                const std::string algorithm = body.string("algorithm").value_or("scorecard");
                const int64_t cv = body.integer("cv_folds").value_or(5);
                const std::string role = body.string("role").value_or("challenger");
                RX_RETURN_IF_ERROR(body.finish("model"));
                std::vector<FieldError> errors;
                if (input.sample_id.empty()) errors.push_back({"sample_id", "is required"});
                if (input.name.empty() || input.name.size() > 100)
                  errors.push_back({"name", "is required (1 to 100 characters)"});
                if (cv != 0 && (cv < 2 || cv > 20))
                  errors.push_back({"cv_folds", "must be 0 or 2 to 20"});
                if (role != "champion" && role != "challenger")
                  errors.push_back({"role", "must be champion or challenger"});
                auto algo = lab::parse_algorithm(algorithm);
                if (!algo.is_ok()) errors.push_back({"algorithm", "must be scorecard or xgboost"});
                if (!errors.empty()) return invalid_argument("invalid model request", errors);
                input.author = c.principal->key_id;
                input.champion = role == "champion";
                lab::FitOptions fit;
                fit.algorithm = *algo;
                auto reg = registry();
                RX_ASSIGN_OR_RETURN(auto model,
                                    lab::fit_and_register(reg, input, fit, static_cast<int>(cv)));
                return json_response(model_json(model), 201);
              }});

  router.add({"GET",
              "/api/v1/lab/models/{id}",
              {Role::kAdmin},
              false,
              [registry](RequestContext& c) -> Result<HttpResponse> {
                auto reg = registry();
                RX_ASSIGN_OR_RETURN(auto record, reg.model(c.path_param("id")));
                RX_ASSIGN_OR_RETURN(lab::Model model, lab::parse_model(record.model));
                Json body = model_json(record);
                body["report"] = Json::parse(record.report);
                body["variables"] = model.algorithm == lab::Algorithm::kScorecard
                                        ? variables_json(model)
                                        : Json::array();
                return json_response(body);
              }});

  router.add({"GET",
              "/api/v1/lab/models/{id}/card",
              {Role::kAdmin},
              false,
              [registry](RequestContext& c) -> Result<HttpResponse> {
                auto reg = registry();
                RX_ASSIGN_OR_RETURN(auto record, reg.model(c.path_param("id")));
                RX_ASSIGN_OR_RETURN(lab::Model model, lab::parse_model(record.model));
                RX_ASSIGN_OR_RETURN(auto sample, reg.sample(record.sample_id));
                HttpResponse r;
                r.content_type = "text/html; charset=utf-8";
                r.body = lab::model_card_html(record, model, sample);
                return r;
              }});

  router.add({"GET",
              "/api/v1/lab/models/{id}/file",
              {Role::kAdmin},
              false,
              [registry](RequestContext& c) -> Result<HttpResponse> {
                auto reg = registry();
                RX_ASSIGN_OR_RETURN(auto record, reg.model(c.path_param("id")));
                return download(std::move(record.model), "application/json",
                                record.name + "-v" + std::to_string(record.version) + ".json");
              }});

  router.add({"GET",
              "/api/v1/lab/models/{id}/stability",
              {Role::kAdmin},
              false,
              [registry](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                const std::string sample = q.string("sample_id").value_or("");
                if (sample.empty())
                  q.fail("sample_id", "is required: the sample to compare with the model's own");
                RX_RETURN_IF_ERROR(q.finish());
                auto reg = registry();
                RX_ASSIGN_OR_RETURN(Json report,
                                    lab::stability_report(reg, c.path_param("id"), sample));
                return json_response(report);
              }});

  router.add({"POST",
              "/api/v1/lab/models/{id}/promote",
              {Role::kAdmin},
              false,
              [registry](RequestContext& c) -> Result<HttpResponse> {
                auto reg = registry();
                RX_RETURN_IF_ERROR(reg.promote(c.path_param("id")));
                RX_ASSIGN_OR_RETURN(auto record, reg.model(c.path_param("id")));
                return json_response(model_json(record));
              }});
}

}  // namespace rx::api
