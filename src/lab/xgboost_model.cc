#include "lab/xgboost_model.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace rx::lab {
namespace {

Status xgb_check(int rc, const char* what) {
  if (rc == 0) return Status::ok();
  return internal_error(std::string("xgboost ") + what + ": " + XGBGetLastError());
}
#define RX_XGB(call) RX_RETURN_IF_ERROR(xgb_check((call), #call))

class DMatrix {
 public:
  DMatrix() = default;
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;
  ~DMatrix() {
    if (handle_) XGDMatrixFree(handle_);
  }
  DMatrixHandle* out() { return &handle_; }
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

class Booster {
 public:
  Booster() = default;
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  ~Booster() {
    if (handle_) XGBoosterFree(handle_);
  }
  BoosterHandle* out() { return &handle_; }
  BoosterHandle get() const { return handle_; }

 private:
  BoosterHandle handle_ = nullptr;
};

size_t width(const std::vector<XgbFeature>& features) {
  size_t w = 0;
  for (const XgbFeature& f : features) w += f.type == ColumnType::kNumeric ? 1 : f.levels.size();
  return w;
}

// Row-major float matrix of `data` under `features`.
Result<std::vector<float>> encode(const std::vector<XgbFeature>& features, const Dataset& data) {
  const size_t n = data.rows(), w = width(features);
  std::vector<float> m(n * w, 0.0f);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  size_t offset = 0;
  for (const XgbFeature& f : features) {
    const Column* c = data.find(f.name);
    if (!c) return invalid_argument("the data have no column \"" + f.name + "\"");
    if (c->type != f.type)
      return invalid_argument("column \"" + f.name + "\" is " +
                              std::string(column_type_name(c->type)) + " in the data but " +
                              std::string(column_type_name(f.type)) + " in the model");
    if (f.type == ColumnType::kNumeric) {
      for (size_t r = 0; r < n; ++r)
        m[r * w + offset] = std::isnan(c->numeric[r]) ? nan : static_cast<float>(c->numeric[r]);
      ++offset;
      continue;
    }
    std::vector<int> feature_of_code(c->levels.size(), -1);
    for (size_t l = 0; l < c->levels.size(); ++l) {
      auto it = std::find(f.levels.begin(), f.levels.end(), c->levels[l]);
      if (it != f.levels.end()) feature_of_code[l] = static_cast<int>(it - f.levels.begin());
    }
    for (size_t r = 0; r < n; ++r) {
      const int32_t code = c->codes[r];
      if (code < 0) {
        for (size_t k = 0; k < f.levels.size(); ++k) m[r * w + offset + k] = nan;
      } else if (int k = feature_of_code[static_cast<size_t>(code)]; k >= 0) {
        m[r * w + offset + static_cast<size_t>(k)] = 1.0f;
      }
    }
    offset += f.levels.size();
  }
  return m;
}

Status set_params(BoosterHandle b, const XgbParams& p) {
  const std::pair<const char*, std::string> params[] = {
      {"objective", "binary:logistic"},
      {"eval_metric", "auc"},
      {"max_depth", std::to_string(p.max_depth)},
      {"eta", std::to_string(p.eta)},
      {"nthread", std::to_string(p.nthread)},
      {"subsample", std::to_string(p.subsample)},
      {"min_child_weight", std::to_string(p.min_child_weight)},
      {"lambda", std::to_string(p.lambda)},
      {"seed", std::to_string(p.seed)},
      {"tree_method", "hist"},
      {"verbosity", "0"},
  };
  for (const auto& [key, value] : params) RX_XGB(XGBoosterSetParam(b, key, value.c_str()));
  return Status::ok();
}

}  // namespace

Result<XgbModel> fit_xgboost(const Dataset& data, const XgbParams& params) {
  if (data.target.empty()) return invalid_argument("gradient boosting needs a target");
  XgbModel model;
  model.params = params;
  for (const Column& c : data.columns) {
    XgbFeature f{c.name, c.type, {}};
    if (c.type == ColumnType::kCategorical) {
      std::vector<int64_t> counts(c.levels.size(), 0);
      for (int32_t code : c.codes)
        if (code >= 0) ++counts[static_cast<size_t>(code)];
      std::vector<size_t> order(c.levels.size());
      std::iota(order.begin(), order.end(), size_t{0});
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return counts[a] > counts[b]; });
      for (size_t i = 0; i < order.size() && i < params.max_levels; ++i)
        if (counts[order[i]] > 0) f.levels.push_back(c.levels[order[i]]);
    }
    model.features.push_back(std::move(f));
  }
  RX_ASSIGN_OR_RETURN(std::vector<float> m, encode(model.features, data));
  const bst_ulong n = data.rows(), w = width(model.features);
  DMatrix train;
  RX_XGB(
      XGDMatrixCreateFromMat(m.data(), n, w, std::numeric_limits<float>::quiet_NaN(), train.out()));
  std::vector<float> labels(data.target.begin(), data.target.end());
  RX_XGB(XGDMatrixSetFloatInfo(train.get(), "label", labels.data(), n));
  Booster booster;
  DMatrixHandle handles[] = {train.get()};
  RX_XGB(XGBoosterCreate(handles, 1, booster.out()));
  RX_RETURN_IF_ERROR(set_params(booster.get(), params));
  for (int it = 0; it < params.rounds; ++it)
    RX_XGB(XGBoosterUpdateOneIter(booster.get(), it, train.get()));
  bst_ulong length = 0;
  const char* bytes = nullptr;
  RX_XGB(XGBoosterSaveModelToBuffer(booster.get(), R"({"format": "ubj"})", &length, &bytes));
  model.booster.assign(bytes, length);
  return model;
}

Result<std::vector<double>> predict_xgboost(const XgbModel& model, const Dataset& data) {
  RX_ASSIGN_OR_RETURN(std::vector<float> m, encode(model.features, data));
  const bst_ulong n = data.rows(), w = width(model.features);
  Booster booster;
  RX_XGB(XGBoosterCreate(nullptr, 0, booster.out()));
  RX_XGB(XGBoosterLoadModelFromBuffer(booster.get(), model.booster.data(), model.booster.size()));
  RX_XGB(XGBoosterSetParam(booster.get(), "nthread", std::to_string(model.params.nthread).c_str()));
  DMatrix matrix;
  RX_XGB(XGDMatrixCreateFromMat(m.data(), n, w, std::numeric_limits<float>::quiet_NaN(),
                                matrix.out()));
  bst_ulong length = 0;
  const float* out = nullptr;
  RX_XGB(XGBoosterPredict(booster.get(), matrix.get(), 0, 0, 0, &length, &out));
  if (length != n)
    return internal_error("xgboost returned " + std::to_string(length) + " predictions for " +
                          std::to_string(n) + " rows");
  return std::vector<double>(out, out + length);
}

}  // namespace rx::lab
