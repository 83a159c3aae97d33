#include "credit/evaluation_jobs.h"

#include "core/id.h"
#include "credit/scorecard_scorer.h"

namespace rx::credit {

EvaluationJobs::EvaluationJobs(store::Database& db, const catalog::Catalog& catalog,
                               const IndicatorLibrary& library, const CompositeModel& model,
                               const Clock& clock, Random& random)
    : db_(db),
      catalog_(catalog),
      library_(library),
      model_(model),
      clock_(clock),
      random_(random) {}

EvaluationJobs::~EvaluationJobs() {
  std::lock_guard lock(mutex_);
  if (worker_.joinable()) worker_.join();
}

Result<std::string> EvaluationJobs::start(MonthIndex as_of) {
  std::lock_guard lock(mutex_);
  if (running_) return failed_precondition("an evaluation is already running; wait for it");
  if (worker_.joinable()) worker_.join();
  // Each scenario's champion scorecard, where the registry has one.
  RX_ASSIGN_OR_RETURN(ChampionScorers champions, champion_scorers(db_, clock_, random_, library_));
  auto scorers = std::make_shared<ChampionScorers>(std::move(champions));
  RunOptions options;
  options.as_of = as_of;
  options.run_id = new_uuid_v7(clock_, random_);
  scorers->apply_to(options);
  RX_RETURN_IF_ERROR(record_run(db_, library_, model_, options, clock_, random_).status());
  options.run_recorded = true;
  running_ = true;
  worker_ = std::thread([this, options, scorers] {
    // The outcome is recorded in credit_runs (status done or failed) for the caller to poll.
    (void)run_evaluation(db_, catalog_, library_, model_, options, clock_, random_).status();
    running_ = false;
  });
  return options.run_id;
}

}  // namespace rx::credit
