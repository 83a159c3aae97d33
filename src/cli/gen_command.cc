#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "registry/enterprise_repository.h"
#include "registry/synthetic.h"
#include "synth/city.h"

namespace rx::cli {
namespace {

struct GenFlags {
  std::string db = "sqlite:var/rongxin.db";
  int64_t enterprises = 3000;
  uint64_t seed = 1;
  int months = 12;
  std::string out;  // non-empty: write city CSV files here instead of enterprises into --db
};

void progress(int64_t done, int64_t total) {
  constexpr int kWidth = 40;
  int filled = static_cast<int>(done * kWidth / (total ? total : 1));
  std::fprintf(stderr, "\r[%.*s%*s] %lld/%lld", filled, "########################################",
               kWidth - filled, "", static_cast<long long>(done), static_cast<long long>(total));
  if (done == total) std::fputc('\n', stderr);
}

int gen(const GenFlags& f) {
  auto db = open_and_migrate(f.db, /*create_if_missing=*/true);
  if (!db.is_ok()) return fail("database " + f.db, db.status());
  registry::EnterpriseRepository repo(**db);
  SystemClock clock;
  const bool tty = isatty(STDERR_FILENO);
  std::vector<registry::Enterprise> batch;
  int64_t written = 0;
  Status status;
  auto flush = [&] {
    if (batch.empty() || !status.is_ok()) return;
    status = repo.create_many(batch);
    written += static_cast<int64_t>(batch.size());
    batch.clear();
    if (tty) progress(written, f.enterprises);
  };
  registry::generate_enterprises(f.enterprises, f.seed, clock.now(), [&](registry::Enterprise&& e) {
    batch.push_back(std::move(e));
    if (batch.size() == 1000) flush();
  });
  flush();
  if (!status.is_ok()) return fail("gen", status);
  std::printf("{\"enterprises\": %lld, \"seed\": %llu}\n", static_cast<long long>(written),
              static_cast<unsigned long long>(f.seed));
  return 0;
}

// City-scale CSV: the registry and every stored category, streamed per enterprise.
int gen_city(const GenFlags& f) {
  SystemClock clock;
  const bool tty = isatty(STDERR_FILENO);
  synth::CityOptions options{f.enterprises, f.months, f.seed, clock.now()};
  auto stats = synth::write_city(options, f.out, [&](int64_t done, int64_t total) {
    if (tty) progress(done, total);
  });
  if (!stats.is_ok()) return fail("gen", stats.status());
  std::string rows;
  for (const auto& [id, n] : stats->rows)
    rows += (rows.empty() ? "\"" : ", \"") + id + "\": " + std::to_string(n);
  // The directory is echoed as JSON: escape what JSON requires.
  std::string dir;
  for (char c : f.out) {
    if (c == '"' || c == '\\') dir += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    dir += c;
  }
  std::printf(
      "{\"enterprises\": %lld, \"months\": %d, \"seed\": %llu, \"out\": \"%s\", \"rows\": {%s}}\n",
      static_cast<long long>(f.enterprises), f.months, static_cast<unsigned long long>(f.seed),
      dir.c_str(), rows.c_str());
  return 0;
}

}  // namespace

void add_gen_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<GenFlags>();
  CLI::App* cmd =
      app.add_subcommand("gen", "Create deterministic synthetic enterprises (demo and test data)");
  cmd->add_option("--db", f->db, "Database URL (created and migrated if needed)")
      ->capture_default_str();
  cmd->add_option("--enterprises", f->enterprises, "How many enterprises")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}))
      ->capture_default_str();
  cmd->add_option("--seed", f->seed, "Seed: the same seed gives the same enterprises")
      ->capture_default_str();
  cmd->add_option("--months", f->months,
                  "With --out: months of history, ending with the month before today")
      ->check(CLI::Range(1, 600))
      ->capture_default_str();
  cmd->add_option("--out", f->out,
                  "Write the registry and every stored catalogue category as CSV files into this "
                  "directory (instead of enterprises into --db)");
  cmd->callback([f, &exit_code] { exit_code = f->out.empty() ? gen(*f) : gen_city(*f); });
}

}  // namespace rx::cli
