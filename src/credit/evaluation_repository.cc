#include "credit/evaluation_repository.h"

#include "store/sql_batch.h"

namespace rx::credit {
namespace {

using store::Rows;
using store::Value;

constexpr const char* kRunColumns =
    "id, as_of, library_version, model_version, scorecard, status, enterprises, grades, "
    "started_at, finished_at";

RunRecord run_of(const store::Row& r) {
  RunRecord run{.id = r.text(0),
                .as_of = r.text(1),
                .library_version = r.integer(2),
                .model_version = r.text(3),
                .scorecard = r.is_null(4) ? "" : r.text(4),
                .status = r.text(5),
                .enterprises = r.integer(6),
                .grades = r.text(7),
                .started_at = r.integer(8),
                .finished_at = r.maybe_integer(9)};
  return run;
}

constexpr size_t kRowsPerInsert = 100;

}  // namespace

Status insert_run(store::Session& s, const RunRecord& run) {
  return s
      .execute("INSERT INTO credit_runs (" + std::string(kRunColumns) +
                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {Value(run.id), Value(run.as_of), Value(run.library_version),
                Value(run.model_version), run.scorecard.empty() ? Value() : Value(run.scorecard),
                Value(run.status), Value(run.enterprises), Value(run.grades), Value(run.started_at),
                store::nullable(run.finished_at)})
      .status();
}

Status finish_run(store::Session& s, const RunRecord& run) {
  return s
      .execute(
          "UPDATE credit_runs SET status = ?, enterprises = ?, grades = ?, finished_at = ? "
          "WHERE id = ?",
          {Value(run.status), Value(run.enterprises), Value(run.grades),
           store::nullable(run.finished_at), Value(run.id)})
      .status();
}

Result<std::vector<RunRecord>> list_runs(store::Session& s, int limit) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT " + std::string(kRunColumns) +
                                             " FROM credit_runs ORDER BY seq DESC LIMIT ?",
                                         {Value(int64_t{limit})}));
  std::vector<RunRecord> out;
  for (const store::Row& r : rows) out.push_back(run_of(r));
  return out;
}

Status store_evaluations(store::Session& s, const std::vector<StoredEvaluation>& rows) {
  for (size_t start = 0; start < rows.size(); start += kRowsPerInsert) {
    const size_t end = std::min(rows.size(), start + kRowsPerInsert);
    std::string remove = "DELETE FROM credit_evaluations WHERE as_of = ? AND uscc IN (";
    std::string insert =
        "INSERT INTO credit_evaluations (uscc, as_of, run_id, score, grade, scorecard_score, "
        "detail) VALUES ";
    std::vector<Value> keys{Value(rows[start].as_of)}, values;
    for (size_t i = start; i < end; ++i) {
      const StoredEvaluation& e = rows[i];
      remove += i == start ? "?" : ", ?";
      keys.push_back(Value(e.uscc));
      insert += i == start ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)";
      for (Value v : {Value(e.uscc), Value(e.as_of), Value(e.run_id), Value(e.score),
                      Value(e.grade), store::nullable(e.scorecard_score), Value(e.detail)})
        values.push_back(std::move(v));
    }
    RX_RETURN_IF_ERROR(s.execute(remove + ")", keys).status());
    RX_RETURN_IF_ERROR(s.execute(insert, values).status());
  }
  return Status::ok();
}

Result<std::optional<StoredEvaluation>> find_evaluation(store::Session& s, const std::string& uscc,
                                                        const std::string& as_of) {
  const std::string columns =
      "SELECT uscc, as_of, run_id, score, grade, scorecard_score, detail FROM "
      "credit_evaluations WHERE uscc = ?";
  RX_ASSIGN_OR_RETURN(
      Rows rows, as_of.empty() ? s.query(columns + " ORDER BY as_of DESC LIMIT 1", {Value(uscc)})
                               : s.query(columns + " AND as_of = ?", {Value(uscc), Value(as_of)}));
  if (rows.empty()) return std::optional<StoredEvaluation>();
  const store::Row& r = rows[0];
  StoredEvaluation e{.uscc = r.text(0),
                     .as_of = r.text(1),
                     .run_id = r.text(2),
                     .score = r.real(3),
                     .grade = r.text(4),
                     .scorecard_score = r.maybe_real(5),
                     .detail = r.text(6)};
  return std::optional<StoredEvaluation>(std::move(e));
}

Result<std::vector<StoredEvaluation>> latest_evaluations(store::Session& s,
                                                         std::span<const std::string> usccs) {
  std::vector<StoredEvaluation> out;
  const std::vector<Value> keys(usccs.begin(), usccs.end());
  RX_RETURN_IF_ERROR(store::for_chunks(keys, [&](const std::string& marks, const auto& chunk) {
    RX_ASSIGN_OR_RETURN(
        Rows rows,
        s.query("SELECT e.uscc, e.as_of, e.run_id, e.score, e.grade, e.scorecard_score, e.detail "
                "FROM credit_evaluations e WHERE e.uscc IN (" +
                    marks +
                    ") AND e.as_of = (SELECT max(l.as_of) FROM credit_evaluations l "
                    "WHERE l.uscc = e.uscc)",
                chunk));
    for (const store::Row& r : rows)
      out.push_back({.uscc = r.text(0),
                     .as_of = r.text(1),
                     .run_id = r.text(2),
                     .score = r.real(3),
                     .grade = r.text(4),
                     .scorecard_score = r.maybe_real(5),
                     .detail = r.text(6)});
    return Status::ok();
  }));
  return out;
}

Result<std::vector<TrendPoint>> evaluation_trend(store::Session& s, const std::string& uscc) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT as_of, score, grade, scorecard_score FROM "
                                         "credit_evaluations WHERE uscc = ? ORDER BY as_of",
                                         {Value(uscc)}));
  std::vector<TrendPoint> out;
  for (const store::Row& r : rows) {
    out.push_back({.as_of = r.text(0),
                   .score = r.real(1),
                   .grade = r.text(2),
                   .scorecard_score = r.maybe_real(3)});
  }
  return out;
}

}  // namespace rx::credit
