// The public composite credit evaluation (公共信用综合评价): a transparent points model read
// from TOML (data/credit/composite.toml). Each factor maps one indicator to 0-100 points by
// bands; the score is the weighted mean of the points scaled to 0-1000, and the grade is the
// first grade whose minimum the score reaches. Every factor's contribution is reported so a
// loan officer can read why a firm scored what it did.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "credit/indicator_library.h"

namespace rx::credit {

// A half-open interval [from, below) of indicator values; a missing edge is unbounded.
struct Band {
  std::optional<double> from;
  std::optional<double> below;
  double points = 0;  // 0..100
  std::string label;  // "[1, 100000)" unless given
};

struct Factor {
  std::string indicator;
  size_t indicator_index{};  // into the indicator library
  double weight = 0;
  double missing_points = 0;  // points when the enterprise has no data for the indicator
  std::vector<Band> bands;    // sorted, contiguous, covering every value
};

struct Grade {
  std::string name;  // "A"
  double min_score = 0;
};

struct CompositeModel {
  std::string version;  // e.g. "2026.1"; stored with every evaluation
  std::string name;
  std::vector<Grade> grades;  // by descending min_score; the last has min_score 0
  std::vector<Factor> factors;
  double total_weight = 0;
};

struct Contribution {
  size_t factor{};
  float value{};       // the indicator value (NaN when missing)
  int band = -1;       // -1 when the value was missing
  double points{};     // 0..100
  double score{};      // this factor's part of the 0-1000 score
  double max_score{};  // what the factor could give at most
};

struct CompositeResult {
  double score = 0;  // 0..1000
  std::string_view grade;
  std::vector<Contribution> contributions;  // one per factor, in model order
};

// Errors name file:line:column: unknown indicators, band gaps or overlaps, points outside
// 0..100, grades out of order.
Result<CompositeModel> parse_composite_model(std::string_view text, std::string_view source,
                                             const IndicatorLibrary& library);
Result<CompositeModel> load_composite_model(const std::string& path,
                                            const IndicatorLibrary& library);

// `indicators` is one enterprise's row of an IndicatorTable.
CompositeResult evaluate_composite(const CompositeModel& model, std::span<const float> indicators);

}  // namespace rx::credit
