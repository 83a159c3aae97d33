#include "credit/panel.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace rx::credit {

MonthIndex month_index(int year, int month) {
  return year * 12 + (month - 1);
}

std::string month_text(MonthIndex m) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", m / 12, m % 12 + 1);
  return text;
}

namespace {
int32_t days_of(std::chrono::year_month_day ymd) {
  return static_cast<int32_t>(std::chrono::sys_days(ymd).time_since_epoch().count());
}
std::chrono::year_month year_month_of(MonthIndex m) {
  return std::chrono::year(m / 12) / std::chrono::month(static_cast<unsigned>(m % 12 + 1));
}
}  // namespace

int32_t first_day_of(MonthIndex m) {
  return days_of(year_month_of(m) / std::chrono::day(1));
}

int32_t last_day_of(MonthIndex m) {
  return days_of(std::chrono::year_month_day_last(year_month_of(m) / std::chrono::last));
}

Panel::Panel(int64_t enterprises, MonthIndex as_of, int months, size_t series_count,
             size_t event_count)
    : size_(enterprises), as_of_(as_of), months_(months), events_(event_count) {
  series_.assign(series_count,
                 std::vector<float>(static_cast<size_t>(enterprises * months), kMissing));
  for (EventColumn& c : events_) c.offsets.assign(static_cast<size_t>(enterprises + 1), 0);
}

void Panel::add(size_t s, int64_t e, MonthIndex m, float v) {
  if (m < first_month() || m > as_of_) return;
  float& cell = series_[s][static_cast<size_t>(e * months_ + (m - first_month()))];
  cell = std::isnan(cell) ? v : cell + v;
}

EventColumn EventColumnBuilder::build(int64_t enterprises) {
  std::stable_sort(rows_.begin(), rows_.end(),
                   [](const Row& a, const Row& b) { return a.enterprise < b.enterprise; });
  EventColumn c;
  c.offsets.assign(static_cast<size_t>(enterprises + 1), 0);
  c.day.reserve(rows_.size());
  c.value.reserve(rows_.size());
  for (const Row& r : rows_) {
    ++c.offsets[static_cast<size_t>(r.enterprise + 1)];
    c.day.push_back(r.day);
    c.value.push_back(r.value);
  }
  for (size_t i = 1; i < c.offsets.size(); ++i) c.offsets[i] += c.offsets[i - 1];
  rows_.clear();
  return c;
}

}  // namespace rx::credit
