#include "lab/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace rx::lab {
namespace {

struct RiskAndOutcome {
  double risk;
  uint8_t bad;
};

// (risk, outcome) pairs by decreasing risk: one contiguous sort, no indirection.
std::vector<RiskAndOutcome> by_risk(const std::vector<double>& risk,
                                    const std::vector<uint8_t>& bad) {
  std::vector<RiskAndOutcome> rows(risk.size());
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = {risk[i], bad[i]};
  std::sort(rows.begin(), rows.end(),
            [](const RiskAndOutcome& a, const RiskAndOutcome& b) { return a.risk > b.risk; });
  return rows;
}

}  // namespace

RankSummary rank_summary(const std::vector<double>& risk, const std::vector<uint8_t>& bad) {
  const std::vector<RiskAndOutcome> rows = by_risk(risk, bad);
  double n_bad = 0;
  for (const RiskAndOutcome& r : rows) n_bad += r.bad;
  const double n_good = static_cast<double>(rows.size()) - n_bad;
  RankSummary out;
  if (n_bad == 0 || n_good == 0) {
    out.auc = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  // Walking tie groups by decreasing risk traces the ROC curve; the trapezoids under it sum to
  // the Mann-Whitney statistic with ties counted half, i.e. the rank-based AUC.
  double tp = 0, fp = 0, area = 0;
  for (size_t i = 0; i < rows.size();) {
    const double t = rows[i].risk, tp0 = tp, fp0 = fp;
    for (; i < rows.size() && rows[i].risk == t; ++i) (rows[i].bad ? tp : fp) += 1;
    area += (fp - fp0) * (tp + tp0) / 2;
    if (const double gap = tp / n_bad - fp / n_good; gap > out.ks.ks) out.ks = {gap, t};
  }
  out.auc = area / (n_bad * n_good);
  return out;
}

double auc(const std::vector<double>& risk, const std::vector<uint8_t>& bad) {
  return rank_summary(risk, bad).auc;
}

std::vector<RocPoint> roc_curve(const std::vector<double>& risk, const std::vector<uint8_t>& bad,
                                size_t max_points) {
  const std::vector<RiskAndOutcome> rows = by_risk(risk, bad);
  double n_bad = 0;
  for (uint8_t b : bad) n_bad += b;
  const double n_good = static_cast<double>(bad.size()) - n_bad;
  std::vector<RocPoint> all;
  all.push_back({std::numeric_limits<double>::infinity(), 0, 0});
  double tp = 0, fp = 0;
  for (size_t i = 0; i < rows.size();) {
    const double t = rows[i].risk;
    for (; i < rows.size() && rows[i].risk == t; ++i) (rows[i].bad ? tp : fp) += 1;
    all.push_back({t, n_good > 0 ? fp / n_good : 0, n_bad > 0 ? tp / n_bad : 0});
  }
  if (max_points < 2 || all.size() <= max_points) return all;
  std::vector<RocPoint> thin;
  const double step = static_cast<double>(all.size() - 1) / static_cast<double>(max_points - 1);
  for (size_t k = 0; k < max_points; ++k)
    thin.push_back(all[static_cast<size_t>(std::llround(static_cast<double>(k) * step))]);
  return thin;
}

Ks ks_statistic(const std::vector<double>& risk, const std::vector<uint8_t>& bad) {
  return rank_summary(risk, bad).ks;
}

double Confusion::precision() const {
  return true_bad + false_bad ? double(true_bad) / double(true_bad + false_bad) : 0;
}
double Confusion::recall() const {
  return true_bad + false_good ? double(true_bad) / double(true_bad + false_good) : 0;
}
double Confusion::accuracy() const {
  int64_t n = true_bad + false_bad + true_good + false_good;
  return n ? double(true_bad + true_good) / double(n) : 0;
}

Confusion confusion(const std::vector<double>& risk, const std::vector<uint8_t>& bad,
                    double cutoff) {
  Confusion c;
  c.cutoff = cutoff;
  for (size_t i = 0; i < risk.size(); ++i) {
    const bool called_bad = risk[i] >= cutoff;
    if (bad[i])
      ++(called_bad ? c.true_bad : c.false_good);
    else
      ++(called_bad ? c.false_bad : c.true_good);
  }
  return c;
}

std::vector<CalibrationRow> calibration_table(const std::vector<double>& pd,
                                              const std::vector<uint8_t>& bad, int groups) {
  std::vector<RiskAndOutcome> rows = by_risk(pd, bad);
  std::reverse(rows.begin(), rows.end());
  std::vector<CalibrationRow> out;
  const size_t n = rows.size(), g = static_cast<size_t>(std::max(groups, 1));
  for (size_t k = 0; k < g; ++k) {
    const size_t begin = k * n / g, end = (k + 1) * n / g;
    if (begin == end) continue;
    CalibrationRow row;
    double sum_pd = 0, bads = 0;
    for (size_t i = begin; i < end; ++i) {
      sum_pd += rows[i].risk;
      bads += rows[i].bad;
    }
    row.count = static_cast<int64_t>(end - begin);
    row.mean_predicted = sum_pd / double(row.count);
    row.observed_rate = bads / double(row.count);
    out.push_back(row);
  }
  return out;
}

StabilityAlarm stability_alarm(double index) {
  if (index < 0.10) return StabilityAlarm::kStable;
  if (index < 0.25) return StabilityAlarm::kWatch;
  return StabilityAlarm::kAct;
}

std::string_view stability_alarm_name(StabilityAlarm alarm) {
  switch (alarm) {
    case StabilityAlarm::kStable:
      return "stable";
    case StabilityAlarm::kWatch:
      return "watch";
    case StabilityAlarm::kAct:
      return "act";
  }
  return "act";
}

double stability_index(const std::vector<double>& expected_counts,
                       const std::vector<double>& actual_counts) {
  auto smoothed_total = [](const std::vector<double>& c) {
    double t = 0;
    for (double v : c) t += v > 0 ? v : 0.5;
    return t;
  };
  const double te = smoothed_total(expected_counts), ta = smoothed_total(actual_counts);
  double index = 0;
  for (size_t i = 0; i < expected_counts.size() && i < actual_counts.size(); ++i) {
    const double e = (expected_counts[i] > 0 ? expected_counts[i] : 0.5) / te;
    const double a = (actual_counts[i] > 0 ? actual_counts[i] : 0.5) / ta;
    index += (a - e) * std::log(a / e);
  }
  return index;
}

double psi(const std::vector<double>& expected_scores, const std::vector<double>& actual_scores,
           int bins) {
  if (expected_scores.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> sorted = expected_scores;
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> cuts;
  for (int q = 1; q < bins; ++q) {
    double v = sorted[static_cast<size_t>(q) * sorted.size() / static_cast<size_t>(bins)];
    if (v > sorted.front() && (cuts.empty() || v > cuts.back())) cuts.push_back(v);
  }
  auto histogram = [&](const std::vector<double>& scores) {
    std::vector<double> counts(cuts.size() + 1, 0.0);
    for (double s : scores)
      counts[static_cast<size_t>(std::upper_bound(cuts.begin(), cuts.end(), s) - cuts.begin())] +=
          1;
    return counts;
  };
  return stability_index(histogram(expected_scores), histogram(actual_scores));
}

}  // namespace rx::lab
