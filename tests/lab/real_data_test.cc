// The scorecard on real public credit data (../shared/data), 5-fold stratified CV AUC against
// scikit-learn's LogisticRegression figures from the data README, minus 0.01.
#include <gtest/gtest.h>

#include <filesystem>

#include "lab/cross_validation.h"
#include "lab/dataset_csv.h"
#include "lab_data.h"

namespace rx::lab {
namespace {

Result<LoadedDataset> load(const std::string& file, const std::string& target) {
  const std::string dir = testing::shared_data_dir();
  if (dir.empty()) return failed_precondition("RONGXIN_SOURCE_DIR is not set");
  return load_csv_dataset(dir + "/" + file, {.target = target, .bad_value = "bad"});
}

TEST(RealData, GermanCreditScorecardCv) {
  auto d = load("german_credit_weka.csv", "class");
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  ASSERT_EQ(d->data.rows(), 1000u);
  EXPECT_EQ(d->data.bad_count(), 300);
  auto cv = cross_validate(d->data, {}, {.folds = 5, .seed = 42});
  ASSERT_TRUE(cv.is_ok()) << cv.status().to_string();
  ASSERT_EQ(cv->fold_auc.size(), 5u);
  std::printf("german_credit scorecard 5-fold CV AUC %.4f\n", cv->mean_auc);
  EXPECT_GE(cv->mean_auc, 0.782);
}

TEST(RealData, CreditDataScorecardCv) {
  auto d = load("credit_data_modeldata.csv", "Status");
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  ASSERT_EQ(d->data.rows(), 4454u);
  const Column* income = d->data.find("Income");
  ASSERT_NE(income, nullptr);
  int missing = 0;
  for (size_t r = 0; r < income->size(); ++r) missing += income->is_missing(r);
  EXPECT_EQ(missing, 381);
  auto cv = cross_validate(d->data, {}, {.folds = 5, .seed = 42});
  ASSERT_TRUE(cv.is_ok()) << cv.status().to_string();
  std::printf("credit_data scorecard 5-fold CV AUC %.4f\n", cv->mean_auc);
  EXPECT_GE(cv->mean_auc, 0.820);
}

TEST(RealData, CvIsDeterministicForASeedAndStratified) {
  auto d = load("german_credit_weka.csv", "class");
  ASSERT_TRUE(d.is_ok());
  auto a = cross_validate(d->data, {}, {.folds = 5, .seed = 7});
  auto b = cross_validate(d->data, {}, {.folds = 5, .seed = 7});
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(a->fold_auc, b->fold_auc);
  std::vector<int> fold = stratified_folds(d->data.target, 5, 7);
  for (int f = 0; f < 5; ++f) {
    int rows = 0, bad = 0;
    for (size_t i = 0; i < fold.size(); ++i)
      if (fold[i] == f) {
        ++rows;
        bad += d->data.target[i];
      }
    EXPECT_EQ(rows, 200);
    EXPECT_EQ(bad, 60);
  }
}

TEST(RealData, GradientBoostingOnGermanCredit) {
  auto d = load("german_credit_weka.csv", "class");
  ASSERT_TRUE(d.is_ok());
  FitOptions o;
  o.algorithm = Algorithm::kXgboost;
  auto cv = cross_validate(d->data, o, {.folds = 5, .seed = 42});
  ASSERT_TRUE(cv.is_ok()) << cv.status().to_string();
  std::printf("german_credit xgboost 5-fold CV AUC %.4f\n", cv->mean_auc);
  EXPECT_GE(cv->mean_auc, 0.74);
}

}  // namespace
}  // namespace rx::lab
