// A fitted model of either algorithm, and the one pipeline that fits and applies it
// (used by the CLI and by cross-validation alike).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "lab/dataset.h"
#include "lab/scorecard.h"
#include "lab/xgboost_model.h"

namespace rx::lab {

enum class Algorithm { kScorecard, kXgboost };
std::string_view algorithm_name(Algorithm a);
Result<Algorithm> parse_algorithm(std::string_view name);

struct TrainingMetrics {
  int64_t rows = 0, bad = 0;
  double auc = 0, ks = 0, gini = 0;
  std::vector<double> cv_auc;  // per fold, when cross-validated
  double cv_auc_mean = 0;
  uint64_t cv_seed = 0;
};

struct Model {
  Algorithm algorithm = Algorithm::kScorecard;
  std::string target, bad_value;
  // PD at or above which a row is called bad by default: the training bad rate.
  double default_cutoff = 0.5;
  Scorecard scorecard;  // kScorecard
  XgbModel xgboost;     // kXgboost
  TrainingMetrics training;
  std::string created_at, author;  // set by the caller (the clock is not ours to read)

  // The type of every input column the model reads.
  std::map<std::string, ColumnType, std::less<>> variable_types() const;
};

struct FitOptions {
  Algorithm algorithm = Algorithm::kScorecard;
  ScorecardOptions scorecard;
  XgbParams xgboost;
};

struct FittedModel {
  Model model;
  std::vector<std::string> warnings;
};

// Fits on all of `data` and fills the training metrics (not the cross-validation ones).
Result<FittedModel> fit_model(const Dataset& data, const FitOptions& options);
// P(bad) for every row of `data`.
Result<std::vector<double>> predict_pd(const Model& model, const Dataset& data);

}  // namespace rx::lab
