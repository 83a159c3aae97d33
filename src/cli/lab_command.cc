// `rongxin lab fit | eval | score`: the statistical model lab on CSV files.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/time.h"
#include "lab/cross_validation.h"
#include "lab/dataset_csv.h"
#include "lab/metrics.h"
#include "lab/model_file.h"
#include "lab/report.h"

namespace rx::cli {
namespace {

using nlohmann::json;

struct LabFlags {
  std::string csv, target, bad, algo = "scorecard", out = "model.json", model, author;
  std::vector<std::string> numeric, categorical;
  int cv = 0;
  uint64_t seed = 42;
  double lambda = 0, min_iv = 0.02, min_bin_share = 0.05, chi2 = 0, max_corr = 0.7;
  bool monotonic = true;
  int max_bins = 6, rounds = 200, depth = 4;
  size_t reasons = 3;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// JSON numbers cannot be NaN; an undefined metric is null.
json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot open '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return unavailable("cannot read '" + path + "'");
  return s.str();
}

// Written beside the target and renamed over it, so a reader never sees half a model.
Status write_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return invalid_argument("cannot write '" + tmp + "'");
    out << text;
    out.flush();
    if (!out) return unavailable("cannot write '" + tmp + "'");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return unavailable("cannot rename '" + tmp + "' to '" + path + "': " + ec.message());
  return Status::ok();
}

void print_warnings(const std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) std::fprintf(stderr, "rongxin: warning: %s\n", w.c_str());
}

std::string default_author() {
  const char* user = std::getenv("USER");
  return user && *user ? user : "unknown";
}

int run_fit(const LabFlags& f) {
  auto algorithm = lab::parse_algorithm(f.algo);
  if (!algorithm.is_ok()) return fail("--algo", algorithm.status());
  lab::DatasetOptions options{.target = f.target, .bad_value = f.bad};
  for (const std::string& c : f.numeric) options.types[c] = lab::ColumnType::kNumeric;
  for (const std::string& c : f.categorical) options.types[c] = lab::ColumnType::kCategorical;
  auto t0 = std::chrono::steady_clock::now();
  auto loaded = lab::load_csv_dataset(f.csv, options);
  if (!loaded.is_ok()) return fail("lab fit", loaded.status());
  const double load_seconds = seconds_since(t0);
  print_warnings(loaded->warnings);
  const lab::Dataset& data = loaded->data;

  lab::FitOptions fit;
  fit.algorithm = *algorithm;
  fit.scorecard.logistic.lambda = f.lambda;
  fit.scorecard.selection.min_iv = f.min_iv;
  fit.scorecard.binning.max_bins = f.max_bins;
  fit.scorecard.binning.min_bin_share = f.min_bin_share;
  fit.scorecard.binning.chi2_critical = f.chi2;
  fit.scorecard.binning.monotonic = f.monotonic;
  fit.scorecard.selection.max_correlation = f.max_corr;
  fit.xgboost.rounds = f.rounds;
  fit.xgboost.max_depth = f.depth;
  fit.xgboost.seed = f.seed;
  t0 = std::chrono::steady_clock::now();
  auto fitted = lab::fit_model(data, fit);
  if (!fitted.is_ok()) return fail("lab fit", fitted.status());
  const double fit_seconds = seconds_since(t0);
  print_warnings(fitted->warnings);
  lab::Model& model = fitted->model;
  double cv_seconds = 0;
  if (f.cv > 0) {
    t0 = std::chrono::steady_clock::now();
    auto cv = lab::cross_validate(data, fit, {.folds = f.cv, .seed = f.seed});
    if (!cv.is_ok()) return fail("lab fit --cv", cv.status());
    cv_seconds = seconds_since(t0);
    model.training.cv_auc = cv->fold_auc;
    model.training.cv_auc_mean = cv->mean_auc;
    model.training.cv_seed = f.seed;
  }
  model.created_at = format_instant(SystemClock().now());
  model.author = f.author.empty() ? default_author() : f.author;
  if (Status s = write_file(f.out, lab::serialize_model(model)); !s.is_ok())
    return fail("lab fit --out", s);

  json variables = json::array();
  for (const auto& [name, type] : model.variable_types()) variables.push_back(name);
  if (model.algorithm == lab::Algorithm::kScorecard) {
    variables = json::array();
    for (const lab::ScorecardVariable& v : model.scorecard.variables)
      variables.push_back(v.binning.name);
  }
  json out = {{"algorithm", lab::algorithm_name(model.algorithm)},
              {"rows", model.training.rows},
              {"bad", model.training.bad},
              {"variables_used", variables},
              {"train",
               {{"auc", number(model.training.auc)},
                {"ks", number(model.training.ks)},
                {"gini", number(model.training.gini)}}},
              {"odds_convention", lab::kOddsConvention},
              {"model", f.out},
              {"seconds", {{"load", load_seconds}, {"fit", fit_seconds}, {"cv", cv_seconds}}}};
  if (f.cv > 0) {
    out["cv_auc"] = model.training.cv_auc_mean;
    out["cv_fold_auc"] = model.training.cv_auc;
    out["cv_folds"] = f.cv;
    out["cv_seed"] = f.seed;
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

struct Applied {
  lab::Model model;
  lab::Dataset data;
  std::vector<double> pd;
};

// Loads the model and the CSV with the model's column types, and predicts every row.
Result<Applied> apply_model(const LabFlags& f, bool need_target) {
  RX_ASSIGN_OR_RETURN(std::string text, read_file(f.model));
  auto model = lab::parse_model(text);
  if (!model.is_ok())
    return Status(model.status().code(), f.model + ": " + model.status().message());
  lab::DatasetOptions options{.target = need_target ? f.target : "",
                              .bad_value = f.bad,
                              .types = model->variable_types(),
                              .drop_uninformative = false,
                              .require_both_classes = false};
  RX_ASSIGN_OR_RETURN(lab::LoadedDataset loaded, lab::load_csv_dataset(f.csv, options));
  print_warnings(loaded.warnings);
  RX_ASSIGN_OR_RETURN(std::vector<double> pd, lab::predict_pd(*model, loaded.data));
  return Applied{std::move(*model), std::move(loaded.data), std::move(pd)};
}

int run_eval(const LabFlags& f) {
  auto applied = apply_model(f, true);
  if (!applied.is_ok()) return fail("lab eval", applied.status());
  const auto& [model, data, pd] = *applied;
  std::printf("%s\n", lab::evaluation_report(model, data, pd).dump().c_str());
  return 0;
}

// One JSON line per row: score (scorecards), pd and the top reasons.
int run_score(const LabFlags& f) {
  auto applied = apply_model(f, false);
  if (!applied.is_ok()) return fail("lab score", applied.status());
  const auto& [model, data, pd] = *applied;
  std::vector<std::vector<int>> bins;
  if (model.algorithm == lab::Algorithm::kScorecard) {
    auto assigned = lab::assign_bins(model.scorecard, data);
    if (!assigned.is_ok()) return fail("lab score", assigned.status());
    bins = std::move(*assigned);
  }
  for (size_t r = 0; r < data.rows(); ++r) {
    json row = {{"row", r + 2}, {"pd", pd[r]}};
    if (!bins.empty()) {
      double score = 0;
      for (size_t j = 0; j < bins.size(); ++j)
        score += model.scorecard.variables[j].points[static_cast<size_t>(bins[j][r])];
      row["score"] = score;
      json reasons = json::array();
      for (const lab::ReasonCode& rc : lab::reason_codes(model.scorecard, bins, r, f.reasons))
        reasons.push_back(
            {{"variable", rc.variable}, {"bin", rc.bin}, {"points_lost", rc.points_lost}});
      row["reasons"] = reasons;
    }
    std::printf("%s\n", row.dump().c_str());
  }
  return 0;
}

}  // namespace

void add_lab_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<LabFlags>();
  CLI::App* lab = app.add_subcommand("lab", "Model lab: scorecards and gradient boosting on CSV");
  lab->require_subcommand(1);

  CLI::App* fit = lab->add_subcommand("fit", "Fit a model on a CSV file and write the model file");
  fit->add_option("--csv", f->csv, "Training data (CSV with a header row)")->required();
  fit->add_option("--target", f->target, "Target column")->required();
  fit->add_option("--bad", f->bad, "Target value meaning bad (the positive class)")->required();
  fit->add_option("--algo", f->algo, "scorecard or xgboost")
      ->check(CLI::IsMember({"scorecard", "xgboost"}))
      ->capture_default_str();
  fit->add_option("--cv", f->cv, "Also run stratified k-fold cross-validation (k >= 2)")
      ->check(CLI::Range(2, 50));
  fit->add_option("--seed", f->seed, "Seed for cross-validation folds and xgboost")
      ->capture_default_str();
  fit->add_option("--out", f->out, "Model file to write")->capture_default_str();
  fit->add_option("--author", f->author, "Author recorded in the model (default: $USER)");
  fit->add_option("--numeric", f->numeric, "Column that must be numeric (repeatable)");
  fit->add_option("--categorical", f->categorical, "Column read as categories (repeatable)");
  fit->add_option("--lambda", f->lambda, "Scorecard: L2 penalty")->capture_default_str();
  fit->add_option("--min-iv", f->min_iv, "Scorecard: drop variables below this IV")
      ->capture_default_str();
  fit->add_option("--max-bins", f->max_bins, "Scorecard: bins per variable (missing apart)")
      ->check(CLI::Range(2, 50))
      ->capture_default_str();
  fit->add_option("--min-bin-share", f->min_bin_share, "Scorecard: minimum rows per bin")
      ->check(CLI::Range(0.0, 0.5))
      ->capture_default_str();
  fit->add_option("--chi2", f->chi2,
                  "Scorecard: merge neighbour bins while their chi-square is below this")
      ->capture_default_str();
  fit->add_option("--monotonic", f->monotonic, "Scorecard: monotonic WOE for numeric variables")
      ->capture_default_str();
  fit->add_option("--max-correlation", f->max_corr,
                  "Scorecard: drop the lower-IV variable of pairs above this |r|")
      ->capture_default_str();
  fit->add_option("--rounds", f->rounds, "xgboost: boosting rounds")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  fit->add_option("--depth", f->depth, "xgboost: tree depth")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  fit->callback([f, &exit_code] { exit_code = run_fit(*f); });

  CLI::App* eval = lab->add_subcommand("eval", "Evaluate a model file on labelled CSV data");
  eval->add_option("--model", f->model, "Model file")->required();
  eval->add_option("--csv", f->csv, "Data (CSV with a header row)")->required();
  eval->add_option("--target", f->target, "Target column")->required();
  eval->add_option("--bad", f->bad, "Target value meaning bad")->required();
  eval->callback([f, &exit_code] { exit_code = run_eval(*f); });

  CLI::App* score = lab->add_subcommand("score", "Score CSV rows: JSON lines with PD and reasons");
  score->add_option("--model", f->model, "Model file")->required();
  score->add_option("--csv", f->csv, "Data (CSV with a header row)")->required();
  score->add_option("--reasons", f->reasons, "Reason codes per row")->capture_default_str();
  score->callback([f, &exit_code] { exit_code = run_score(*f); });

  add_lab_sample_command(*lab, exit_code);
  add_lab_publish_command(*lab, exit_code);
}

}  // namespace rx::cli
