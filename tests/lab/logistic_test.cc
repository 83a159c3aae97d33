#include "lab/logistic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace rx::lab {
namespace {

TEST(Logistic, RecoversKnownCoefficients) {
  std::mt19937_64 rng(2024);
  std::normal_distribution<double> z(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  const Eigen::Index n = 200000;
  const double b0 = -1.0, b[] = {0.8, -1.5, 0.0, 0.3};
  Eigen::MatrixXd x(n, 4);
  std::vector<uint8_t> y(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    double eta = b0;
    for (Eigen::Index j = 0; j < 4; ++j) {
      x(i, j) = z(rng);
      eta += b[j] * x(i, j);
    }
    y[static_cast<size_t>(i)] = u(rng) < 1 / (1 + std::exp(-eta));
  }
  auto fit = fit_logistic(x, y);
  ASSERT_TRUE(fit.is_ok()) << fit.status().to_string();
  EXPECT_NEAR(fit->intercept, b0, 0.03);
  for (Eigen::Index j = 0; j < 4; ++j) EXPECT_NEAR(fit->beta[j], b[j], 0.03) << j;
  EXPECT_LT(fit->iterations, 15);
  // At the maximum the score equations hold: sum(y - p) = 0.
  Eigen::VectorXd p = predict_logistic(*fit, x);
  double residual = 0;
  for (Eigen::Index i = 0; i < n; ++i) residual += y[size_t(i)] - p[i];
  EXPECT_NEAR(residual, 0, 1e-4);
}

TEST(Logistic, L2ShrinksTowardZeroButNotTheIntercept) {
  std::mt19937_64 rng(1);
  std::normal_distribution<double> z(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  Eigen::MatrixXd x(2000, 1);
  std::vector<uint8_t> y(2000);
  for (int i = 0; i < 2000; ++i) {
    x(i, 0) = z(rng);
    y[size_t(i)] = u(rng) < 1 / (1 + std::exp(-(2 + x(i, 0))));
  }
  auto plain = fit_logistic(x, y);
  auto ridge = fit_logistic(x, y, {.lambda = 1e6});
  ASSERT_TRUE(plain.is_ok() && ridge.is_ok());
  EXPECT_LT(std::abs(ridge->beta[0]), 0.01);
  EXPECT_GT(ridge->intercept, 1.5);  // still near the log-odds of the base rate
}

TEST(Logistic, SeparableDataIsAClearErrorUnlessPenalised) {
  Eigen::MatrixXd x(100, 1);
  std::vector<uint8_t> y(100);
  for (int i = 0; i < 100; ++i) {
    x(i, 0) = i - 49.5;
    y[size_t(i)] = i >= 50;
  }
  auto fit = fit_logistic(x, y, {}, {"income"});
  ASSERT_FALSE(fit.is_ok());
  EXPECT_EQ(fit.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(fit.status().message().find("\"income\""), std::string::npos);
  EXPECT_NE(fit.status().message().find("lambda"), std::string::npos);
  auto ridge = fit_logistic(x, y, {.lambda = 1.0});
  ASSERT_TRUE(ridge.is_ok()) << ridge.status().to_string();
  EXPECT_GT(ridge->beta[0], 0);
}

TEST(Logistic, ShapeAndClassErrors) {
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(4, 1);
  EXPECT_FALSE(fit_logistic(x, {0, 1}).is_ok());
  EXPECT_FALSE(fit_logistic(x, {0, 0, 0, 0}).is_ok());
  Eigen::MatrixXd dup(6, 2);
  dup << 1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3;
  auto singular = fit_logistic(dup, {0, 1, 0, 1, 1, 0});
  ASSERT_FALSE(singular.is_ok());
  EXPECT_NE(singular.status().message().find("singular"), std::string::npos);
}

}  // namespace
}  // namespace rx::lab
