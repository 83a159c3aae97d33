#include "lab/binning.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace rx::lab {
namespace {

std::string format_bound(double v) {
  if (std::isinf(v)) return v < 0 ? "-inf" : "+inf";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", v);
  return buffer;
}

double total(const Bin& b) {
  return b.good + b.bad;
}

// Merges bins[i + 1] into bins[i].
void merge_next(std::vector<Bin>& bins, size_t i) {
  Bin& a = bins[i];
  const Bin& b = bins[i + 1];
  a.upper = b.upper;
  a.good += b.good;
  a.bad += b.bad;
  a.categories.insert(a.categories.end(), b.categories.begin(), b.categories.end());
  bins.erase(bins.begin() + static_cast<std::ptrdiff_t>(i) + 1);
}

double bad_rate(const Bin& b) {
  return total(b) > 0 ? b.bad / total(b) : 0;
}

// WOE and IV of value bins against fixed class totals (the totals include the missing bin).
struct Totals {
  double good = 0, bad = 0, smoothing = 0.5;
  double woe(double g, double b) const {
    return std::log((std::max(g, g > 0 ? g : smoothing) / good) /
                    (std::max(b, b > 0 ? b : smoothing) / bad));
  }
  double iv(double g, double b) const { return (g / good - b / bad) * woe(g, b); }
};

// Merges every bin below `min_count` rows into the neighbour with the closer bad rate,
// smallest bins first.
void merge_small(std::vector<Bin>& bins, double min_count) {
  while (bins.size() > 1) {
    size_t smallest = 0;
    for (size_t i = 1; i < bins.size(); ++i)
      if (total(bins[i]) < total(bins[smallest])) smallest = i;
    if (total(bins[smallest]) >= min_count) break;
    size_t i = smallest;
    if (i == 0) {
      merge_next(bins, 0);
    } else if (i + 1 == bins.size()) {
      merge_next(bins, i - 1);
    } else {
      double r = bad_rate(bins[i]);
      if (std::abs(bad_rate(bins[i - 1]) - r) <= std::abs(bad_rate(bins[i + 1]) - r))
        merge_next(bins, i - 1);
      else
        merge_next(bins, i);
    }
  }
}

// Makes WOE strictly increasing (or decreasing) by merging, each time, the violating
// adjacent pair whose merge loses the least IV.
void enforce_monotonic(std::vector<Bin>& bins, const Totals& t, bool increasing) {
  for (;;) {
    size_t best = bins.size();
    double best_loss = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i + 1 < bins.size(); ++i) {
      double w0 = t.woe(bins[i].good, bins[i].bad), w1 = t.woe(bins[i + 1].good, bins[i + 1].bad);
      bool violates = increasing ? w0 >= w1 : w0 <= w1;
      if (!violates) continue;
      double loss = t.iv(bins[i].good, bins[i].bad) + t.iv(bins[i + 1].good, bins[i + 1].bad) -
                    t.iv(bins[i].good + bins[i + 1].good, bins[i].bad + bins[i + 1].bad);
      if (loss < best_loss) {
        best_loss = loss;
        best = i;
      }
    }
    if (best == bins.size()) return;
    merge_next(bins, best);
  }
}

double chi_square(const Bin& a, const Bin& b) {
  double n = total(a) + total(b);
  double g = a.good + b.good, d = a.bad + b.bad;
  if (n <= 0 || g <= 0 || d <= 0) return 0;
  double chi = 0;
  for (const Bin* x : {&a, &b}) {
    double row = total(*x);
    double eg = row * g / n, ed = row * d / n;
    if (eg > 0) chi += (x->good - eg) * (x->good - eg) / eg;
    if (ed > 0) chi += (x->bad - ed) * (x->bad - ed) / ed;
  }
  return chi;
}

void merge_insignificant(std::vector<Bin>& bins, const BinningOptions& o) {
  while (bins.size() > 2) {
    size_t best = 0;
    double best_chi = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i + 1 < bins.size(); ++i) {
      double chi = chi_square(bins[i], bins[i + 1]);
      if (chi < best_chi) {
        best_chi = chi;
        best = i;
      }
    }
    if (static_cast<int>(bins.size()) <= o.max_bins && best_chi >= o.chi2_critical) break;
    merge_next(bins, best);
  }
}

double sum_iv(const std::vector<Bin>& bins, const Totals& t) {
  double iv = 0;
  for (const Bin& b : bins) iv += t.iv(b.good, b.bad);
  return iv;
}

std::vector<Bin> numeric_fine_bins(const Column& c, const std::vector<uint8_t>& target, int fine) {
  // Quantile cut points from an evenly strided sample of at most 200,000 values.
  std::vector<double> sample;
  size_t present = 0;
  for (double v : c.numeric) present += !std::isnan(v);
  const size_t stride = std::max<size_t>(1, present / 200'000);
  sample.reserve(present / stride + 1);
  size_t k = 0;
  for (double v : c.numeric)
    if (!std::isnan(v) && k++ % stride == 0) sample.push_back(v);
  std::sort(sample.begin(), sample.end());
  std::vector<double> cuts;
  for (int q = 1; q < fine; ++q) {
    double v = sample[static_cast<size_t>(q) * sample.size() / static_cast<size_t>(fine)];
    if (v > sample.front() && (cuts.empty() || v > cuts.back())) cuts.push_back(v);
  }
  std::vector<Bin> bins(cuts.size() + 1);
  for (size_t i = 0; i < cuts.size(); ++i) {
    bins[i].upper = cuts[i];
    bins[i + 1].lower = cuts[i];
  }
  for (size_t r = 0; r < c.numeric.size(); ++r) {
    double v = c.numeric[r];
    if (std::isnan(v)) continue;
    size_t i = static_cast<size_t>(std::upper_bound(cuts.begin(), cuts.end(), v) - cuts.begin());
    (target[r] ? bins[i].bad : bins[i].good) += 1;
  }
  // A cut taken from the sample can leave a bin empty in the full data: fold it into the next.
  for (size_t i = 0; i + 1 < bins.size();)
    if (total(bins[i]) == 0) {
      bins[i + 1].lower = bins[i].lower;
      bins.erase(bins.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  if (bins.size() > 1 && total(bins.back()) == 0) merge_next(bins, bins.size() - 2);
  return bins;
}

std::vector<Bin> categorical_fine_bins(const Column& c, const std::vector<uint8_t>& target) {
  std::vector<Bin> per_level(c.levels.size());
  for (size_t r = 0; r < c.codes.size(); ++r)
    if (c.codes[r] >= 0)
      (target[r] ? per_level[static_cast<size_t>(c.codes[r])].bad
                 : per_level[static_cast<size_t>(c.codes[r])].good) += 1;
  std::vector<Bin> bins;
  for (size_t i = 0; i < per_level.size(); ++i) {
    if (total(per_level[i]) == 0) continue;
    per_level[i].categories = {c.levels[i]};
    bins.push_back(std::move(per_level[i]));
  }
  std::sort(bins.begin(), bins.end(), [](const Bin& a, const Bin& b) {
    double ra = bad_rate(a), rb = bad_rate(b);
    return ra != rb ? ra < rb : a.categories.front() < b.categories.front();
  });
  return bins;
}

}  // namespace

std::string Bin::label(ColumnType type) const {
  if (missing) return "missing";
  if (type == ColumnType::kNumeric)
    return "[" + format_bound(lower) + ", " + format_bound(upper) + ")";
  std::string out = "{";
  for (size_t i = 0; i < categories.size(); ++i) out += (i ? ", " : "") + categories[i];
  return out + "}";
}

void compute_woe(std::vector<Bin>& bins, double smoothing) {
  Totals t;
  t.smoothing = smoothing;
  for (const Bin& b : bins) {
    t.good += b.good;
    t.bad += b.bad;
  }
  for (Bin& b : bins) {
    b.woe = t.good > 0 && t.bad > 0 ? t.woe(b.good, b.bad) : 0;
    b.iv = t.good > 0 && t.bad > 0 ? t.iv(b.good, b.bad) : 0;
  }
}

int VariableBinning::bin_of_number(double value) const {
  if (std::isnan(value)) return missing_bin >= 0 ? missing_bin : neutral_bin;
  const int value_bins = missing_bin >= 0 ? missing_bin : static_cast<int>(bins.size());
  if (value_bins == 0) return missing_bin;
  for (int i = 0; i + 1 < value_bins; ++i)
    if (value < bins[static_cast<size_t>(i)].upper) return i;
  return value_bins - 1;
}

int VariableBinning::bin_of_category(std::string_view value, bool missing) const {
  if (missing) return missing_bin >= 0 ? missing_bin : neutral_bin;
  for (size_t i = 0; i < bins.size(); ++i)
    for (const std::string& c : bins[i].categories)
      if (c == value) return static_cast<int>(i);
  return neutral_bin;
}

std::vector<int> VariableBinning::assign(const Column& column) const {
  std::vector<int> out(column.size());
  if (column.type == ColumnType::kNumeric) {
    for (size_t r = 0; r < out.size(); ++r) out[r] = bin_of_number(column.numeric[r]);
    return out;
  }
  std::vector<int> by_code(column.levels.size());
  for (size_t l = 0; l < by_code.size(); ++l) by_code[l] = bin_of_category(column.levels[l], false);
  const int missing = bin_of_category("", true);
  for (size_t r = 0; r < out.size(); ++r)
    out[r] = column.codes[r] < 0 ? missing : by_code[static_cast<size_t>(column.codes[r])];
  return out;
}

Result<VariableBinning> bin_variable(const Column& column, const std::vector<uint8_t>& target,
                                     const BinningOptions& o) {
  if (target.size() != column.size())
    return invalid_argument("column \"" + column.name + "\" has " + std::to_string(column.size()) +
                            " rows, the target " + std::to_string(target.size()));
  Bin missing;
  missing.missing = true;
  for (size_t r = 0; r < target.size(); ++r)
    if (column.is_missing(r)) (target[r] ? missing.bad : missing.good) += 1;
  Totals t;
  t.smoothing = o.smoothing;
  for (uint8_t y : target) (y ? t.bad : t.good) += 1;
  if (t.good == 0 || t.bad == 0)
    return invalid_argument("binning \"" + column.name + "\" needs both good and bad rows");

  VariableBinning out;
  out.name = column.name;
  out.type = column.type;
  const double present = static_cast<double>(target.size()) - total(missing);
  if (present > 0) {
    std::vector<Bin> bins = column.type == ColumnType::kNumeric
                                ? numeric_fine_bins(column, target, o.fine_bins)
                                : categorical_fine_bins(column, target);
    merge_small(bins, o.min_bin_share * present);
    if (o.monotonic && column.type == ColumnType::kNumeric && bins.size() > 2) {
      std::vector<Bin> up = bins, down = bins;
      enforce_monotonic(up, t, true);
      enforce_monotonic(down, t, false);
      bins = sum_iv(up, t) >= sum_iv(down, t) ? std::move(up) : std::move(down);
    }
    merge_insignificant(bins, o);
    out.bins = std::move(bins);
  }
  if (total(missing) > 0) {
    out.missing_bin = static_cast<int>(out.bins.size());
    out.bins.push_back(std::move(missing));
  }
  compute_woe(out.bins, o.smoothing);
  double best = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < out.bins.size(); ++i) {
    out.iv += out.bins[i].iv;
    if (!out.bins[i].missing && std::abs(out.bins[i].woe) < best) {
      best = std::abs(out.bins[i].woe);
      out.neutral_bin = static_cast<int>(i);
    }
  }
  return out;
}

Selection select_variables(const std::vector<VariableBinning>& binnings,
                           const std::vector<std::vector<double>>& woe_columns,
                           const SelectionOptions& o) {
  Selection s;
  std::vector<size_t> order(binnings.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return binnings[a].iv > binnings[b].iv; });
  // Centred, unit-norm copies make each correlation one dot product.
  auto normalised = [&](size_t i) {
    std::vector<double> x = woe_columns[i];
    double mean = x.empty() ? 0 : std::accumulate(x.begin(), x.end(), 0.0) / double(x.size());
    double ss = 0;
    for (double& v : x) {
      v -= mean;
      ss += v * v;
    }
    double norm = ss > 0 ? std::sqrt(ss) : 1;
    for (double& v : x) v /= norm;
    return x;
  };
  std::vector<std::vector<double>> kept_norm;
  char buffer[160];
  for (size_t i : order) {
    const VariableBinning& b = binnings[i];
    if (b.iv < o.min_iv) {
      std::snprintf(buffer, sizeof buffer, ": IV %.4f below %.4f", b.iv, o.min_iv);
      s.dropped.push_back(b.name + buffer);
      continue;
    }
    std::vector<double> x = normalised(i);
    if (std::all_of(x.begin(), x.end(), [](double v) { return v == 0; })) {
      s.dropped.push_back(b.name + ": a single bin (constant WOE)");
      continue;
    }
    bool correlated = false;
    for (size_t k = 0; k < kept_norm.size() && !correlated; ++k) {
      double r = std::inner_product(x.begin(), x.end(), kept_norm[k].begin(), 0.0);
      if (std::abs(r) > o.max_correlation) {
        std::snprintf(buffer, sizeof buffer, ": WOE correlation %.3f with \"%s\" (higher IV)", r,
                      binnings[s.kept[k]].name.c_str());
        s.dropped.push_back(b.name + buffer);
        correlated = true;
      }
    }
    if (correlated) continue;
    s.kept.push_back(i);
    kept_norm.push_back(std::move(x));
  }
  return s;
}

}  // namespace rx::lab
