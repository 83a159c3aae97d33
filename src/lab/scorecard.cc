#include "lab/scorecard.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "lab/metrics.h"

namespace rx::lab {

double Scaling::factor() const {
  return pdo / std::log(2.0);
}
double Scaling::offset() const {
  return base_score - factor() * std::log(base_odds);
}
double Scaling::score_from_log_odds_bad(double log_odds_bad) const {
  return offset() - factor() * log_odds_bad;
}
double Scaling::pd_from_score(double score) const {
  return 1.0 / (1.0 + std::exp((score - offset()) / factor()));
}

double ScorecardVariable::max_points() const {
  return points.empty() ? 0 : *std::max_element(points.begin(), points.end());
}

void Scorecard::compute_points() {
  const double n = static_cast<double>(variables.size());
  const double factor = scaling.factor(), offset = scaling.offset();
  for (ScorecardVariable& v : variables) {
    v.points.clear();
    for (const Bin& b : v.binning.bins)
      v.points.push_back(-(v.coefficient * b.woe + intercept / n) * factor + offset / n);
  }
}

Result<ScorecardFit> fit_scorecard(const Dataset& data, const ScorecardOptions& o) {
  const size_t p = data.columns.size();
  std::vector<Result<VariableBinning>> binned(p, Result<VariableBinning>(internal_error("unset")));
  tbb::parallel_for(size_t{0}, p, [&](size_t j) {
    binned[j] = bin_variable(data.columns[j], data.target, o.binning);
  });
  ScorecardFit out;
  std::vector<std::vector<double>> woe(p);
  for (size_t j = 0; j < p; ++j) {
    if (!binned[j].is_ok()) return binned[j].status();
    out.candidates.push_back(std::move(binned[j]).value());
  }
  tbb::parallel_for(size_t{0}, p, [&](size_t j) {
    std::vector<int> bins = out.candidates[j].assign(data.columns[j]);
    woe[j].resize(bins.size());
    for (size_t r = 0; r < bins.size(); ++r)
      woe[j][r] = out.candidates[j].bins[static_cast<size_t>(bins[r])].woe;
  });
  Selection selection = select_variables(out.candidates, woe, o.selection);
  for (const std::string& d : selection.dropped) out.warnings.push_back("dropped " + d);
  std::vector<size_t> kept = selection.kept;
  for (;;) {
    if (kept.empty())
      return invalid_argument("no variable has enough information value (IV >= " +
                              std::to_string(o.selection.min_iv) + ") to build a scorecard");
    const Eigen::Index n = static_cast<Eigen::Index>(data.rows());
    Eigen::MatrixXd x(n, static_cast<Eigen::Index>(kept.size()));
    std::vector<std::string> names;
    for (size_t k = 0; k < kept.size(); ++k) {
      x.col(static_cast<Eigen::Index>(k)) =
          Eigen::Map<const Eigen::VectorXd>(woe[kept[k]].data(), n);
      names.push_back(out.candidates[kept[k]].name);
    }
    RX_ASSIGN_OR_RETURN(LogisticFit fit, fit_logistic(x, data.target, o.logistic, names));
    // WOE = ln(good/bad) so a credible coefficient on the log-odds of bad is negative.
    Eigen::Index worst = 0;
    const double largest = fit.beta.maxCoeff(&worst);
    if (largest >= 0 && kept.size() > 1) {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.4f", largest);
      out.warnings.push_back("dropped " + names[static_cast<size_t>(worst)] + ": coefficient " +
                             buffer + " has the wrong sign next to the other variables");
      kept.erase(kept.begin() + worst);
      continue;
    }
    out.card = Scorecard{};
    out.card.intercept = fit.intercept;
    out.card.scaling = o.scaling;
    for (size_t k = 0; k < kept.size(); ++k)
      out.card.variables.push_back(
          {out.candidates[kept[k]], fit.beta[static_cast<Eigen::Index>(k)], {}});
    out.card.compute_points();
    return out;
  }
}

Result<std::vector<std::vector<int>>> assign_bins(const Scorecard& card, const Dataset& data) {
  std::vector<const Column*> columns;
  for (const ScorecardVariable& v : card.variables) {
    const Column* c = data.find(v.binning.name);
    if (!c) return invalid_argument("the data have no column \"" + v.binning.name + "\"");
    if (c->type != v.binning.type)
      return invalid_argument("column \"" + v.binning.name + "\" is " +
                              std::string(column_type_name(c->type)) + " in the data but " +
                              std::string(column_type_name(v.binning.type)) + " in the model");
    columns.push_back(c);
  }
  std::vector<std::vector<int>> out(columns.size());
  tbb::parallel_for(size_t{0}, columns.size(),
                    [&](size_t j) { out[j] = card.variables[j].binning.assign(*columns[j]); });
  return out;
}

Result<Scored> score_dataset(const Scorecard& card, const Dataset& data) {
  RX_ASSIGN_OR_RETURN(auto bins, assign_bins(card, data));
  Scored s;
  const size_t n = data.rows();
  s.score.assign(n, 0.0);
  for (size_t j = 0; j < bins.size(); ++j)
    for (size_t r = 0; r < n; ++r)
      s.score[r] += card.variables[j].points[static_cast<size_t>(bins[j][r])];
  s.pd.resize(n);
  for (size_t r = 0; r < n; ++r) s.pd[r] = card.scaling.pd_from_score(s.score[r]);
  return s;
}

std::vector<ReasonCode> reason_codes(const Scorecard& card,
                                     const std::vector<std::vector<int>>& bins, size_t row,
                                     size_t k) {
  std::vector<ReasonCode> all;
  for (size_t j = 0; j < card.variables.size(); ++j) {
    const ScorecardVariable& v = card.variables[j];
    const size_t b = static_cast<size_t>(bins[j][row]);
    const double lost = v.max_points() - v.points[b];
    if (lost > 1e-9) all.push_back({v.binning.name, v.binning.bins[b].label(v.binning.type), lost});
  }
  std::stable_sort(all.begin(), all.end(), [](const ReasonCode& a, const ReasonCode& b) {
    return a.points_lost > b.points_lost;
  });
  if (all.size() > k) all.resize(k);
  return all;
}

Result<std::vector<VariableStability>> characteristic_stability(const Scorecard& card,
                                                                const Dataset& data) {
  RX_ASSIGN_OR_RETURN(auto bins, assign_bins(card, data));
  std::vector<VariableStability> out;
  for (size_t j = 0; j < bins.size(); ++j) {
    const VariableBinning& b = card.variables[j].binning;
    std::vector<double> expected, actual(b.bins.size(), 0.0);
    for (const Bin& bin : b.bins) expected.push_back(bin.good + bin.bad);
    for (int i : bins[j]) actual[static_cast<size_t>(i)] += 1;
    out.push_back({b.name, stability_index(expected, actual)});
  }
  return out;
}

}  // namespace rx::lab
