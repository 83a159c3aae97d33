// Logistic regression by Newton's method (IRLS) on dense data, with optional L2.
//
// Model: P(y = 1 | x) = 1 / (1 + exp(-(intercept + x . beta))). The penalty
// (lambda / 2) * |beta|^2 leaves the intercept unpenalised. Each iteration solves
// (X'WX + lambda I) step = gradient with an LDLT factorisation; the step is halved while it
// lowers the penalised log-likelihood. Converged when max |step| < tolerance or the relative
// change of the log-likelihood is below 1e-12.
//
// Cost: one pass over the rows per iteration, O(n p^2) for X'WX, computed in row blocks in
// parallel with oneTBB (safe to call from several threads at once).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace rx::lab {

struct LogisticOptions {
  double lambda = 0;  // L2 strength; > 0 keeps separable data finite
  int max_iterations = 50;
  double tolerance = 1e-8;       // on max |step|
  double divergence_limit = 30;  // |coefficient| in log-odds per unit beyond which we give up
};

struct LogisticFit {
  double intercept = 0;
  Eigen::VectorXd beta;
  int iterations = 0;
  double log_likelihood = 0;  // unpenalised, at the solution
};

// `x` is n x p (column-major, no intercept column), `y` 0/1 of length n.
// kInvalidArgument on shape errors, one class only or a singular system (a constant or
// duplicated column without L2); kFailedPrecondition when the fit does not converge or a
// coefficient diverges (separable data): the message names the variable from `names`
// and suggests lambda > 0.
Result<LogisticFit> fit_logistic(const Eigen::MatrixXd& x, const std::vector<uint8_t>& y,
                                 const LogisticOptions& options = {},
                                 const std::vector<std::string>& names = {});

// P(y = 1) for every row of x.
Eigen::VectorXd predict_logistic(const LogisticFit& fit, const Eigen::MatrixXd& x);

}  // namespace rx::lab
