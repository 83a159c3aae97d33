// `rongxin policies check` and `rongxin policies import`: support policies as TOML files
// (docs/policies.md). check reports every problem of every file (file:line:column) without a
// database; import checks every file first and stores nothing when one fails, then saves each
// changed document as a new revision (unchanged ones are skipped).
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "catalog/loader.h"
#include "cli/commands.h"
#include "config/toml_reader.h"
#include "core/clock.h"
#include "crypto/crypto.h"
#include "policy/policy_service.h"

namespace rx::cli {
namespace {

namespace fs = std::filesystem;

struct PolicyFlags {
  std::string config, db, catalog;
  std::vector<std::string> paths;
};

struct PolicyFile {
  std::string path, id, text;
};

// The .toml files named, directories expanded (sorted), README and other files skipped.
Result<std::vector<PolicyFile>> read_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(p))
        if (entry.path().extension() == ".toml") found.push_back(entry.path().string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(p);
    }
  }
  std::vector<PolicyFile> out;
  for (const std::string& f : files) {
    RX_ASSIGN_OR_RETURN(std::string text, config::read_text_file(f, "policy"));
    out.push_back({f, fs::path(f).stem().string(), std::move(text)});
  }
  return out;
}

// Prints each problem on its own line; returns whether all files parse.
bool check_all(const std::vector<PolicyFile>& files, const rules::Schema& schema) {
  bool ok = true;
  for (const PolicyFile& f : files) {
    auto p = policy::parse_policy(f.text, f.path, schema);
    if (p.is_ok()) continue;
    ok = false;
    if (p.status().details().empty()) std::fprintf(stderr, "%s\n", p.status().message().c_str());
    for (const FieldError& e : p.status().details())
      std::fprintf(stderr, "%s (%s)\n", e.reason.c_str(), e.field.c_str());
  }
  return ok;
}

int check_policies(const PolicyFlags& f) {
  auto config = load_config(f.config);
  if (!config.is_ok()) return fail("policies check", config.status());
  auto catalog =
      catalog::load_catalog(resolve_data_path(f.catalog.empty() ? config->catalog_dir : f.catalog));
  if (!catalog.is_ok()) return fail("policies check: catalogue", catalog.status());
  auto models = load_credit_models(*config, *catalog);
  if (!models.is_ok()) return fail("policies check: credit models", models.status());
  auto attributes = market::EnterpriseAttributes::create(models->library);
  if (!attributes.is_ok()) return fail("policies check", attributes.status());
  auto files = read_files(f.paths);
  if (!files.is_ok()) return fail("policies check", files.status());
  if (!check_all(*files, attributes->schema())) return 2;
  std::printf("%zu policies ok\n", files->size());
  return 0;
}

int import_policies(const PolicyFlags& f) {
  auto setup = open_credit_setup(f.config, f.db, f.catalog);
  if (!setup.is_ok()) return fail("policies import", setup.status());
  auto attributes = market::EnterpriseAttributes::create(setup->models.library);
  if (!attributes.is_ok()) return fail("policies import", attributes.status());
  auto files = read_files(f.paths);
  if (!files.is_ok()) return fail("policies import", files.status());
  if (!check_all(*files, attributes->schema())) return 2;
  SystemClock clock;
  crypto::SecureRandom random;
  policy::PolicyService service(*setup->db, *attributes, clock, random);
  if (Status loaded = service.load(); !loaded.is_ok()) return fail("policies import", loaded);
  for (const PolicyFile& file : *files) {
    auto current = service.get(file.id);
    if (current.is_ok() && current->source == file.text) {
      std::printf("%s\tunchanged\trevision %lld\n", file.id.c_str(),
                  static_cast<long long>(current->revision));
      continue;
    }
    auto saved = service.save(file.id, file.text, "rongxin policies import");
    if (!saved.is_ok()) return fail("policies import: " + file.path, saved.status());
    std::printf("%s\t%s\trevision %lld\n", file.id.c_str(), saved->second ? "added" : "revised",
                static_cast<long long>(saved->first.revision));
  }
  return 0;
}

}  // namespace

void add_policies_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<PolicyFlags>();
  CLI::App* cmd = app.add_subcommand("policies", "Support policies (TOML, docs/policies.md)");
  cmd->require_subcommand(1);
  CLI::App* check = cmd->add_subcommand("check", "Check policy files; print every problem");
  CLI::App* import = cmd->add_subcommand("import", "Store policy files as new revisions");
  for (CLI::App* sub : {check, import}) {
    sub->add_option("--config", f->config, "Configuration file");
    sub->add_option("--catalog", f->catalog, "Shared catalogue directory");
    sub->add_option("paths", f->paths, "Policy files or directories of them")->required();
  }
  import->add_option("--db", f->db, "Database URL (overrides the configuration)");
  check->callback([f, &exit_code] { exit_code = check_policies(*f); });
  import->callback([f, &exit_code] { exit_code = import_policies(*f);
});
}  // namespace rx::cli

}  // namespace rx::cli
