#include "lab/logistic.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <cmath>

namespace rx::lab {
namespace {

constexpr Eigen::Index kBlockRows = 4096;

struct Accumulated {
  Eigen::MatrixXd hessian;   // lower triangle of [1 X]' W [1 X]
  Eigen::VectorXd gradient;  // [1 X]' (y - p)
  double log_likelihood = 0;
};

double log1p_exp(double t) {
  return t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t));
}

// Log-likelihood sum of y*eta - log(1 + e^eta) at (b0, beta).
double log_likelihood(const Eigen::MatrixXd& x, const std::vector<uint8_t>& y, double b0,
                      const Eigen::VectorXd& beta) {
  const Eigen::Index n = x.rows();
  return tbb::parallel_deterministic_reduce(
      tbb::blocked_range<Eigen::Index>(0, n, kBlockRows), 0.0,
      [&](const tbb::blocked_range<Eigen::Index>& r, double acc) {
        Eigen::VectorXd eta = (x.middleRows(r.begin(), r.size()) * beta).array() + b0;
        for (Eigen::Index i = 0; i < eta.size(); ++i)
          acc += (y[static_cast<size_t>(r.begin() + i)] ? eta[i] : 0.0) - log1p_exp(eta[i]);
        return acc;
      },
      std::plus<>());
}

Accumulated accumulate(const Eigen::MatrixXd& x, const std::vector<uint8_t>& y, double b0,
                       const Eigen::VectorXd& beta) {
  const Eigen::Index n = x.rows(), p = x.cols();
  Accumulated zero{Eigen::MatrixXd::Zero(p + 1, p + 1), Eigen::VectorXd::Zero(p + 1), 0};
  return tbb::parallel_deterministic_reduce(
      tbb::blocked_range<Eigen::Index>(0, n, kBlockRows), zero,
      [&](const tbb::blocked_range<Eigen::Index>& r, Accumulated acc) {
        const Eigen::Index m = static_cast<Eigen::Index>(r.size());
        Eigen::MatrixXd block(m, p + 1);  // sqrt(w) * [1 X]
        block.col(0).setOnes();
        block.rightCols(p) = x.middleRows(r.begin(), m);
        Eigen::VectorXd eta = (block.rightCols(p) * beta).array() + b0;
        Eigen::VectorXd residual(m), root_w(m);
        for (Eigen::Index i = 0; i < m; ++i) {
          const double e = eta[i];
          const double prob = 1.0 / (1.0 + std::exp(-e));
          const bool bad = y[static_cast<size_t>(r.begin() + i)] != 0;
          residual[i] = (bad ? 1.0 : 0.0) - prob;
          root_w[i] = std::sqrt(prob * (1.0 - prob));
          acc.log_likelihood += (bad ? e : 0.0) - log1p_exp(e);
        }
        acc.gradient.noalias() += block.transpose() * residual;
        block.array().colwise() *= root_w.array();
        acc.hessian.selfadjointView<Eigen::Lower>().rankUpdate(block.transpose());
        return acc;
      },
      [](Accumulated a, const Accumulated& b) {
        a.hessian += b.hessian;
        a.gradient += b.gradient;
        a.log_likelihood += b.log_likelihood;
        return a;
      });
}

}  // namespace

Result<LogisticFit> fit_logistic(const Eigen::MatrixXd& x, const std::vector<uint8_t>& y,
                                 const LogisticOptions& o, const std::vector<std::string>& names) {
  const Eigen::Index n = x.rows(), p = x.cols();
  if (static_cast<size_t>(n) != y.size())
    return invalid_argument("logistic regression: " + std::to_string(n) + " rows but " +
                            std::to_string(y.size()) + " labels");
  double positives = 0;
  for (uint8_t v : y) positives += v ? 1 : 0;
  if (positives == 0 || positives == static_cast<double>(n))
    return invalid_argument("logistic regression needs both classes in the labels");
  auto name = [&](Eigen::Index j) {
    return static_cast<size_t>(j) < names.size() ? "\"" + names[static_cast<size_t>(j)] + "\""
                                                 : "column " + std::to_string(j);
  };

  LogisticFit fit;
  const double rate = positives / static_cast<double>(n);
  fit.intercept = std::log(rate / (1 - rate));
  fit.beta = Eigen::VectorXd::Zero(p);
  auto penalised = [&](double ll, const Eigen::VectorXd& beta) {
    return ll - 0.5 * o.lambda * beta.squaredNorm();
  };
  double previous = -std::numeric_limits<double>::infinity();
  for (int it = 1; it <= o.max_iterations; ++it) {
    Accumulated a = accumulate(x, y, fit.intercept, fit.beta);
    fit.log_likelihood = a.log_likelihood;
    const double current = penalised(a.log_likelihood, fit.beta);
    a.gradient.tail(p) -= o.lambda * fit.beta;
    a.hessian.diagonal().tail(p).array() += o.lambda;
    Eigen::LDLT<Eigen::MatrixXd> ldlt(a.hessian.selfadjointView<Eigen::Lower>());
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive() ||
        ldlt.vectorD().minCoeff() <= 1e-12 * std::max(1.0, ldlt.vectorD().maxCoeff()))
      return invalid_argument(
          "logistic regression: the system is singular (a constant or duplicated variable?); "
          "use lambda > 0");
    Eigen::VectorXd step = ldlt.solve(a.gradient);
    if (!step.allFinite())
      return failed_precondition("logistic regression: the Newton step is not finite");
    // Halve the step while it lowers the penalised log-likelihood.
    double scale = 1;
    for (int h = 0; h < 30; ++h, scale *= 0.5) {
      Eigen::VectorXd beta = fit.beta + scale * step.tail(p);
      double b0 = fit.intercept + scale * step[0];
      if (penalised(log_likelihood(x, y, b0, beta), beta) >= current - 1e-12 * std::abs(current))
        break;
    }
    fit.intercept += scale * step[0];
    fit.beta += scale * step.tail(p);
    fit.iterations = it;
    for (Eigen::Index j = 0; j < p; ++j)
      if (std::abs(fit.beta[j]) > o.divergence_limit)
        return failed_precondition(
            "logistic regression diverges: the coefficient of " + name(j) + " passed " +
            std::to_string(o.divergence_limit) +
            " (the classes are separable on it); use L2 (lambda > 0) or drop the variable");
    const double max_step = (scale * step).cwiseAbs().maxCoeff();
    const bool ll_flat = std::abs(current - previous) <= 1e-12 * std::abs(current);
    previous = current;
    if (max_step < o.tolerance || ll_flat) {
      fit.log_likelihood = log_likelihood(x, y, fit.intercept, fit.beta);
      return fit;
    }
  }
  return failed_precondition("logistic regression did not converge in " +
                             std::to_string(o.max_iterations) +
                             " iterations; the data may be separable: use lambda > 0");
}

Eigen::VectorXd predict_logistic(const LogisticFit& fit, const Eigen::MatrixXd& x) {
  Eigen::VectorXd eta = (x * fit.beta).array() + fit.intercept;
  return (1.0 + (-eta.array()).exp()).inverse().matrix();
}

}  // namespace rx::lab
