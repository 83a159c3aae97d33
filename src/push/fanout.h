// Fan-out: turns what changed since the last pass into push events. Changes are ingestion
// batches that ended (ingest_batches, status complete or failed: a failed batch keeps the chunks
// it committed) and credit runs that ended (credit_runs, done or failed). For every subscription
// to an affected enterprise that was made before the change ended and whose authorization is in
// force now and covers the category (consent::kEvaluationScope for evaluations) and the record's
// month, one event is stored:
//   data_changed        {uscc, category, batch_id, records: [present_record(...)]}: the batch's
//                       current records of the enterprise, desensitized where the authorization's
//                       field scope does not reach
//   evaluation_changed  {uscc, as_of, run_id, score, grade, previous_as_of, previous_grade}
// and recorded as a data access (action "push") in the same transaction.
//
// Exactly once: each source keeps a cursor in push_cursors (every seq at or below it is done)
// and the seqs done beyond it (push_fanned_out: a long batch still running does not hold back
// those that finished after it started), advanced in the transaction that stores the events. A
// batch or run still "running" a day after it started is taken as abandoned and skipped. The
// cursor row is locked first, so concurrent passes (several API nodes) wait for each other.
#pragma once

#include <cstdint>

#include "catalog/catalog.h"
#include "core/clock.h"
#include "core/status.h"
#include "store/database.h"

namespace rx::push {

struct FanoutStats {
  int64_t batches = 0;  // batches and runs taken from the sources in this pass
  int64_t runs = 0;
  int64_t events = 0;  // events stored
};

// One pass over both sources (at most `max_per_source` changes each). Safe to call from any
// number of threads and processes.
Result<FanoutStats> fan_out(store::Database& db, const catalog::Catalog& catalog,
                            const Clock& clock, Random& random, int max_per_source = 100);

}  // namespace rx::push
