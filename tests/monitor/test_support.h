// Shared helpers for the monitor tests: hand-built ledger entries at Shanghai times, and a
// fixture that feeds batches to a Monitor inside a write transaction, as the sequencer does.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/id.h"
#include "ledger/ledger.h"
#include "monitor/monitor.h"
#include "testing/test_database.h"

namespace rx::monitor::testing {

// hh:mm on 2026-11-18 (a Wednesday) in Asia/Shanghai; hours past 23 run into the next days.
inline Instant shanghai(int hh, int mm = 0, int ss = 0) {
  constexpr int64_t kDay = 20'775;  // 2026-11-18, days since the epoch
  return Instant(std::chrono::days(kDay)) + std::chrono::hours(hh - 8) + std::chrono::minutes(mm) +
         std::chrono::seconds(ss);
}

struct EntryBuilder {
  ledger::Entry e;
  EntryBuilder(std::string institution, std::string key, std::string subject, Instant at) {
    e.at = at;
    e.actor = {"institution", std::move(key), std::move(institution), ""};
    e.action = "query";
    e.outcome = "allowed";
    e.subject = std::move(subject);
    e.categories = {"tax"};
    e.purpose = "post_loan";
    e.request_id = "req";
  }
  EntryBuilder& action(std::string a) { return e.action = std::move(a), *this; }
  EntryBuilder& denied(std::string reason) {
    e.outcome = "denied";
    e.reason = std::move(reason);
    return *this;
  }
  EntryBuilder& purpose(std::string p) { return e.purpose = std::move(p), *this; }
  EntryBuilder& application(std::string a) { return e.application_id = std::move(a), *this; }
  EntryBuilder& categories(std::vector<std::string> c) {
    return e.categories = std::move(c), *this;
  }
  operator ledger::Entry() const { return e; }  // NOLINT: a builder
};

class MonitorTest : public rx::testing::BackendTest {
 protected:
  ManualClock clock_{shanghai(20)};
  SeededRandom random_{11};
  uint64_t next_index_ = 0;

  // Gives the entries ids and the next indexes, and observes them as one batch.
  Status feed(Monitor& m, std::vector<ledger::Entry> entries) {
    std::vector<ledger::SequencedEntry> batch;
    for (ledger::Entry& e : entries) {
      if (e.id.empty()) e.id = new_uuid_v7(clock_, random_);
      batch.push_back({next_index_++, std::move(e)});
    }
    return db().write([&](store::Session& s) { return m.observe(s, batch); });
  }

  // Runs fn in a read transaction and returns what it produced.
  template <typename T, typename Fn>
  T read(Fn fn) {
    T out{};
    Status st = db().read([&](store::Session& s) -> Status {
      RX_ASSIGN_OR_RETURN(out, fn(s));
      return Status::ok();
    });
    EXPECT_TRUE(st.is_ok()) << st.to_string();
    return out;
  }
};

}  // namespace rx::monitor::testing
