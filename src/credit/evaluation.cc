#include "credit/evaluation.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace rx::credit {

namespace {
// Indicators are computed in single precision: keep the digits a float holds (7), so 5380.35
// reads 5380.35 and not 5380.35009765625.
nlohmann::json number_or_null(float v) {
  if (std::isnan(v)) return nullptr;
  char text[32];
  std::snprintf(text, sizeof text, "%.7g", static_cast<double>(v));
  return std::strtod(text, nullptr);
}
}  // namespace

std::string detail_json(const IndicatorLibrary& library, const CompositeModel& model,
                        std::span<const float> indicators, const CompositeResult& composite,
                        const std::optional<ScorecardResult>& scorecard,
                        const std::string& scorecard_model) {
  nlohmann::json values = nlohmann::json::object();
  for (size_t i = 0; i < library.indicators.size(); ++i)
    values[library.indicators[i].id] = number_or_null(indicators[i]);
  nlohmann::json factors = nlohmann::json::object();
  for (const Contribution& c : composite.contributions)
    factors[model.factors[c.factor].indicator] = {{"points", c.points},
                                                  {"band", c.band},
                                                  {"score", std::round(c.score * 1e4) / 1e4},
                                                  {"max", std::round(c.max_score * 1e4) / 1e4}};
  nlohmann::json detail = {{"library_version", library.version},
                           {"model_version", model.version},
                           {"indicators", values},
                           {"factors", factors}};
  if (scorecard) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const Reason& r : scorecard->reasons)
      reasons.push_back({{"variable", r.variable}, {"bin", r.bin}, {"points_lost", r.points_lost}});
    detail["scorecard"] = {{"model", scorecard_model},
                           {"score", scorecard->score},
                           {"bad_probability", scorecard->bad_probability},
                           {"reasons", reasons}};
  }
  return detail.dump();
}

}  // namespace rx::credit
