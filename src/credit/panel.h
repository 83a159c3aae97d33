// The columnar input of a batch evaluation: for a block of enterprises, monthly series (one
// number per enterprise per month, NaN when no record) and dated events (penalties, court
// records, IP rights, ...), all as of one month. Indicators are computed from a Panel only, so
// the same code evaluates a database extract, a synthetic city or a test fixture.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace rx::credit {

// Months are counted as year * 12 + (month - 1); "2026-03" is 2026 * 12 + 2.
using MonthIndex = int32_t;
MonthIndex month_index(int year, int month);
std::string month_text(MonthIndex m);  // "YYYY-MM"
int32_t first_day_of(MonthIndex m);    // days since 1970-01-01
int32_t last_day_of(MonthIndex m);

inline constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

// Events of one kind for all enterprises, grouped by enterprise (CSR layout): the events of
// enterprise e are [offsets[e], offsets[e + 1]), in no particular order.
struct EventColumn {
  std::vector<int64_t> offsets;  // size() == enterprises + 1
  std::vector<int32_t> day;      // days since 1970-01-01
  std::vector<float> value;      // the event's amount or score; NaN when it has none
};

class Panel {
 public:
  // REQUIRES: months >= 1. Series are filled with kMissing, event columns are empty.
  Panel(int64_t enterprises, MonthIndex as_of, int months, size_t series_count, size_t event_count);

  int64_t size() const { return size_; }
  MonthIndex as_of() const { return as_of_; }
  int months() const { return months_; }  // the last month is as_of
  MonthIndex first_month() const { return as_of_ - months_ + 1; }

  // Month m of enterprise e is at [m - first_month()]; the span covers months() values.
  std::span<float> series(size_t s, int64_t e) {
    return {series_[s].data() + e * months_, static_cast<size_t>(months_)};
  }
  std::span<const float> series(size_t s, int64_t e) const {
    return {series_[s].data() + e * months_, static_cast<size_t>(months_)};
  }
  // Adds v to month m (creating it from missing); months outside the panel are ignored.
  void add(size_t s, int64_t e, MonthIndex m, float v);

  const EventColumn& events(size_t k) const { return events_[k]; }
  // Replaces event column k. REQUIRES: column.offsets.size() == size() + 1.
  void set_events(size_t k, EventColumn column) { events_[k] = std::move(column); }

 private:
  int64_t size_;
  MonthIndex as_of_;
  int months_;
  std::vector<std::vector<float>> series_;
  std::vector<EventColumn> events_;
};

// Collects events in any order and lays them out by enterprise.
class EventColumnBuilder {
 public:
  void add(int64_t enterprise, int32_t day, float value) {
    rows_.push_back({enterprise, day, value});
  }
  EventColumn build(int64_t enterprises);

 private:
  struct Row {
    int64_t enterprise;
    int32_t day;
    float value;
  };
  std::vector<Row> rows_;
};

}  // namespace rx::credit
