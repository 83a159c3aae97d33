#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "crypto/crypto.h"
#include "ingest/ingestor.h"

namespace rx::cli {
namespace {

struct IngestFlags {
  std::string config, db, catalog, category, format, encoding, unknown = "reject";
  size_t chunk_rows = 5000;
  std::vector<std::string> files;
};

void progress_bar(const std::string& file, int64_t done, int64_t total,
                  const ingest::IngestSummary& s) {
  constexpr int kWidth = 30;
  int filled = total > 0 ? static_cast<int>(std::min<int64_t>(done, total) * kWidth / total) : 0;
  std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%  rows %lld  accepted %lld  rejected %lld",
               file.c_str(), filled, "##############################", kWidth - filled, "",
               total > 0 ? static_cast<int>(done * 100 / total) : 0, static_cast<long long>(s.rows),
               static_cast<long long>(s.accepted), static_cast<long long>(s.rejected));
}

int run_ingest(const IngestFlags& f) {
  auto config = load_config(f.config);
  if (!config.is_ok()) return fail("configuration", config.status());
  std::string url = f.db.empty() ? config->db_url : f.db;
  std::string dir = f.catalog.empty() ? config->catalog_dir : f.catalog;
  auto db = open_and_migrate(url, /*create_if_missing=*/true);
  if (!db.is_ok()) return fail("database " + url, db.status());
  auto published = load_published_catalog(dir, **db);
  if (!published.is_ok()) return fail("catalogue " + dir, published.status());
  const catalog::Catalog* catalog = &published->catalog;
  const int64_t* version = &published->version;
  SystemClock clock;
  const catalog::Category* category = catalog->category(f.category);
  if (!category)
    return fail("category",
                invalid_argument("'" + f.category + "' is not in the shared catalogue " + dir));
  if (category->mode != catalog::Mode::kStored)
    return fail("category", invalid_argument("'" + f.category +
                                             "' is an interface category: its data stays at the "
                                             "source and is queried live, never ingested"));
  ingest::IngestOptions options;
  options.chunk_rows = f.chunk_rows;
  options.unknown_enterprise = f.unknown == "register" || config->register_unknown_enterprises
                                   ? ingest::UnknownEnterprise::kRegister
                                   : ingest::UnknownEnterprise::kReject;
  if (!f.encoding.empty()) options.read.encoding = ingest::parse_encoding(f.encoding);

  crypto::SecureRandom random;
  const bool tty = isatty(STDERR_FILENO);
  nlohmann::json batches = nlohmann::json::array();
  ingest::IngestSummary total;
  int exit_code = 0;
  for (const std::string& file : f.files) {
    std::string_view ext =
        file.size() > 6 ? std::string_view(file).substr(file.rfind('.') + 1) : "";
    options.read.format = !f.format.empty()           ? *ingest::parse_format(f.format)
                          : ingest::parse_format(ext) ? *ingest::parse_format(ext)
                                                      : ingest::Format::kCsv;
    auto source = ingest::FileSource::open(file);
    if (!source.is_ok()) {
      exit_code = fail(file, source.status());
      continue;
    }
    int64_t size = source->size_bytes();
    ingest::Ingestor ingestor(**db, *category, *version, clock, random, options);
    auto summary = ingestor.run(*source, {"file", file, "cli", false, "", ""},
                                [&](int64_t done, const ingest::IngestSummary& s) {
                                  if (tty) progress_bar(file, done, size, s);
                                });
    if (tty) std::fputc('\n', stderr);
    if (!summary.is_ok()) {
      exit_code = fail(file, summary.status());
      continue;
    }
    batches.push_back(ingest::to_json(*summary));
    total.rows += summary->rows;
    total.accepted += summary->accepted;
    total.superseded += summary->superseded;
    total.duplicates += summary->duplicates;
    total.rejected += summary->rejected;
    total.seconds += summary->seconds;
  }
  nlohmann::json out = {{"category", f.category},         {"catalog_version", *version},
                        {"files", f.files.size()},        {"rows", total.rows},
                        {"accepted", total.accepted},     {"superseded", total.superseded},
                        {"duplicates", total.duplicates}, {"rejected", total.rejected},
                        {"seconds", total.seconds},       {"batches", batches}};
  std::printf("%s\n", out.dump().c_str());
  return exit_code;
}

}  // namespace

void add_ingest_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<IngestFlags>();
  CLI::App* cmd = app.add_subcommand(
      "ingest", "Load CSV or JSON-lines files of one catalogue category (validated, idempotent)");
  cmd->add_option("--config", f->config, "Configuration file (TOML)");
  cmd->add_option("--db", f->db, "Database URL (default: the configuration's)");
  cmd->add_option("--catalog", f->catalog, "Shared catalogue directory (default: data/catalog)");
  cmd->add_option("--category", f->category, "Catalogue category id, e.g. tax")->required();
  cmd->add_option("--format", f->format, "csv or jsonl (default: from the file name, else csv)")
      ->check(CLI::IsMember({"csv", "jsonl", "ndjson"}));
  cmd->add_option("--encoding", f->encoding, "utf-8 or gbk/gb18030 (default: detected)")
      ->check(CLI::IsMember({"utf-8", "utf8", "gbk", "gb2312", "gb18030"}, CLI::ignore_case));
  cmd->add_option("--unknown-enterprise", f->unknown,
                  "Rows about enterprises not in the registry: reject or register")
      ->check(CLI::IsMember({"reject", "register"}))
      ->capture_default_str();
  cmd->add_option("--chunk-rows", f->chunk_rows, "Rows per transaction")
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}))
      ->capture_default_str();
  cmd->add_option("files", f->files, "Files to load ('-' for standard input)")->required();
  cmd->callback([f, &exit_code] { exit_code = run_ingest(*f); });
}

}  // namespace rx::cli
