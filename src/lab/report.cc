#include "lab/report.h"

#include <algorithm>
#include <cmath>

#include "lab/metrics.h"
#include "lab/scorecard.h"

namespace rx::lab {
namespace {

using nlohmann::json;

json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

// Scores in 20 equal-width bins between the lowest and highest, good and bad counted apart.
json score_distribution(const std::vector<double>& score, const std::vector<uint8_t>& bad) {
  json out = json::array();
  if (score.empty()) return out;
  const auto [lo, hi] = std::minmax_element(score.begin(), score.end());
  constexpr int kBins = 20;
  const double width = std::max((*hi - *lo) / kBins, 1e-9);
  std::vector<int64_t> good_n(kBins), bad_n(kBins);
  for (size_t i = 0; i < score.size(); ++i) {
    const int b = std::min(kBins - 1, static_cast<int>((score[i] - *lo) / width));
    (bad[i] ? bad_n : good_n)[static_cast<size_t>(b)]++;
  }
  for (int b = 0; b < kBins; ++b)
    out.push_back({{"from", *lo + b * width},
                   {"to", *lo + (b + 1) * width},
                   {"good", good_n[static_cast<size_t>(b)]},
                   {"bad", bad_n[static_cast<size_t>(b)]}});
  return out;
}

}  // namespace

json evaluation_report(const Model& model, const Dataset& data, const std::vector<double>& pd) {
  const double a = auc(pd, data.target);
  const Ks ks = ks_statistic(pd, data.target);
  const Confusion c = confusion(pd, data.target, model.default_cutoff);
  json calibration = json::array();
  for (const CalibrationRow& r : calibration_table(pd, data.target))
    calibration.push_back({{"count", r.count},
                           {"mean_pd", r.mean_predicted},
                           {"observed_bad_rate", r.observed_rate}});
  json out = {{"algorithm", algorithm_name(model.algorithm)},
              {"rows", data.rows()},
              {"bad", data.bad_count()},
              {"auc", number(a)},
              {"ks", ks.ks},
              {"ks_at_pd", number(ks.threshold)},
              {"gini", number(gini_from_auc(a))},
              {"odds_convention", kOddsConvention},
              {"confusion",
               {{"cutoff_pd", c.cutoff},
                {"true_bad", c.true_bad},
                {"false_bad", c.false_bad},
                {"true_good", c.true_good},
                {"false_good", c.false_good},
                {"precision", c.precision()},
                {"recall", c.recall()},
                {"accuracy", c.accuracy()}}},
              {"calibration", calibration}};
  // ROC and KS curves for plotting: [fpr, tpr] and [share called bad, tpr - fpr].
  json roc = json::array(), ks_curve = json::array();
  const double n_bad = double(data.bad_count()), n = double(data.rows());
  for (const RocPoint& p : roc_curve(pd, data.target, 200)) {
    roc.push_back({p.fpr, p.tpr});
    ks_curve.push_back({(p.tpr * n_bad + p.fpr * (n - n_bad)) / n, p.tpr - p.fpr});
  }
  out["roc"] = roc;
  out["ks_curve"] = ks_curve;
  if (model.algorithm == Algorithm::kScorecard) {
    auto csi = characteristic_stability(model.scorecard, data);
    if (csi.is_ok()) {
      json vars = json::object();
      for (const VariableStability& v : *csi)
        vars[v.variable] = {{"csi", v.csi},
                            {"alarm", stability_alarm_name(stability_alarm(v.csi))}};
      out["csi"] = vars;
    }
    const double ks_score = std::isfinite(ks.threshold) && ks.threshold > 0 && ks.threshold < 1
                                ? model.scorecard.scaling.score_from_log_odds_bad(
                                      std::log(ks.threshold / (1 - ks.threshold)))
                                : NAN;
    out["ks_at_score"] = number(ks_score);
  }
  // Scorecards: the distribution of scores; other models: of the probability of bad.
  std::vector<double> values(pd);
  if (model.algorithm == Algorithm::kScorecard)
    for (double& v : values) {
      const double p = std::clamp(v, 1e-12, 1 - 1e-12);
      v = model.scorecard.scaling.score_from_log_odds_bad(std::log(p / (1 - p)));
    }
  out["distribution_of"] = model.algorithm == Algorithm::kScorecard ? "score" : "pd";
  out["score_distribution"] = score_distribution(values, data.target);
  return out;
}

}  // namespace rx::lab
