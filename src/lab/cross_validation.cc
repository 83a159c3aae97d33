#include "lab/cross_validation.h"

#include <tbb/parallel_for.h>

#include <random>

#include "lab/metrics.h"

namespace rx::lab {

std::vector<int> stratified_folds(const std::vector<uint8_t>& target, int folds, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int> fold(target.size(), 0);
  int next = 0;
  for (uint8_t cls : {uint8_t{1}, uint8_t{0}}) {
    std::vector<uint32_t> rows;
    for (size_t i = 0; i < target.size(); ++i)
      if ((target[i] != 0) == (cls != 0)) rows.push_back(static_cast<uint32_t>(i));
    for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[rng() % i]);
    // Continue dealing where the previous class stopped so fold sizes stay balanced.
    for (uint32_t r : rows) {
      fold[r] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}

Result<CvResult> cross_validate(const Dataset& data, const FitOptions& fit,
                                const CvOptions& options) {
  const int k = options.folds;
  if (k < 2) return invalid_argument("cross-validation needs at least 2 folds");
  const int64_t bad = data.bad_count(), good = int64_t(data.rows()) - bad;
  if (bad < k || good < k)
    return invalid_argument("cross-validation with " + std::to_string(k) +
                            " folds needs at least " + std::to_string(k) +
                            " bad and good rows (have " + std::to_string(bad) + " bad, " +
                            std::to_string(good) + " good)");
  const std::vector<int> fold = stratified_folds(data.target, k, options.seed);
  std::vector<Result<double>> results(static_cast<size_t>(k), Result<double>(0.0));
  auto run = [&](size_t f) {
    std::vector<uint32_t> train, test;
    for (size_t i = 0; i < fold.size(); ++i)
      (fold[i] == static_cast<int>(f) ? test : train).push_back(static_cast<uint32_t>(i));
    Dataset train_data = data.subset(train), test_data = data.subset(test);
    auto fitted = fit_model(train_data, fit);
    if (!fitted.is_ok()) {
      results[f] = fitted.status();
      return;
    }
    auto pd = predict_pd(fitted->model, test_data);
    if (!pd.is_ok()) {
      results[f] = pd.status();
      return;
    }
    results[f] = auc(*pd, test_data.target);
  };
  if (options.parallel && fit.algorithm == Algorithm::kScorecard)
    tbb::parallel_for(size_t{0}, static_cast<size_t>(k), run);
  else
    for (size_t f = 0; f < static_cast<size_t>(k); ++f) run(f);
  CvResult out;
  for (int f = 0; f < k; ++f) {
    const auto& r = results[static_cast<size_t>(f)];
    if (!r.is_ok())
      return Status(r.status().code(), "fold " + std::to_string(f + 1) + " of " +
                                           std::to_string(k) + ": " + r.status().message());
    out.fold_auc.push_back(*r);
    out.mean_auc += *r / k;
  }
  return out;
}

}  // namespace rx::lab
