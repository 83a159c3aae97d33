// The model file: one JSON document for both algorithms. Specified in docs/lab.md.
//
//   {"format": "rongxin-model", "format_version": 1, "algorithm": "scorecard" | "xgboost",
//    "target", "bad_value", "odds_convention": "good:bad", "woe_convention",
//    "score_direction", "default_cutoff_pd", "created_at", "author", "training": {...},
//    scorecard: "scaling", "intercept", "coefficients", "variables": [{"name", "type", "iv",
//               "coefficient", "missing_bin", "neutral_bin", "bins": [{"label", "lower",
//               "upper", "categories", "missing", "good", "bad", "woe", "iv", "points"}]}]
//    xgboost:   "xgboost": {"params", "features", "booster_format": "ubj", "booster_base64"}}
//
// Infinite bin bounds are written as null. Readers reject a format_version newer than
// kModelFormatVersion; older versions are read (there are none yet).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "lab/model.h"

namespace rx::lab {

inline constexpr const char* kModelFormat = "rongxin-model";
inline constexpr int kModelFormatVersion = 1;

nlohmann::json model_to_json(const Model& model);
std::string serialize_model(const Model& model);  // pretty-printed JSON

// kInvalidArgument for malformed documents (naming the missing or mistyped key),
// kFailedPrecondition for a newer format_version.
Result<Model> model_from_json(const nlohmann::json& doc);
Result<Model> parse_model(std::string_view text);

// The "training" object of the model file and of `lab fit` output.
nlohmann::json training_metrics_json(const TrainingMetrics& t);

}  // namespace rx::lab
