// Discrimination, calibration and stability metrics. Everything takes a risk value per row
// where HIGHER means MORE LIKELY BAD (a PD, or minus a score) and a 0/1 label (1 = bad).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace rx::lab {

// Area under the ROC curve by ranks (Mann-Whitney U with average ranks for ties):
// P(risk of a random bad > risk of a random good) + 0.5 P(equal). O(n log n).
// NaN when one class is absent.
double auc(const std::vector<double>& risk, const std::vector<uint8_t>& bad);
inline double gini_from_auc(double a) {
  return 2 * a - 1;
}

struct RocPoint {
  double threshold = 0;  // rows with risk >= threshold are called bad
  double fpr = 0, tpr = 0;
};

struct Ks {
  double ks = 0;         // max over thresholds of TPR - FPR
  double threshold = 0;  // the risk value at which it occurs (rows >= it called bad)
};
// AUC and KS from one sort (what fitting reports on every training set).
struct RankSummary {
  double auc = 0;  // NaN with one class only
  Ks ks;
};
RankSummary rank_summary(const std::vector<double>& risk, const std::vector<uint8_t>& bad);

Ks ks_statistic(const std::vector<double>& risk, const std::vector<uint8_t>& bad);

// ROC points from (0,0) to (1,1), one per distinct risk value, evenly thinned to at most
// `max_points` (the ends are kept). The KS curve is tpr - fpr at the same points.
std::vector<RocPoint> roc_curve(const std::vector<double>& risk, const std::vector<uint8_t>& bad,
                                size_t max_points = 200);

struct Confusion {
  double cutoff = 0;  // risk >= cutoff is predicted bad
  int64_t true_bad = 0, false_bad = 0, true_good = 0, false_good = 0;
  double precision() const;
  double recall() const;
  double accuracy() const;
};
Confusion confusion(const std::vector<double>& risk, const std::vector<uint8_t>& bad,
                    double cutoff);

struct CalibrationRow {
  int64_t count = 0;
  double mean_predicted = 0;  // mean PD in the group
  double observed_rate = 0;   // share of bad rows in the group
};
// Rows sorted by PD and cut into `groups` groups of (nearly) equal count, lowest PD first.
std::vector<CalibrationRow> calibration_table(const std::vector<double>& pd,
                                              const std::vector<uint8_t>& bad, int groups = 10);

enum class StabilityAlarm { kStable, kWatch, kAct };
// < 0.10 stable, 0.10 to < 0.25 watch, >= 0.25 act.
StabilityAlarm stability_alarm(double index);
std::string_view stability_alarm_name(StabilityAlarm alarm);

// Sum over bins of (a - e) ln(a / e) with shares a (actual) and e (expected). Counts of 0 are
// taken as 0.5 so the index stays finite. The vectors are counts per bin, same length.
double stability_index(const std::vector<double>& expected_counts,
                       const std::vector<double>& actual_counts);

// PSI of two score distributions: bins are cut at the expected population's deciles (distinct
// cut points only), then stability_index. Needs a non-empty expected population.
double psi(const std::vector<double>& expected_scores, const std::vector<double>& actual_scores,
           int bins = 10);

}  // namespace rx::lab
