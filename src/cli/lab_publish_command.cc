// `rongxin lab publish`: puts a sample into the sample library and a model on it into the
// registry (the model file given, or fitted here), optionally as its scenario's champion.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "config/toml_reader.h"
#include "crypto/crypto.h"
#include "lab/lab_service.h"
#include "lab/model_file.h"

namespace rx::cli {
namespace {

struct PublishFlags {
  std::string config, db, sample, target, bad, name, scenario = "general", model, author,
                                                     description;
  std::string source = "import";
  int cv = 5;
  bool champion = false;
};

int run_publish(const PublishFlags& f) {
  auto config = load_config(f.config);
  if (!config.is_ok()) return fail("configuration", config.status());
  const std::string url = f.db.empty() ? config->db_url : f.db;
  auto db = open_and_migrate(url, /*create_if_missing=*/false);
  if (!db.is_ok()) return fail("database " + url, db.status());
  auto csv = config::read_text_file(f.sample, "sample");
  if (!csv.is_ok()) return fail("--sample", csv.status());
  SystemClock clock;
  crypto::SecureRandom random;
  lab::LabRegistry registry(**db, clock, random);
  const std::string author = f.author.empty() ? "cli" : f.author;
  auto sample = lab::import_sample(registry, {.name = f.name,
                                              .source = f.source,
                                              .description = f.description,
                                              .target = f.target,
                                              .bad_value = f.bad,
                                              .created_by = author,
                                              .csv = std::move(*csv)});
  if (!sample.is_ok()) return fail("sample " + f.sample, sample.status());
  const lab::ModelInput input{.sample_id = sample->id,
                              .name = f.name,
                              .scenario = f.scenario,
                              .author = author,
                              .champion = f.champion};
  auto model = [&]() -> Result<lab::ModelRecord> {
    if (f.model.empty()) return lab::fit_and_register(registry, input, {}, f.cv);
    RX_ASSIGN_OR_RETURN(std::string text, config::read_text_file(f.model, "model file"));
    RX_ASSIGN_OR_RETURN(lab::Model parsed, lab::parse_model(text));
    return lab::register_model(registry, input, std::move(parsed));
  }();
  if (!model.is_ok()) return fail("model", model.status());
  nlohmann::json out = {{"sample",
                         {{"id", sample->id},
                          {"name", sample->name},
                          {"version", sample->version},
                          {"rows", sample->rows},
                          {"bad", sample->bad}}},
                        {"model",
                         {{"id", model->id},
                          {"name", model->name},
                          {"version", model->version},
                          {"scenario", model->scenario},
                          {"role", model->role},
                          {"auc", model->auc.value_or(0)},
                          {"ks", model->ks.value_or(0)}}}};
  if (model->cv_auc) out["model"]["cv_auc"] = *model->cv_auc;
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace

void add_lab_publish_command(CLI::App& lab, int& exit_code) {
  auto f = std::make_shared<PublishFlags>();
  CLI::App* cmd = lab.add_subcommand(
      "publish", "Add a sample to the sample library and a model on it to the model registry");
  cmd->add_option("--config", f->config, "Configuration file (TOML)");
  cmd->add_option("--db", f->db, "Database URL (default: the configuration's)");
  cmd->add_option("--sample", f->sample, "Labelled sample (CSV with a header row)")->required();
  cmd->add_option("--target", f->target, "Target column")->required();
  cmd->add_option("--bad", f->bad, "Target value meaning bad")->required();
  cmd->add_option("--name", f->name, "Name of the sample and the model (versions count up)")
      ->required();
  cmd->add_option("--scenario", f->scenario, "general, sci_tech, trade or shipping")
      ->check(CLI::IsMember({"general", "sci_tech", "trade", "shipping"}))
      ->capture_default_str();
  cmd->add_option("--source", f->source, "Where the sample came from: platform or import")
      ->check(CLI::IsMember({"platform", "import"}))
      ->capture_default_str();
  cmd->add_option("--description", f->description, "What the sample holds");
  cmd->add_option("--model", f->model, "A model file to register (default: fit a scorecard)");
  cmd->add_option("--cv", f->cv, "Cross-validation folds when fitting here")
      ->check(CLI::Range(0, 50))
      ->capture_default_str();
  cmd->add_option("--author", f->author, "Author recorded with the sample and model");
  cmd->add_flag("--champion", f->champion, "Make the model its scenario's champion");
  cmd->callback([f, &exit_code] { exit_code = run_publish(*f); });
}

}  // namespace rx::cli
