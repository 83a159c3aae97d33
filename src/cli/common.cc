#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "catalog/loader.h"
#include "catalog/versions.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "ingest/record_table.h"
#include "store/migrations.h"

namespace rx::cli {

Result<config::Config> load_config(const std::string& config_path) {
  std::string path = config_path;
  if (path.empty())
    if (const char* env = std::getenv("RONGXIN_CONFIG")) path = env;
  config::Config c;
  if (!path.empty()) {
    RX_ASSIGN_OR_RETURN(c, config::load_config_file(path));
  }
  return config::apply_environment(std::move(c), [](const char* n) { return std::getenv(n); });
}

Result<std::unique_ptr<store::Database>> open_and_migrate(const std::string& url,
                                                          bool create_if_missing, int pool_size) {
  RX_ASSIGN_OR_RETURN(
      auto db, store::open_database(
                   {.url = url, .create_if_missing = create_if_missing, .pool_size = pool_size}));
  SystemClock clock;
  RX_RETURN_IF_ERROR(store::migrate(*db, clock));
  return db;
}

std::string resolve_data_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::path(path).is_absolute() || fs::exists(path, ec)) return path;
  fs::path beside = fs::read_symlink("/proc/self/exe", ec).parent_path().parent_path() / path;
  return !ec && fs::exists(beside, ec) ? beside.string() : path;
}

Result<CreditModels> load_credit_models(const config::Config& config,
                                        const catalog::Catalog& catalog) {
  CreditModels out;
  RX_ASSIGN_OR_RETURN(out.library, credit::load_indicator_library(
                                       resolve_data_path(config.indicators_file), catalog));
  RX_ASSIGN_OR_RETURN(out.composite, credit::load_composite_model(
                                         resolve_data_path(config.composite_file), out.library));
  return out;
}

Result<PublishedCatalog> load_published_catalog(const std::string& directory, store::Database& db) {
  PublishedCatalog out;
  RX_ASSIGN_OR_RETURN(out.catalog, catalog::load_catalog(resolve_data_path(directory)));
  SystemClock clock;
  RX_ASSIGN_OR_RETURN(out.version, catalog::CatalogVersions(db).publish(out.catalog, clock.now()));
  RX_RETURN_IF_ERROR(ingest::ensure_tables(db, out.catalog));
  return out;
}

namespace {
Status with_context(const std::string& what, const Status& s) {
  return Status(s.code(), what + ": " + s.message(), s.details());
}
}  // namespace

Result<CreditSetup> open_credit_setup(const std::string& config_path, const std::string& db_url,
                                      const std::string& catalog_dir) {
  CreditSetup out;
  auto config = load_config(config_path);
  if (!config.is_ok()) return with_context("configuration", config.status());
  out.config = std::move(*config);
  const std::string url = db_url.empty() ? out.config.db_url : db_url;
  const std::string dir = catalog_dir.empty() ? out.config.catalog_dir : catalog_dir;
  auto db = open_and_migrate(url, /*create_if_missing=*/false);
  if (!db.is_ok()) return with_context("database " + url, db.status());
  out.db = std::move(*db);
  auto published = load_published_catalog(dir, *out.db);
  if (!published.is_ok()) return with_context("catalogue " + dir, published.status());
  out.published = std::move(*published);
  auto models = load_credit_models(out.config, out.published.catalog);
  if (!models.is_ok()) return with_context("credit models", models.status());
  out.models = std::move(*models);
  return out;
}

int fail(std::string_view what, const Status& status) {
  std::fprintf(stderr, "rongxin: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
               status.to_string().c_str());
  return status.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

}  // namespace rx::cli
