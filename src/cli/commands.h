// The `rongxin` command's subcommands. Each add_* registers one subcommand whose callback
// stores the process exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "config/config.h"
#include "core/status.h"
#include "credit/composite.h"
#include "credit/indicator_library.h"
#include "store/database.h"

namespace rx::cli {

void add_serve_command(CLI::App& app, int& exit_code);
void add_keys_command(CLI::App& app, int& exit_code);
void add_institutions_command(CLI::App& app, int& exit_code);
void add_products_command(CLI::App& app, int& exit_code);
void add_policies_command(CLI::App& app, int& exit_code);
void add_ledger_command(CLI::App& app, int& exit_code);
void add_uscc_command(CLI::App& app, int& exit_code);
void add_gen_command(CLI::App& app, int& exit_code);
void add_migrate_command(CLI::App& app, int& exit_code);
void add_ingest_command(CLI::App& app, int& exit_code);
void add_evaluate_command(CLI::App& app, int& exit_code);
void add_lab_command(CLI::App& app, int& exit_code);
void add_lab_sample_command(CLI::App& lab, int& exit_code);   // `rongxin lab sample`
void add_lab_publish_command(CLI::App& lab, int& exit_code);  // `rongxin lab publish`

// Defaults < RONGXIN_CONFIG or --config file < environment; flags are applied by callers.
Result<config::Config> load_config(const std::string& config_path);

// Opens the database named by url; migrates it when `migrate` (never when it is newer).
Result<std::unique_ptr<store::Database>> open_and_migrate(const std::string& url,
                                                          bool create_if_missing,
                                                          int pool_size = 4);

struct PublishedCatalog {
  catalog::Catalog catalog;
  int64_t version = 0;
};

// Loads the shared catalogue from `directory` and records it as a version when it changed.
Result<PublishedCatalog> load_published_catalog(const std::string& directory, store::Database& db);

// A relative data path (catalogue, indicator library, ...) that does not exist from the
// working directory is looked up beside the executable's parent too (build/rongxin ->
// data/catalog), so the in-tree build works from any directory.
std::string resolve_data_path(const std::string& path);

struct CreditModels {
  credit::IndicatorLibrary library;
  credit::CompositeModel composite;
};
// The indicator library and composite model named by the configuration.
Result<CreditModels> load_credit_models(const config::Config& config,
                                        const catalog::Catalog& catalog);

// What the credit commands (evaluate, lab sample) open: configuration, database (migrated,
// never created), the published catalogue and the credit models.
struct CreditSetup {
  config::Config config;
  std::unique_ptr<store::Database> db;
  PublishedCatalog published;
  CreditModels models;
};
// Flags override the configuration's database URL and catalogue directory when non-empty.
// Errors say which of the four failed.
Result<CreditSetup> open_credit_setup(const std::string& config_path, const std::string& db_url,
                                      const std::string& catalog_dir);

// Prints "rongxin: <what>: <status>" on stderr and returns the exit code for it.
int fail(std::string_view what, const Status& status);

}  // namespace rx::cli
