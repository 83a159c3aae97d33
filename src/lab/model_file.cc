#include "lab/model_file.h"

#include <cmath>
#include <limits>

#include "lab/base64.h"

namespace rx::lab {
namespace {

using nlohmann::json;

json bound(double v) {
  return std::isinf(v) ? json(nullptr) : json(v);
}

double read_bound(const json& j, double if_null) {
  return j.is_null() ? if_null : j.get<double>();
}

json bin_json(const Bin& b, ColumnType type, double points) {
  json j = {{"label", b.label(type)}, {"missing", b.missing}, {"good", b.good},  {"bad", b.bad},
            {"woe", b.woe},           {"iv", b.iv},           {"points", points}};
  if (!b.missing) {
    if (type == ColumnType::kNumeric) {
      j["lower"] = bound(b.lower);
      j["upper"] = bound(b.upper);
    } else {
      j["categories"] = b.categories;
    }
  }
  return j;
}

ColumnType parse_type(const std::string& s) {
  if (s == "numeric") return ColumnType::kNumeric;
  if (s == "categorical") return ColumnType::kCategorical;
  throw std::invalid_argument("unknown variable type \"" + s + "\"");
}

}  // namespace

json training_metrics_json(const TrainingMetrics& t) {
  json j = {{"rows", t.rows}, {"bad", t.bad}, {"auc", t.auc}, {"ks", t.ks}, {"gini", t.gini}};
  if (!t.cv_auc.empty()) {
    j["cv_auc"] = t.cv_auc_mean;
    j["cv_fold_auc"] = t.cv_auc;
    j["cv_folds"] = t.cv_auc.size();
    j["cv_seed"] = t.cv_seed;
  }
  return j;
}

json model_to_json(const Model& m) {
  json j = {{"format", kModelFormat},
            {"format_version", kModelFormatVersion},
            {"algorithm", algorithm_name(m.algorithm)},
            {"target", m.target},
            {"bad_value", m.bad_value},
            {"odds_convention", kOddsConvention},
            {"woe_convention", "ln(%good/%bad)"},
            {"score_direction", "higher score = lower risk"},
            {"default_cutoff_pd", m.default_cutoff},
            {"created_at", m.created_at},
            {"author", m.author},
            {"training", training_metrics_json(m.training)}};
  if (m.algorithm == Algorithm::kScorecard) {
    const Scorecard& c = m.scorecard;
    j["scaling"] = {{"base_score", c.scaling.base_score},
                    {"base_odds", c.scaling.base_odds},
                    {"pdo", c.scaling.pdo},
                    {"factor", c.scaling.factor()},
                    {"offset", c.scaling.offset()},
                    {"odds_convention", kOddsConvention}};
    j["intercept"] = c.intercept;
    json coefficients = {{"(intercept)", c.intercept}};
    json variables = json::array();
    for (const ScorecardVariable& v : c.variables) {
      coefficients[v.binning.name] = v.coefficient;
      json bins = json::array();
      for (size_t i = 0; i < v.binning.bins.size(); ++i)
        bins.push_back(bin_json(v.binning.bins[i], v.binning.type, v.points[i]));
      variables.push_back({{"name", v.binning.name},
                           {"type", column_type_name(v.binning.type)},
                           {"iv", v.binning.iv},
                           {"coefficient", v.coefficient},
                           {"missing_bin", v.binning.missing_bin},
                           {"neutral_bin", v.binning.neutral_bin},
                           {"bins", bins}});
    }
    j["coefficients"] = coefficients;
    j["variables"] = variables;
  } else {
    const XgbModel& x = m.xgboost;
    json features = json::array();
    for (const XgbFeature& f : x.features)
      features.push_back(
          {{"name", f.name}, {"type", column_type_name(f.type)}, {"levels", f.levels}});
    j["variables"] = features;
    j["xgboost"] = {{"params",
                     {{"rounds", x.params.rounds},
                      {"max_depth", x.params.max_depth},
                      {"eta", x.params.eta},
                      {"nthread", x.params.nthread},
                      {"subsample", x.params.subsample},
                      {"min_child_weight", x.params.min_child_weight},
                      {"lambda", x.params.lambda},
                      {"seed", x.params.seed},
                      {"max_levels", x.params.max_levels}}},
                    {"booster_format", "ubj"},
                    {"booster_base64", base64_encode(x.booster)}};
  }
  return j;
}

std::string serialize_model(const Model& model) {
  return model_to_json(model).dump(1) + "\n";
}

Result<Model> model_from_json(const json& j) {
  try {
    if (!j.is_object() || j.value("format", "") != kModelFormat)
      return invalid_argument("not a rongxin model (\"format\" is not \"rongxin-model\")");
    const int version = j.at("format_version").get<int>();
    if (version > kModelFormatVersion)
      return failed_precondition("model format_version " + std::to_string(version) +
                                 " is newer than this rongxin understands (" +
                                 std::to_string(kModelFormatVersion) + ")");
    if (version < 1) return invalid_argument("model format_version must be >= 1");
    if (j.value("odds_convention", kOddsConvention) != std::string(kOddsConvention))
      return invalid_argument("model odds convention \"" + j.value("odds_convention", "") +
                              "\" is not supported (good:bad)");
    Model m;
    RX_ASSIGN_OR_RETURN(m.algorithm, parse_algorithm(j.at("algorithm").get<std::string>()));
    m.target = j.at("target").get<std::string>();
    m.bad_value = j.at("bad_value").get<std::string>();
    m.default_cutoff = j.value("default_cutoff_pd", 0.5);
    m.created_at = j.value("created_at", "");
    m.author = j.value("author", "");
    const json& t = j.at("training");
    m.training.rows = t.value("rows", int64_t{0});
    m.training.bad = t.value("bad", int64_t{0});
    m.training.auc = t.value("auc", 0.0);
    m.training.ks = t.value("ks", 0.0);
    m.training.gini = t.value("gini", 0.0);
    if (t.contains("cv_fold_auc")) {
      m.training.cv_auc = t.at("cv_fold_auc").get<std::vector<double>>();
      m.training.cv_auc_mean = t.value("cv_auc", 0.0);
      m.training.cv_seed = t.value("cv_seed", uint64_t{0});
    }
    if (m.algorithm == Algorithm::kScorecard) {
      Scorecard& c = m.scorecard;
      const json& s = j.at("scaling");
      c.scaling = {s.at("base_score").get<double>(), s.at("base_odds").get<double>(),
                   s.at("pdo").get<double>()};
      c.intercept = j.at("intercept").get<double>();
      for (const json& v : j.at("variables")) {
        ScorecardVariable sv;
        VariableBinning& b = sv.binning;
        b.name = v.at("name").get<std::string>();
        b.type = parse_type(v.at("type").get<std::string>());
        b.iv = v.at("iv").get<double>();
        b.missing_bin = v.at("missing_bin").get<int>();
        b.neutral_bin = v.at("neutral_bin").get<int>();
        sv.coefficient = v.at("coefficient").get<double>();
        for (const json& bj : v.at("bins")) {
          Bin bin;
          bin.missing = bj.at("missing").get<bool>();
          bin.good = bj.at("good").get<double>();
          bin.bad = bj.at("bad").get<double>();
          bin.woe = bj.at("woe").get<double>();
          bin.iv = bj.at("iv").get<double>();
          if (!bin.missing && b.type == ColumnType::kNumeric) {
            bin.lower = read_bound(bj.at("lower"), -std::numeric_limits<double>::infinity());
            bin.upper = read_bound(bj.at("upper"), std::numeric_limits<double>::infinity());
          } else if (!bin.missing) {
            bin.categories = bj.at("categories").get<std::vector<std::string>>();
          }
          b.bins.push_back(std::move(bin));
          sv.points.push_back(bj.at("points").get<double>());
        }
        const int nb = static_cast<int>(b.bins.size());
        if (nb == 0 || b.missing_bin >= nb || b.neutral_bin < 0 || b.neutral_bin >= nb ||
            (b.missing_bin >= 0 && !b.bins[static_cast<size_t>(b.missing_bin)].missing))
          return invalid_argument("model variable \"" + b.name + "\" has inconsistent bins");
        c.variables.push_back(std::move(sv));
      }
      if (c.variables.empty()) return invalid_argument("the scorecard has no variables");
    } else {
      const json& x = j.at("xgboost");
      const json& p = x.at("params");
      XgbModel& xm = m.xgboost;
      xm.params.rounds = p.at("rounds").get<int>();
      xm.params.max_depth = p.at("max_depth").get<int>();
      xm.params.eta = p.at("eta").get<double>();
      xm.params.nthread = p.at("nthread").get<int>();
      xm.params.subsample = p.value("subsample", 1.0);
      xm.params.min_child_weight = p.value("min_child_weight", 1.0);
      xm.params.lambda = p.value("lambda", 1.0);
      xm.params.seed = p.value("seed", uint64_t{0});
      xm.params.max_levels = p.value("max_levels", size_t{64});
      for (const json& f : j.at("variables"))
        xm.features.push_back({f.at("name").get<std::string>(),
                               parse_type(f.at("type").get<std::string>()),
                               f.at("levels").get<std::vector<std::string>>()});
      if (x.value("booster_format", "") != "ubj")
        return invalid_argument("xgboost booster_format must be \"ubj\"");
      auto bytes = base64_decode(x.at("booster_base64").get<std::string>());
      if (!bytes.is_ok()) return invalid_argument("xgboost booster: " + bytes.status().message());
      xm.booster = std::move(*bytes);
    }
    return m;
  } catch (const std::exception& e) {
    return invalid_argument(std::string("malformed model file: ") + e.what());
  }
}

Result<Model> parse_model(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return invalid_argument("the model file is not valid JSON");
  return model_from_json(doc);
}

}  // namespace rx::lab
