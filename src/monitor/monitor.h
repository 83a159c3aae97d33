// Real-time use monitoring (实时监控信息使用情况): a ledger::SequenceObserver that, inside the
// sequencer's transaction, adds each batch of newly sequenced entries to the live counters
// (monitor_counts) and to the anomaly rules' windows (rules.h), raising alerts
// (monitor_alerts) with their evidence. Because it runs in that transaction, every entry is
// counted exactly once and a failure rolls the batch back with the sequencing.
//
// Cost per batch: O(batch) in memory, then one upsert per distinct counter row (in multi-row
// statements), and for each distinct (rule, who, window) a few indexed reads and writes.
#pragma once

#include <span>

#include "core/clock.h"
#include "ledger/ledger.h"
#include "monitor/rules.h"
#include "store/database.h"

namespace rx::monitor {

class Monitor final : public ledger::SequenceObserver {
 public:
  // REQUIRES: thresholds within the ranges parse_config checks. clock and random (alert ids, raise
  // times) must outlive the Monitor and be thread-safe.
  Monitor(Thresholds thresholds, const Clock& clock, Random& random);

  // Not thread-safe with itself: the ledger has a single sequencer.
  Status observe(store::Session& s, std::span<const ledger::SequencedEntry> batch) override;

  const Thresholds& thresholds() const { return thresholds_; }

 private:
  Thresholds thresholds_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace rx::monitor
