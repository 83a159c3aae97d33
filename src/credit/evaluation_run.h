// The batch evaluation: every enterprise's indicators, composite evaluation and (optionally)
// scorecard score for one month. Enterprises are processed in chunks (load a Panel, compute in
// parallel, store), so memory is bounded by the chunk size, not the city.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "catalog/catalog.h"
#include "core/clock.h"
#include "credit/composite.h"
#include "credit/evaluation.h"
#include "credit/evaluation_repository.h"
#include "credit/indicators.h"
#include "store/database.h"

namespace rx::credit {

struct PanelEvaluation {
  IndicatorTable indicators;
  std::vector<CompositeResult> composite;
  std::vector<std::optional<ScorecardResult>> scorecard;  // empty without a scorer
};

// Pure and parallel (oneTBB). `scorer` may be null. When `row_scorers` is not empty it gives
// each enterprise's scorer (null: none) and `scorer` is ignored.
PanelEvaluation evaluate_panel(const Panel& panel, const IndicatorLibrary& library,
                               const CompositeModel& model, const RowScorer* scorer,
                               std::span<const RowScorer* const> row_scorers = {});

struct RunOptions {
  MonthIndex as_of{};
  int64_t chunk_size = 20000;
  const RowScorer* scorer = nullptr;  // the general scenario's
  // Scorers of the other scenarios (sci_tech, trade, shipping): a firm whose industry belongs to
  // one of them gets that scorer, every other firm `scorer`.
  std::map<std::string, const RowScorer*, std::less<>> scenario_scorers;
  std::function<void(int64_t done, int64_t total)> progress;
  std::string run_id;         // empty: a new UUIDv7
  bool run_recorded = false;  // the caller already inserted the "running" row (record_run)
};

// The "running" row of a run about to start, so that it is listed before it starts.
Result<RunRecord> record_run(store::Database& db, const IndicatorLibrary& library,
                             const CompositeModel& model, const RunOptions& options,
                             const Clock& clock, Random& random);

// Evaluates every enterprise registered by the end of the month and records the run. Each chunk is
// written in its own transaction; a failure marks the run "failed" and leaves earlier months
// untouched.
Result<RunRecord> run_evaluation(store::Database& db, const catalog::Catalog& catalog,
                                 const IndicatorLibrary& library, const CompositeModel& model,
                                 const RunOptions& options, const Clock& clock, Random& random);

}  // namespace rx::credit
