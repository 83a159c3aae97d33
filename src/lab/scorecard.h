// Scorecards: logistic regression on WOE-binned variables, scaled to points.
//
// Scaling (odds convention good:bad; a higher score means lower risk):
//   factor = pdo / ln 2,  offset = base_score - factor * ln(base_odds)
//   score  = offset + factor * ln(odds good:bad) = offset - factor * (alpha + sum_j beta_j WOE_j)
// so a score of base_score means odds of base_odds good to 1 bad, and every pdo points double
// the odds. With n variables, the points of bin i of variable j are
//   points_ij = -(beta_j * WOE_ij + alpha / n) * factor + offset / n
// and a row's score is the sum of its bins' points.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "lab/binning.h"
#include "lab/dataset.h"
#include "lab/logistic.h"

namespace rx::lab {

inline constexpr const char* kOddsConvention = "good:bad";

struct Scaling {
  double base_score = 600;
  double base_odds = 50;  // good:bad
  double pdo = 20;
  double factor() const;
  double offset() const;
  double score_from_log_odds_bad(double log_odds_bad) const;  // offset - factor * log_odds_bad
  double pd_from_score(double score) const;
};

struct ScorecardVariable {
  VariableBinning binning;
  double coefficient = 0;      // beta_j, on WOE
  std::vector<double> points;  // one per bin of `binning`
  double max_points() const;
};

struct Scorecard {
  double intercept = 0;  // alpha
  Scaling scaling;
  std::vector<ScorecardVariable> variables;

  // Recomputes every variable's points from coefficients, WOE and scaling.
  void compute_points();
};

struct ScorecardOptions {
  BinningOptions binning;
  SelectionOptions selection;
  LogisticOptions logistic;
  Scaling scaling;
};

struct ScorecardFit {
  Scorecard card;
  std::vector<VariableBinning> candidates;  // every variable's binning, kept or not
  std::vector<std::string> warnings;        // dropped variables and why
};

// Bins every column (in parallel), selects variables, fits the regression and scales it.
// A variable whose coefficient comes out >= 0 (against its own WOE, so not credible) is
// dropped with a warning and the regression refitted. Errors: no variable survives selection,
// or the regression fails.
Result<ScorecardFit> fit_scorecard(const Dataset& data, const ScorecardOptions& options = {});

struct Scored {
  std::vector<double> score;  // points, higher = safer
  std::vector<double> pd;     // probability of bad
};

// Bin index per row for each variable (outer: variables). Errors when a variable's column is
// absent or of another type.
Result<std::vector<std::vector<int>>> assign_bins(const Scorecard& card, const Dataset& data);
Result<Scored> score_dataset(const Scorecard& card, const Dataset& data);

struct ReasonCode {
  std::string variable;
  std::string bin;
  double points_lost = 0;  // the variable's maximum points minus the row's points
};
// The `k` variables whose points fall furthest below their maximum for one row (bins as given
// by assign_bins), largest loss first; variables at their maximum are not reasons.
std::vector<ReasonCode> reason_codes(const Scorecard& card,
                                     const std::vector<std::vector<int>>& bins, size_t row,
                                     size_t k = 3);

struct VariableStability {
  std::string variable;
  double csi = 0;  // stability_index of training bin counts vs the data's
};
// CSI per scorecard variable between training (bin counts in the model) and `data`.
Result<std::vector<VariableStability>> characteristic_stability(const Scorecard& card,
                                                                const Dataset& data);

}  // namespace rx::lab
