// Stratified k-fold cross-validation of the whole fitting pipeline: binning, selection and
// regression are refitted on each fold's training rows, so the held-out fold never informs
// the model that scores it.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "lab/dataset.h"
#include "lab/model.h"

namespace rx::lab {

struct CvOptions {
  int folds = 5;
  uint64_t seed = 42;
  // Run folds concurrently with oneTBB (always sequential for xgboost, which has its own
  // threads).
  bool parallel = true;
};

struct CvResult {
  std::vector<double> fold_auc;
  double mean_auc = 0;
};

// Fold (0..k-1) of every row: bad and good rows are shuffled separately with a generator
// seeded by `seed` (mt19937_64, own Fisher-Yates, so the same on every platform) and dealt
// round-robin, so each fold holds the class mix of the whole within one row.
std::vector<int> stratified_folds(const std::vector<uint8_t>& target, int folds, uint64_t seed);

// kInvalidArgument when folds < 2 or a class has fewer rows than folds; a fold's fitting
// error is returned naming the fold.
Result<CvResult> cross_validate(const Dataset& data, const FitOptions& fit,
                                const CvOptions& options = {});

}  // namespace rx::lab
