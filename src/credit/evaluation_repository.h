// Stores and reads evaluations (credit_evaluations) and evaluation runs (credit_runs).
// Re-evaluating a month replaces that month's rows; other months stay, so trends remain.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace rx::credit {

struct StoredEvaluation {
  std::string uscc;
  std::string as_of;  // "YYYY-MM"
  std::string run_id;
  double score{};
  std::string grade;
  std::optional<double> scorecard_score;
  std::string detail;  // JSON, see evaluation.h
};

struct RunRecord {
  std::string id;
  std::string as_of;
  int64_t library_version{};
  std::string model_version;
  std::string scorecard;  // empty when none was applied
  std::string status;     // "running", "done", "failed"
  int64_t enterprises{};
  std::string grades = "{}";  // JSON {"A": n, ...}
  int64_t started_at{};       // microseconds since the epoch
  std::optional<int64_t> finished_at;
};

Status insert_run(store::Session& s, const RunRecord& run);
Status finish_run(store::Session& s, const RunRecord& run);
Result<std::vector<RunRecord>> list_runs(store::Session& s, int limit);

// Replaces the rows of these enterprises for their month. REQUIRES: all share one as_of.
Status store_evaluations(store::Session& s, const std::vector<StoredEvaluation>& rows);

// The evaluation of `uscc` for `as_of`, or the latest month when as_of is empty.
Result<std::optional<StoredEvaluation>> find_evaluation(store::Session& s, const std::string& uscc,
                                                        const std::string& as_of);

// The latest evaluation of each of `usccs` that has one, in no particular order.
Result<std::vector<StoredEvaluation>> latest_evaluations(store::Session& s,
                                                         std::span<const std::string> usccs);

struct TrendPoint {
  std::string as_of;
  double score{};
  std::string grade;
  std::optional<double> scorecard_score;
};
// Every month evaluated for `uscc`, oldest first.
Result<std::vector<TrendPoint>> evaluation_trend(store::Session& s, const std::string& uscc);

}  // namespace rx::credit
