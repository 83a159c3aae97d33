// Runs batch evaluations in the background for the API: one at a time, each on its own thread,
// so an HTTP request only starts a run and polls it (credit_runs). The destructor waits for a
// running evaluation to finish: a run is never cut off half-written by a shutdown.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "credit/evaluation_run.h"

namespace rx::credit {

class EvaluationJobs {
 public:
  // Everything referenced must outlive this object.
  EvaluationJobs(store::Database& db, const catalog::Catalog& catalog,
                 const IndicatorLibrary& library, const CompositeModel& model, const Clock& clock,
                 Random& random);
  ~EvaluationJobs();

  // Starts evaluating month `as_of`; returns the run id at once. failed_precondition when a run
  // is already going.
  Result<std::string> start(MonthIndex as_of);

  const IndicatorLibrary& library() const { return library_; }
  const CompositeModel& model() const { return model_; }

 private:
  store::Database& db_;
  const catalog::Catalog& catalog_;
  const IndicatorLibrary& library_;
  const CompositeModel& model_;
  const Clock& clock_;
  Random& random_;
  std::mutex mutex_;  // guards worker_ and random_ while starting
  std::thread worker_;
  std::atomic<bool> running_{false};
};

}  // namespace rx::credit
