// Gradient-boosted trees through the xgboost C API (binary:logistic, bad = 1).
//
// Encoding: a numeric column is one feature (NaN = missing, which xgboost routes itself); a
// categorical column becomes one 0/1 feature per training level (at most `max_levels`, the
// most frequent; rarer levels and levels unseen at fit time are all zeros; a missing value is
// NaN in every one of its features). Every XGB* call's return code is checked and
// XGBGetLastError() becomes the Status message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "lab/dataset.h"

namespace rx::lab {

struct XgbParams {
  int rounds = 200;
  int max_depth = 4;
  double eta = 0.1;
  int nthread = 2;
  double subsample = 1.0;
  double min_child_weight = 1.0;
  double lambda = 1.0;
  uint64_t seed = 0;
  size_t max_levels = 64;
};

struct XgbFeature {
  std::string name;
  ColumnType type = ColumnType::kNumeric;
  std::vector<std::string> levels;  // categorical: one feature each, in this order
};

struct XgbModel {
  XgbParams params;
  std::vector<XgbFeature> features;
  std::string booster;  // the booster as xgboost's UBJSON model bytes
};

Result<XgbModel> fit_xgboost(const Dataset& data, const XgbParams& params = {});
// P(bad) per row. Errors when a feature's column is absent or of another type.
Result<std::vector<double>> predict_xgboost(const XgbModel& model, const Dataset& data);

}  // namespace rx::lab
