#include "credit/scorecard_scorer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "config/toml_reader.h"
#include "lab/model_file.h"
#include "lab/registry.h"

namespace rx::credit {
namespace {

constexpr size_t kReasons = 3;

class ScorecardScorer final : public RowScorer {
 public:
  ScorecardScorer(lab::Model model, std::string id, std::vector<size_t> columns)
      : model_(std::move(model)), id_(std::move(id)), columns_(std::move(columns)) {}

  std::string id() const override { return id_; }

  ScorecardResult score(std::span<const float> indicators) const override {
    const lab::Scorecard& card = model_.scorecard;
    ScorecardResult out;
    std::vector<Reason> losses;
    double points = 0;
    for (size_t j = 0; j < card.variables.size(); ++j) {
      const lab::ScorecardVariable& v = card.variables[j];
      const float value = indicators[columns_[j]];
      const int bin = v.binning.bin_of_number(std::isnan(value) ? NAN : double{value});
      const double p = v.points[static_cast<size_t>(bin)];
      points += p;
      if (const double lost = v.max_points() - p; lost > 1e-9)
        losses.push_back(
            {v.binning.name, v.binning.bins[static_cast<size_t>(bin)].label(v.binning.type), lost});
    }
    std::stable_sort(losses.begin(), losses.end(), [](const Reason& a, const Reason& b) {
      return a.points_lost > b.points_lost;
    });
    if (losses.size() > kReasons) losses.resize(kReasons);
    out.score = std::round(points * 10) / 10;
    out.bad_probability = card.scaling.pd_from_score(points);
    out.reasons = std::move(losses);
    return out;
  }

 private:
  lab::Model model_;
  std::string id_;
  std::vector<size_t> columns_;  // indicator index of each scorecard variable
};

}  // namespace

Result<std::unique_ptr<RowScorer>> make_scorecard_scorer(lab::Model model, std::string id,
                                                         const IndicatorLibrary& library) {
  if (model.algorithm != lab::Algorithm::kScorecard)
    return failed_precondition(
        "only scorecard models score enterprises (reason codes need points)");
  std::vector<size_t> columns;
  for (const lab::ScorecardVariable& v : model.scorecard.variables) {
    const int i = library.indicator_index(v.binning.name);
    if (i < 0 || v.binning.type != lab::ColumnType::kNumeric)
      return failed_precondition("scorecard variable '" + v.binning.name +
                                 "' is not a numeric indicator of the library");
    columns.push_back(static_cast<size_t>(i));
  }
  return std::unique_ptr<RowScorer>(
      std::make_unique<ScorecardScorer>(std::move(model), std::move(id), std::move(columns)));
}

Result<std::unique_ptr<RowScorer>> load_scorecard_scorer(const std::string& path,
                                                         const IndicatorLibrary& library) {
  RX_ASSIGN_OR_RETURN(std::string text, config::read_text_file(path, "model file"));
  RX_ASSIGN_OR_RETURN(lab::Model model, lab::parse_model(text));
  return make_scorecard_scorer(std::move(model), std::filesystem::path(path).filename().string(),
                               library);
}

Result<std::unique_ptr<RowScorer>> champion_scorer(store::Database& db, const Clock& clock,
                                                   Random& random, std::string_view scenario,
                                                   const IndicatorLibrary& library) {
  RX_ASSIGN_OR_RETURN(auto champion, lab::LabRegistry(db, clock, random).champion(scenario));
  if (!champion) return std::unique_ptr<RowScorer>();
  RX_ASSIGN_OR_RETURN(lab::Model model, lab::parse_model(champion->model));
  return make_scorecard_scorer(std::move(model),
                               champion->name + " v" + std::to_string(champion->version), library);
}

void ChampionScorers::apply_to(RunOptions& options) const {
  options.scorer = general.get();
  options.scenario_scorers.clear();
  for (const auto& [scenario, scorer] : scenarios)
    options.scenario_scorers[scenario] = scorer.get();
}

Result<ChampionScorers> champion_scorers(store::Database& db, const Clock& clock, Random& random,
                                         const IndicatorLibrary& library) {
  ChampionScorers out;
  for (std::string_view scenario : lab::kScenarios) {
    auto bound = champion_scorer(db, clock, random, scenario, library);
    if (!bound.is_ok() && bound.status().code() == StatusCode::kFailedPrecondition) {
      out.warnings.push_back("the " + std::string(scenario) +
                             " champion is not applied: " + bound.status().message());
      continue;
    }
    RX_ASSIGN_OR_RETURN(std::unique_ptr<RowScorer> scorer, std::move(bound));
    if (!scorer) continue;
    if (scenario == "general")
      out.general = std::move(scorer);
    else
      out.scenarios.emplace(std::string(scenario), std::move(scorer));
  }
  return out;
}

}  // namespace rx::credit
