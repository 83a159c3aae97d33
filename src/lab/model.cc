#include "lab/model.h"

#include "lab/metrics.h"

namespace rx::lab {

std::string_view algorithm_name(Algorithm a) {
  return a == Algorithm::kScorecard ? "scorecard" : "xgboost";
}

Result<Algorithm> parse_algorithm(std::string_view name) {
  if (name == "scorecard") return Algorithm::kScorecard;
  if (name == "xgboost") return Algorithm::kXgboost;
  return invalid_argument("unknown algorithm \"" + std::string(name) + "\" (scorecard or xgboost)");
}

std::map<std::string, ColumnType, std::less<>> Model::variable_types() const {
  std::map<std::string, ColumnType, std::less<>> out;
  if (algorithm == Algorithm::kScorecard)
    for (const ScorecardVariable& v : scorecard.variables) out[v.binning.name] = v.binning.type;
  else
    for (const XgbFeature& f : xgboost.features) out[f.name] = f.type;
  return out;
}

Result<FittedModel> fit_model(const Dataset& data, const FitOptions& options) {
  FittedModel out;
  Model& m = out.model;
  m.algorithm = options.algorithm;
  m.target = data.target_name;
  m.bad_value = data.bad_value;
  if (options.algorithm == Algorithm::kScorecard) {
    RX_ASSIGN_OR_RETURN(ScorecardFit fit, fit_scorecard(data, options.scorecard));
    m.scorecard = std::move(fit.card);
    out.warnings = std::move(fit.warnings);
  } else {
    RX_ASSIGN_OR_RETURN(m.xgboost, fit_xgboost(data, options.xgboost));
  }
  RX_ASSIGN_OR_RETURN(std::vector<double> pd, predict_pd(m, data));
  m.training.rows = static_cast<int64_t>(data.rows());
  m.training.bad = data.bad_count();
  m.default_cutoff = double(m.training.bad) / double(std::max<int64_t>(m.training.rows, 1));
  const RankSummary ranks = rank_summary(pd, data.target);
  m.training.auc = ranks.auc;
  m.training.ks = ranks.ks.ks;
  m.training.gini = gini_from_auc(m.training.auc);
  return out;
}

Result<std::vector<double>> predict_pd(const Model& model, const Dataset& data) {
  if (model.algorithm == Algorithm::kXgboost) return predict_xgboost(model.xgboost, data);
  RX_ASSIGN_OR_RETURN(Scored s, score_dataset(model.scorecard, data));
  return std::move(s.pd);
}

}  // namespace rx::lab
