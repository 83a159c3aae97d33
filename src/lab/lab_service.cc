#include "lab/lab_service.h"

#include <algorithm>
#include <cmath>

#include "ingest/byte_source.h"
#include "lab/cross_validation.h"
#include "lab/dataset_csv.h"
#include "lab/metrics.h"
#include "lab/model_file.h"
#include "lab/report.h"
#include "lab/scorecard.h"

namespace rx::lab {
namespace {

Status check_name(const std::string& name) {
  if (name.empty() || name.size() > 100)
    return invalid_argument("a name of 1 to 100 characters is required",
                            {{"name", "is required (1 to 100 characters)"}});
  return Status::ok();
}

Result<LoadedDataset> dataset_of(const std::string& csv, DatasetOptions options,
                                 const std::string& name) {
  ingest::MemorySource source(csv);
  return read_csv_dataset(source, options, name);
}

}  // namespace

Result<SampleRecord> import_sample(LabRegistry& registry, SampleInput input) {
  RX_RETURN_IF_ERROR(check_name(input.name));
  RX_ASSIGN_OR_RETURN(
      LoadedDataset loaded,
      dataset_of(input.csv, {.target = input.target, .bad_value = input.bad_value}, input.name));
  SampleRecord s;
  s.name = input.name;
  s.source = input.source;
  s.description = input.description;
  s.target = input.target;
  s.bad_value = input.bad_value;
  s.rows = static_cast<int64_t>(loaded.data.rows());
  s.bad = loaded.data.bad_count();
  s.columns = static_cast<int64_t>(loaded.data.columns.size());
  s.content = std::move(input.csv);
  s.created_by = input.created_by;
  return registry.add_sample(std::move(s));
}

Result<ModelRecord> register_model(LabRegistry& registry, const ModelInput& input, Model model) {
  RX_RETURN_IF_ERROR(check_name(input.name));
  RX_ASSIGN_OR_RETURN(SampleRecord sample, registry.sample(input.sample_id));
  RX_ASSIGN_OR_RETURN(LoadedDataset loaded, dataset_of(sample.content,
                                                       {.target = sample.target,
                                                        .bad_value = sample.bad_value,
                                                        .types = model.variable_types(),
                                                        .drop_uninformative = false},
                                                       sample.name));
  RX_ASSIGN_OR_RETURN(std::vector<double> pd, predict_pd(model, loaded.data));
  if (model.author.empty()) model.author = input.author;
  ModelRecord m;
  m.name = input.name;
  m.scenario = input.scenario;
  m.algorithm = std::string(algorithm_name(model.algorithm));
  m.sample_id = sample.id;
  m.author = model.author;
  const nlohmann::json report = evaluation_report(model, loaded.data, pd);
  m.report = report.dump();
  m.auc = report["auc"].is_number() ? std::optional(report["auc"].get<double>()) : std::nullopt;
  m.ks = report["ks"].get<double>();
  if (!model.training.cv_auc.empty()) m.cv_auc = model.training.cv_auc_mean;
  m.model = serialize_model(model);
  return registry.add_model(std::move(m), input.champion);
}

Result<ModelRecord> fit_and_register(LabRegistry& registry, const ModelInput& input,
                                     const FitOptions& fit, int cv_folds) {
  RX_RETURN_IF_ERROR(check_name(input.name));
  if (!is_scenario(input.scenario))
    return invalid_argument("'" + input.scenario + "' is not a scenario",
                            {{"scenario", "must be general, sci_tech, trade or shipping"}});
  RX_ASSIGN_OR_RETURN(SampleRecord sample, registry.sample(input.sample_id));
  RX_ASSIGN_OR_RETURN(
      LoadedDataset loaded,
      dataset_of(sample.content, {.target = sample.target, .bad_value = sample.bad_value},
                 sample.name));
  RX_ASSIGN_OR_RETURN(FittedModel fitted, fit_model(loaded.data, fit));
  if (cv_folds > 1) {
    RX_ASSIGN_OR_RETURN(CvResult cv, cross_validate(loaded.data, fit, {.folds = cv_folds}));
    fitted.model.training.cv_auc = cv.fold_auc;
    fitted.model.training.cv_auc_mean = cv.mean_auc;
    fitted.model.training.cv_seed = 42;
  }
  fitted.model.author = input.author;
  return register_model(registry, input, std::move(fitted.model));
}

Result<nlohmann::json> stability_report(LabRegistry& registry, const std::string& model_id,
                                        const std::string& sample_id) {
  RX_ASSIGN_OR_RETURN(ModelRecord record, registry.model(model_id));
  RX_ASSIGN_OR_RETURN(Model model, parse_model(record.model));
  std::vector<double> scores[2];
  Dataset current;
  const std::string ids[2] = {record.sample_id, sample_id};
  for (int i = 0; i < 2; ++i) {
    RX_ASSIGN_OR_RETURN(SampleRecord sample, registry.sample(ids[i]));
    RX_ASSIGN_OR_RETURN(LoadedDataset loaded, dataset_of(sample.content,
                                                         {.types = model.variable_types(),
                                                          .drop_uninformative = false,
                                                          .require_both_classes = false},
                                                         sample.name));
    RX_ASSIGN_OR_RETURN(scores[i], predict_pd(model, loaded.data));
    if (model.algorithm == Algorithm::kScorecard)
      for (double& p : scores[i]) {
        const double q = std::clamp(p, 1e-12, 1 - 1e-12);
        p = model.scorecard.scaling.score_from_log_odds_bad(std::log(q / (1 - q)));
      }
    if (i == 1) current = std::move(loaded.data);
  }
  const double index = psi(scores[0], scores[1]);
  nlohmann::json csi = nlohmann::json::object();
  if (model.algorithm == Algorithm::kScorecard) {
    RX_ASSIGN_OR_RETURN(auto variables, characteristic_stability(model.scorecard, current));
    for (const VariableStability& v : variables)
      csi[v.variable] = {{"csi", v.csi}, {"alarm", stability_alarm_name(stability_alarm(v.csi))}};
  }
  return nlohmann::json{{"model_id", record.id},
                        {"baseline_sample_id", record.sample_id},
                        {"sample_id", sample_id},
                        {"rows", current.rows()},
                        {"psi", index},
                        {"psi_alarm", stability_alarm_name(stability_alarm(index))},
                        {"csi", csi}};
}

}  // namespace rx::lab
