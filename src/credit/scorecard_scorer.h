// Applies a model-lab scorecard (rongxin lab fit on a platform sample, whose columns are
// indicator ids) to indicator rows: score, probability of bad and the top reason codes.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "credit/evaluation.h"
#include "credit/evaluation_run.h"
#include "credit/indicator_library.h"
#include "lab/model.h"
#include "store/database.h"

namespace rx::credit {

// Binds `model` to `library`: every scorecard variable must be a numeric indicator of the
// library (failed_precondition naming the first one that is not). Only scorecards: a
// gradient-boosted model has no points to give reasons with.
Result<std::unique_ptr<RowScorer>> make_scorecard_scorer(lab::Model model, std::string id,
                                                         const IndicatorLibrary& library);

// Reads the model file at `path` (its id is the file's name) and binds it.
Result<std::unique_ptr<RowScorer>> load_scorecard_scorer(const std::string& path,
                                                         const IndicatorLibrary& library);

// The registry's champion for `scenario` bound to `library`; null when there is none.
Result<std::unique_ptr<RowScorer>> champion_scorer(store::Database& db, const Clock& clock,
                                                   Random& random, std::string_view scenario,
                                                   const IndicatorLibrary& library);

// Every scenario's champion in the registry, bound to `library`: `general` scores firms of
// other scenarios that have no champion of their own. A champion whose variables are not
// indicators (a model fitted on some other data set) is skipped with a warning.
struct ChampionScorers {
  std::unique_ptr<RowScorer> general;
  std::map<std::string, std::unique_ptr<RowScorer>, std::less<>> scenarios;  // the others
  // Champions that cannot score firms (fitted on other data than the indicators): skipped.
  std::vector<std::string> warnings;
  // Points `options` at them (scorer and scenario_scorers).
  void apply_to(RunOptions& options) const;
};
Result<ChampionScorers> champion_scorers(store::Database& db, const Clock& clock, Random& random,
                                         const IndicatorLibrary& library);

}  // namespace rx::credit
