// The model lab's workflows over the registry, shared by the CLI and the API: import a sample
// (validated as a dataset first, so a bad file is rejected with its row and column and nothing
// is stored), fit a model on a registered sample, or register a model fitted elsewhere. Every
// registered model carries its evaluation report on its own sample.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "lab/model.h"
#include "lab/registry.h"

namespace rx::lab {

struct SampleInput {
  std::string name = {};
  std::string source = "import";
  std::string description = {};
  std::string target = {};
  std::string bad_value = {};
  std::string created_by = {};
  std::string csv = {};
};
Result<SampleRecord> import_sample(LabRegistry& registry, SampleInput input);

struct ModelInput {
  std::string sample_id = {};
  std::string name = {};
  std::string scenario = "general";
  std::string author = {};
  bool champion = false;
};

// Fits `fit` on the sample (with stratified `cv_folds`-fold cross-validation when > 1).
Result<ModelRecord> fit_and_register(LabRegistry& registry, const ModelInput& input,
                                     const FitOptions& fit, int cv_folds);

// Registers a model fitted elsewhere (rongxin lab fit), evaluated on the sample.
Result<ModelRecord> register_model(LabRegistry& registry, const ModelInput& input, Model model);

// Stability of a registered model on another sample (a later population) against its own:
// {model_id, baseline_sample_id, sample_id, rows, psi, psi_alarm, csi: {variable: {csi, alarm}}}
// with alarms stable (< 0.10), watch (< 0.25), act. PSI compares the scores of the two samples
// (probabilities of bad for models without a scorecard), CSI the scorecard's bins.
Result<nlohmann::json> stability_report(LabRegistry& registry, const std::string& model_id,
                                        const std::string& sample_id);

}  // namespace rx::lab
