#include "credit/evaluation.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace rx::credit {

namespace {
nlohmann::json number_or_null(double v) {
  return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
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
                                                  {"score", std::round(c.score * 100) / 100},
                                                  {"max", std::round(c.max_score * 100) / 100}};
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
