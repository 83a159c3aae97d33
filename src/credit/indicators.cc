#include "credit/indicators.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace rx::credit {
namespace {

// The last `window` months of a series span (the whole span when it is shorter).
std::span<const float> last_months(std::span<const float> months, int window) {
  const size_t n = std::min(months.size(), static_cast<size_t>(window));
  return months.subspan(months.size() - n);
}

float sum_of(std::span<const float> v) {
  double sum = 0;
  bool any = false;
  for (float x : v)
    if (!std::isnan(x)) sum += x, any = true;
  return any ? static_cast<float>(sum) : kMissing;
}

float mean_of(std::span<const float> v) {
  double sum = 0;
  int n = 0;
  for (float x : v)
    if (!std::isnan(x)) sum += x, ++n;
  return n ? static_cast<float>(sum / n) : kMissing;
}

float series_op(const IndicatorSpec& s, std::span<const float> all) {
  std::span<const float> w = last_months(all, s.window);
  switch (s.op) {
    case Op::kSum:
      return sum_of(w);
    case Op::kMean:
      return mean_of(w);
    case Op::kMax: {
      float best = kMissing;
      for (float x : w)
        if (!std::isnan(x) && (std::isnan(best) || x > best)) best = x;
      return best;
    }
    case Op::kLast:
      for (auto it = w.rbegin(); it != w.rend(); ++it)
        if (!std::isnan(*it)) return *it;
      return kMissing;
    case Op::kYoyGrowth: {
      if (all.size() < 2 * static_cast<size_t>(s.window)) return kMissing;
      const float now = sum_of(w);
      const float before = sum_of(all.subspan(all.size() - 2 * static_cast<size_t>(s.window),
                                              static_cast<size_t>(s.window)));
      if (std::isnan(now) || std::isnan(before) || before <= 0) return kMissing;
      return (now - before) / before;
    }
    case Op::kChange: {
      const float first = mean_of(w.first(3));
      const float last = mean_of(w.last(3));
      if (std::isnan(first) || std::isnan(last) || first <= 0) return kMissing;
      return last / first - 1;
    }
    case Op::kMonthsPositive: {
      if (std::isnan(sum_of(w))) return kMissing;
      return static_cast<float>(std::count_if(w.begin(), w.end(), [](float x) { return x > 0; }));
    }
    case Op::kStreak: {
      if (std::isnan(sum_of(w))) return kMissing;
      int run = 0;
      for (auto it = w.rbegin(); it != w.rend() && *it > 0; ++it) ++run;
      return static_cast<float>(run);
    }
    default:
      return kMissing;
  }
}

float event_op(const IndicatorSpec& s, const EventSpec& kind, const EventColumn& c,
               const Panel& panel, int64_t e) {
  const int32_t end = last_day_of(panel.as_of());
  const int window =
      s.window > 0 ? std::min(s.window, kind.retention_months) : kind.retention_months;
  const int32_t start = first_day_of(panel.as_of() - window + 1);
  int count = 0;
  double sum = 0;
  int32_t latest = INT32_MIN, earliest = INT32_MAX;
  float latest_value = kMissing;
  for (int64_t i = c.offsets[static_cast<size_t>(e)]; i < c.offsets[static_cast<size_t>(e + 1)];
       ++i) {
    const int32_t day = c.day[static_cast<size_t>(i)];
    if (day < start || day > end) continue;  // outside the window, or after the evaluation
    const float v = c.value[static_cast<size_t>(i)];
    ++count;
    if (!std::isnan(v)) sum += v;
    earliest = std::min(earliest, day);
    if (day >= latest) latest = day, latest_value = v;
  }
  switch (s.op) {
    case Op::kCount:
      return static_cast<float>(count);
    case Op::kSumValue:
      return static_cast<float>(sum);
    case Op::kLastValue:
      return count ? latest_value : kMissing;
    case Op::kMonthsSinceLast:
      return count ? static_cast<float>(end - latest) / 30.4375f : kMissing;
    case Op::kYearsSinceFirst:
      return count ? static_cast<float>(end - earliest) / 365.25f : kMissing;
    default:
      return kMissing;
  }
}

}  // namespace

float compute_indicator(const IndicatorSpec& spec, const IndicatorLibrary& library,
                        const Panel& panel, int64_t enterprise) {
  if (is_event_op(spec.op))
    return event_op(spec, library.events[spec.source_index], panel.events(spec.source_index), panel,
                    enterprise);
  return series_op(spec, panel.series(spec.source_index, enterprise));
}

IndicatorTable compute_indicators(const IndicatorLibrary& library, const Panel& panel) {
  IndicatorTable t;
  t.rows = panel.size();
  t.width = library.indicators.size();
  t.values.assign(static_cast<size_t>(t.rows) * t.width, kMissing);
  tbb::parallel_for(tbb::blocked_range<int64_t>(0, t.rows, 1024),
                    [&](const tbb::blocked_range<int64_t>& range) {
                      for (int64_t e = range.begin(); e != range.end(); ++e) {
                        float* out = t.values.data() + static_cast<size_t>(e) * t.width;
                        for (size_t i = 0; i < t.width; ++i)
                          out[i] = compute_indicator(library.indicators[i], library, panel, e);
                      }
                    });
  return t;
}

}  // namespace rx::credit
