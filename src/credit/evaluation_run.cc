#include "credit/evaluation_run.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/id.h"
#include "credit/panel_repository.h"
#include "credit/scenario.h"

namespace rx::credit {
namespace {

// "general-model v1" or "general: A v1; sci_tech: B v2" when scenarios have their own.
std::string scorecards_text(const RunOptions& options) {
  if (options.scenario_scorers.empty()) return options.scorer ? options.scorer->id() : "";
  std::string out = options.scorer ? "general: " + options.scorer->id() : "";
  for (const auto& [scenario, s] : options.scenario_scorers)
    out += (out.empty() ? "" : "; ") + scenario + ": " + s->id();
  return out;
}

// Each firm's scorer: its industry's scenario champion, else the general one.
std::vector<const RowScorer*> scorers_by_industry(const EnterpriseList& firms,
                                                  const RunOptions& options) {
  std::vector<const RowScorer*> out(firms.usccs.size(), options.scorer);
  if (options.scenario_scorers.empty()) return out;
  for (size_t i = 0; i < out.size(); ++i) {
    auto scenario = options.scenario_scorers.find(scenario_of(firms.industries[i]));
    if (scenario != options.scenario_scorers.end()) out[i] = scenario->second;
  }
  return out;
}

}  // namespace

PanelEvaluation evaluate_panel(const Panel& panel, const IndicatorLibrary& library,
                               const CompositeModel& model, const RowScorer* scorer,
                               std::span<const RowScorer* const> row_scorers) {
  PanelEvaluation out;
  out.indicators = compute_indicators(library, panel);
  out.composite.resize(static_cast<size_t>(panel.size()));
  const bool any = scorer || std::any_of(row_scorers.begin(), row_scorers.end(),
                                         [](const RowScorer* r) { return r != nullptr; });
  if (any) out.scorecard.resize(static_cast<size_t>(panel.size()));
  tbb::parallel_for(tbb::blocked_range<int64_t>(0, panel.size(), 512),
                    [&](const tbb::blocked_range<int64_t>& range) {
                      for (int64_t e = range.begin(); e != range.end(); ++e) {
                        const auto row = out.indicators.row(e);
                        out.composite[static_cast<size_t>(e)] = evaluate_composite(model, row);
                        const RowScorer* s =
                            row_scorers.empty() ? scorer : row_scorers[static_cast<size_t>(e)];
                        if (s) out.scorecard[static_cast<size_t>(e)] = s->score(row);
                      }
                    });
  return out;
}

RunRecord new_run(const IndicatorLibrary& library, const CompositeModel& model,
                  const RunOptions& options, const Clock& clock, Random& random) {
  return {.id = options.run_id.empty() ? new_uuid_v7(clock, random) : options.run_id,
          .as_of = month_text(options.as_of),
          .library_version = library.version,
          .model_version = model.version,
          .scorecard = scorecards_text(options),
          .status = "running",
          .started_at = micros(clock.now()),
          .finished_at = std::nullopt};
}

Result<RunRecord> record_run(store::Database& db, const IndicatorLibrary& library,
                             const CompositeModel& model, const RunOptions& options,
                             const Clock& clock, Random& random) {
  RunRecord run = new_run(library, model, options, clock, random);
  RX_RETURN_IF_ERROR(db.write([&](store::Session& s) { return insert_run(s, run); }));
  return run;
}

Result<RunRecord> run_evaluation(store::Database& db, const catalog::Catalog& catalog,
                                 const IndicatorLibrary& library, const CompositeModel& model,
                                 const RunOptions& options, const Clock& clock, Random& random) {
  RunRecord run = new_run(library, model, options, clock, random);
  if (!options.run_recorded)
    RX_RETURN_IF_ERROR(db.write([&](store::Session& s) { return insert_run(s, run); }));
  EnterpriseList firms;
  RX_RETURN_IF_ERROR(db.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(firms, list_enterprises(s, last_day_of(options.as_of)));
    return Status::ok();
  }));
  const std::vector<const RowScorer*> scorers = scorers_by_industry(firms, options);
  const int months = library.months_needed();
  std::map<std::string, int64_t, std::less<>> grades;
  Status status;
  const int64_t total = static_cast<int64_t>(firms.usccs.size());
  for (int64_t start = 0; start < total && status.is_ok(); start += options.chunk_size) {
    const size_t first = static_cast<size_t>(start);
    const size_t count = static_cast<size_t>(std::min(options.chunk_size, total - start));
    const auto chunk = std::span<const std::string>(firms.usccs).subspan(first, count);
    const auto chunk_scorers = std::span<const RowScorer* const>(scorers).subspan(first, count);
    std::optional<Panel> panel;
    status = db.read([&](store::Session& s) -> Status {
      RX_ASSIGN_OR_RETURN(panel, load_panel(s, catalog, library, chunk, options.as_of, months));
      return Status::ok();
    });
    if (!status.is_ok()) break;
    const PanelEvaluation result =
        evaluate_panel(*panel, library, model, options.scorer, chunk_scorers);
    std::vector<StoredEvaluation> rows(chunk.size());
    for (size_t i = 0; i < chunk.size(); ++i) {
      const CompositeResult& c = result.composite[i];
      const auto& scored = result.scorecard.empty() ? std::nullopt : result.scorecard[i];
      rows[i] = {
          .uscc = chunk[i],
          .as_of = run.as_of,
          .run_id = run.id,
          .score = c.score,
          .grade = std::string(c.grade),
          .scorecard_score = scored ? std::optional(scored->score) : std::nullopt,
          .detail = detail_json(library, model, result.indicators.row(static_cast<int64_t>(i)), c,
                                scored, chunk_scorers[i] ? chunk_scorers[i]->id() : "")};
      ++grades[rows[i].grade];
    }
    status = db.write([&](store::Session& s) { return store_evaluations(s, rows); });
    if (options.progress) options.progress(start + static_cast<int64_t>(chunk.size()), total);
  }
  run.status = status.is_ok() ? "done" : "failed";
  run.enterprises = total;
  run.grades = nlohmann::json(grades).dump();
  run.finished_at = micros(clock.now());
  RX_RETURN_IF_ERROR(db.write([&](store::Session& s) { return finish_run(s, run); }));
  if (!status.is_ok()) return status;
  return run;
}

}  // namespace rx::credit
