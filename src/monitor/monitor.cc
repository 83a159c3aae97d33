#include "monitor/monitor.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/id.h"
#include "monitor/counters.h"
#include "store/sql_batch.h"

namespace rx::monitor {
namespace {

using store::for_chunks;
using store::insert_rows;
using store::Rows;
using store::Session;
using store::Value;

constexpr int64_t kHourUs = 3'600'000'000;
// Windows without an alert are kept this long after they end (the longest window is a day).
constexpr int64_t kKeepWindowsUs = 48 * kHourUs;

struct Contribution {
  const ledger::SequencedEntry* sequenced;
};

struct Window {
  Hit hit;
  std::vector<Contribution> entries;  // in sequence order
};

using WindowKey = std::tuple<std::string, std::string, int64_t>;  // rule, who, start

Status add_counts(Session& s, const Counts& counts) {
  std::vector<Value> rows;
  rows.reserve(counts.size() * 7);
  for (const auto& [k, n] : counts) {
    rows.insert(rows.end(), {Value(k.dimension), Value(k.hour_start), Value(k.institution_id),
                             Value(k.item), Value(k.action), Value(k.outcome), Value(n)});
  }
  return insert_rows(s,
                     "INSERT INTO monitor_counts (dimension, hour_start, institution_id, item, "
                     "action, outcome, n)",
                     7, rows,
                     "ON CONFLICT (dimension, hour_start, institution_id, item, action, outcome) "
                     "DO UPDATE SET n = monitor_counts.n + excluded.n");
}

// Keeps only the entries that bring an enterprise new to the key's window, and records them.
Status keep_new_subjects(Session& s, Window& w) {
  std::vector<Contribution> fresh;
  std::set<std::string> seen;
  for (const Contribution& c : w.entries)
    if (seen.insert(c.sequenced->entry.subject).second) fresh.push_back(c);
  std::vector<Value> subjects;
  for (const std::string& subject : seen) subjects.emplace_back(subject);
  std::set<std::string> known;
  RX_RETURN_IF_ERROR(for_chunks(
      subjects, [&](const std::string& marks, const std::vector<Value>& chunk) -> Status {
        std::vector<Value> params{Value(w.hit.who), Value(w.hit.window_start)};
        params.insert(params.end(), chunk.begin(), chunk.end());
        RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT subject FROM monitor_key_subjects WHERE "
                                               "key_id = ? AND window_start = ? AND subject IN (" +
                                                   marks + ")",
                                               params));
        for (const store::Row& r : rows) known.insert(r.text(0));
        return Status::ok();
      }));
  std::erase_if(fresh,
                [&](const Contribution& c) { return known.contains(c.sequenced->entry.subject); });
  std::vector<Value> rows;
  for (const Contribution& c : fresh)
    rows.insert(rows.end(),
                {Value(w.hit.who), Value(w.hit.window_start), Value(c.sequenced->entry.subject)});
  RX_RETURN_IF_ERROR(
      insert_rows(s, "INSERT INTO monitor_key_subjects (key_id, window_start, subject)", 3, rows));
  w.entries = std::move(fresh);
  return Status::ok();
}

}  // namespace

Monitor::Monitor(Thresholds thresholds, const Clock& clock, Random& random)
    : thresholds_(std::move(thresholds)), clock_(clock), random_(random) {}

Status Monitor::observe(Session& s, std::span<const ledger::SequencedEntry> batch) {
  if (batch.empty()) return Status::ok();
  Counts counts;
  std::map<WindowKey, Window> windows;
  int64_t latest = micros(batch.front().entry.at);
  for (const ledger::SequencedEntry& se : batch) {
    count_entry(se.entry, counts);
    latest = std::max(latest, micros(se.entry.at));
    for (Hit& hit : hits_of(se.entry, thresholds_)) {
      WindowKey key{std::string(hit.rule), hit.who, hit.window_start};
      auto [it, added] = windows.try_emplace(std::move(key));
      if (added) it->second.hit = std::move(hit);
      it->second.entries.push_back({&se});
    }
  }
  RX_RETURN_IF_ERROR(add_counts(s, counts));

  const int64_t now = micros(clock_.now());
  std::vector<Value> evidence;
  for (auto& [key, w] : windows) {
    const Hit& hit = w.hit;
    const Value rule{std::string(hit.rule)}, who{hit.who}, start{hit.window_start};
    if (hit.rule == rule::kDistinctEnterprises) RX_RETURN_IF_ERROR(keep_new_subjects(s, w));
    if (w.entries.empty()) continue;
    RX_ASSIGN_OR_RETURN(Rows stored, s.query("SELECT n, threshold FROM monitor_windows WHERE "
                                             "rule = ? AND who = ? AND window_start = ?",
                                             {rule, who, start}));
    const int64_t before = stored.empty() ? 0 : stored[0].integer(0);
    int64_t threshold = 0;
    if (!stored.empty()) {
      threshold = stored[0].integer(1);
    } else if (hit.rule == rule::kVolume) {
      RX_ASSIGN_OR_RETURN(
          Rows base,
          s.query(
              "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM monitor_windows WHERE rule = ? AND "
              "who = ? AND window_start >= ? AND window_start < ?",
              {rule, who, hit.window_start - thresholds_.baseline_hours * kHourUs, start}));
      threshold = volume_threshold(base.at(0).integer(0), thresholds_);
    } else {
      threshold = fixed_threshold(hit.rule, thresholds_);
    }
    const auto added = static_cast<int64_t>(w.entries.size());
    const int64_t after = before + added;
    for (int64_t i = 0; i < added; ++i) {
      if (!keeps_evidence(hit.rule, before + i + 1, threshold, thresholds_)) continue;
      const ledger::SequencedEntry& se = *w.entries[static_cast<size_t>(i)].sequenced;
      evidence.insert(evidence.end(),
                      {rule, who, start, Value(static_cast<int64_t>(se.index)), Value(se.entry.id),
                       Value(se.entry.actor.key_id), Value(micros(se.entry.at))});
    }
    RX_RETURN_IF_ERROR(
        s.execute("INSERT INTO monitor_windows (rule, who, window_start, n, threshold) VALUES (?, "
                  "?, ?, ?, ?) ON CONFLICT (rule, who, window_start) DO UPDATE SET n = excluded.n",
                  {rule, who, start, Value(after), Value(threshold)})
            .status());
    if (after < threshold) continue;
    const ledger::SequencedEntry& last = *w.entries.back().sequenced;
    const Value last_index{static_cast<int64_t>(last.index)}, last_at{micros(last.entry.at)};
    if (before >= threshold) {
      RX_RETURN_IF_ERROR(
          s.execute("UPDATE monitor_alerts SET n = ?, last_index = ?, last_at = ?, "
                    "updated_at = ? WHERE rule = ? AND who = ? AND window_start = ?",
                    {Value(after), last_index, last_at, Value(now), rule, who, start})
              .status());
      continue;
    }
    const ledger::SequencedEntry& crossing =
        *w.entries[static_cast<size_t>(threshold - before - 1)].sequenced;
    RX_RETURN_IF_ERROR(
        s.execute(
             "INSERT INTO monitor_alerts (id, rule, who, institution_id, key_id, window_start, "
             "window_end, n, threshold, raised_index, raised_entry_at, last_index, last_at, "
             "raised_at, updated_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "'open')",
             {Value(new_uuid_v7(clock_, random_)), rule, who, Value(hit.institution_id),
              Value(hit.key_id), start, Value(hit.window_end), Value(after), Value(threshold),
              Value(static_cast<int64_t>(crossing.index)), Value(micros(crossing.entry.at)),
              last_index, last_at, Value(now), Value(now)})
            .status());
  }
  RX_RETURN_IF_ERROR(insert_rows(s,
                                 "INSERT INTO monitor_evidence (rule, who, window_start, "
                                 "leaf_index, entry_id, key_id, entry_at)",
                                 7, evidence));

  // Forget what no rule can still need: subjects of past distinct-enterprise windows, and
  // windows and evidence that raised nothing (volume windows stay for the baseline).
  const int64_t distinct_width = thresholds_.distinct_window_minutes * 60'000'000;
  RX_RETURN_IF_ERROR(s.execute("DELETE FROM monitor_key_subjects WHERE window_start < ?",
                               {Value(latest - 2 * distinct_width)})
                         .status());
  const Value horizon{latest - kKeepWindowsUs};
  RX_RETURN_IF_ERROR(
      s.execute("DELETE FROM monitor_evidence WHERE window_start < ? AND NOT EXISTS (SELECT 1 "
                "FROM monitor_alerts a WHERE a.rule = monitor_evidence.rule AND a.who = "
                "monitor_evidence.who AND a.window_start = monitor_evidence.window_start)",
                {horizon})
          .status());
  RX_RETURN_IF_ERROR(s.execute("DELETE FROM monitor_windows WHERE window_start < ? AND rule <> ?",
                               {horizon, Value(std::string(rule::kVolume))})
                         .status());
  return s
      .execute("DELETE FROM monitor_windows WHERE window_start < ? AND rule = ?",
               {Value(latest - thresholds_.baseline_hours * kHourUs - kKeepWindowsUs),
                Value(std::string(rule::kVolume))})
      .status();
}

}  // namespace rx::monitor
