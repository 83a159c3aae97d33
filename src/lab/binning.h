// Optimal binning and weight of evidence (WOE) for scorecards.
//
// WOE convention: WOE_i = ln(%good_i / %bad_i), where %good_i is the bin's share of all good
// rows and %bad_i its share of all bad rows. Positive WOE = safer than average. A bin with no
// good (or no bad) rows counts 0.5 instead of 0 so that WOE stays finite.
// IV = sum_i (%good_i - %bad_i) * WOE_i.
//
// Numeric variables: ~20 quantile pre-bins; adjacent bins merged until each holds at least
// `min_bin_share` of the non-missing rows; with `monotonic`, WOE is made monotonic (in the
// direction that keeps more IV) by merging the adjacent violating pair that loses the least
// IV; then the neighbours with the smallest chi-square are merged (ChiMerge) while there are
// more than `max_bins` bins, or while that chi-square is below `chi2_critical`. The default
// critical value 0 stops at max_bins: on the real data in ../shared/data, stopping at the 95%
// value (3.841) merged away signal and cost 0.005-0.015 of 5-fold CV AUC (docs/lab.md).
// Categorical variables: categories ordered by bad rate, then the same merging (ordering by
// bad rate makes WOE monotonic by construction).
// Missing values always get their own bin, whatever its size, when any are present.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "lab/dataset.h"

namespace rx::lab {

struct BinningOptions {
  int fine_bins = 20;
  double min_bin_share = 0.05;  // of the non-missing rows
  bool monotonic = true;
  int max_bins = 6;          // excluding the missing bin
  double chi2_critical = 0;  // 3.841: also merge every pair not different at 95%
  double smoothing = 0.5;    // count used for an empty good or bad cell
};

struct Bin {
  // Numeric: [lower, upper); -inf / +inf at the ends. Categorical: `categories`.
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
  std::vector<std::string> categories;
  bool missing = false;
  double good = 0, bad = 0;  // training counts
  double woe = 0, iv = 0;

  std::string label(ColumnType type) const;
};

// How a categorical value not seen at fit time is binned: it joins the non-missing bin whose
// WOE is closest to 0 (the most neutral one). Documented in docs/lab.md.
struct VariableBinning {
  std::string name;
  ColumnType type = ColumnType::kNumeric;
  std::vector<Bin> bins;  // value bins in order, then the missing bin when present
  double iv = 0;
  int missing_bin = -1;  // index of the missing bin; -1 when training had no missing values
  int neutral_bin = 0;   // the value bin with WOE closest to 0 (unseen categories, no missing bin)

  // Bin index for a value; never fails (missing without a missing bin -> neutral_bin).
  int bin_of_number(double value) const;
  int bin_of_category(std::string_view value, bool missing) const;
  // Bin index of every row of `column`, which must have this variable's type.
  std::vector<int> assign(const Column& column) const;
};

// Bins one column against the target (1 = bad). Requires both classes in `target`.
Result<VariableBinning> bin_variable(const Column& column, const std::vector<uint8_t>& target,
                                     const BinningOptions& options = {});

// Recomputes WOE and IV of `bins` from their counts (totals over all bins).
void compute_woe(std::vector<Bin>& bins, double smoothing);

struct SelectionOptions {
  double min_iv = 0.02;
  double max_correlation = 0.7;  // |Pearson r| of WOE-transformed columns
};

struct Selection {
  std::vector<size_t> kept;          // indices into the binnings, by decreasing IV
  std::vector<std::string> dropped;  // "name: reason"
};

// Drops variables with IV < min_iv, then walks the rest by decreasing IV and drops any whose
// WOE column correlates above max_correlation with one already kept. `woe_columns[i]` is the
// WOE of every row for binning i.
Selection select_variables(const std::vector<VariableBinning>& binnings,
                           const std::vector<std::vector<double>>& woe_columns,
                           const SelectionOptions& options = {});

}  // namespace rx::lab
