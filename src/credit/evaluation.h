// One enterprise's evaluation for one month, as stored: the composite score and grade with
// every factor's contribution, the indicator values behind them, and, when a scorecard model
// was applied, its score and reason codes.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "credit/composite.h"
#include "credit/indicator_library.h"

namespace rx::credit {

struct Reason {
  std::string variable;  // an indicator id
  std::string bin;       // the bin the enterprise fell in
  double points_lost{};  // below the variable's best attainable points
};

struct ScorecardResult {
  double score{};
  double bad_probability{};
  std::vector<Reason> reasons;  // the top adverse factors, worst first
};

// A statistical model applied to indicator rows (the model lab's scorecard). Thread-safe.
class RowScorer {
 public:
  virtual ~RowScorer() = default;
  virtual std::string id() const = 0;  // stored with every evaluation it scored
  // `indicators` is a row of an IndicatorTable in the order of the library it was bound to.
  virtual ScorecardResult score(std::span<const float> indicators) const = 0;
};

// The JSON kept in credit_evaluations.detail:
// {"library_version", "model_version", "indicators": {id: value|null}, "factors": {indicator:
// {"points", "band", "score", "max"}},
//  "scorecard": {"model", "score", "bad_probability", "reasons": [...]}}
std::string detail_json(const IndicatorLibrary& library, const CompositeModel& model,
                        std::span<const float> indicators, const CompositeResult& composite,
                        const std::optional<ScorecardResult>& scorecard,
                        const std::string& scorecard_model);

}  // namespace rx::credit
