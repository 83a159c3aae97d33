#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "credit/panel_repository.h"
#include "credit/sample.h"

namespace rx::cli {
namespace {

struct SampleFlags {
  std::string config, db, catalog, as_of, out;
  int horizon = 12;
};

int run_sample(const SampleFlags& f) {
  auto as_of = credit::parse_month(f.as_of);
  if (!as_of.is_ok()) return fail("--as-of", as_of.status());
  auto setup = open_credit_setup(f.config, f.db, f.catalog);
  if (!setup.is_ok()) return fail("lab sample", setup.status());
  // Written beside the target and renamed at the end: a failed run leaves no partial sample.
  const std::string partial = f.out + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) return fail("--out", invalid_argument("cannot write '" + partial + "'"));
  credit::SampleOptions options;
  options.as_of = *as_of;
  options.horizon = f.horizon;
  auto summary = credit::build_sample(
      *setup->db, setup->published.catalog, setup->models.library, options,
      [&](std::string_view text) {
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        return out ? Status::ok() : unavailable("cannot write '" + partial + "'");
      });
  out.close();
  std::error_code ec;
  if (!summary.is_ok()) {
    std::filesystem::remove(partial, ec);
    return fail("sample", summary.status());
  }
  std::filesystem::rename(partial, f.out, ec);
  if (ec) return fail("--out", unavailable("cannot rename to '" + f.out + "': " + ec.message()));
  nlohmann::json j = {
      {"out", f.out},
      {"as_of", f.as_of},
      {"horizon_months", f.horizon},
      {"rows", summary->rows},
      {"bad", summary->bad},
      {"bad_rate", summary->rows ? double(summary->bad) / double(summary->rows) : 0.0},
      {"target", "bad"},
      {"bad_value", "1"}};
  std::printf("%s\n", j.dump().c_str());
  return 0;
}

}  // namespace

void add_lab_sample_command(CLI::App& lab, int& exit_code) {
  auto f = std::make_shared<SampleFlags>();
  CLI::App* cmd = lab.add_subcommand(
      "sample", "Export a labelled sample from platform data: indicators at a month, bad after it");
  cmd->add_option("--config", f->config, "Configuration file (TOML)");
  cmd->add_option("--db", f->db, "Database URL (default: the configuration's)");
  cmd->add_option("--catalog", f->catalog, "Shared catalogue directory (default: data/catalog)");
  cmd->add_option("--as-of", f->as_of, "Observation month YYYY-MM")->required();
  cmd->add_option("--horizon", f->horizon, "Months of outcome after the observation month")
      ->check(CLI::Range(1, 36))
      ->capture_default_str();
  cmd->add_option("--out", f->out, "CSV file to write (target column 'bad', bad value 1)")
      ->required();
  cmd->callback([f, &exit_code] { exit_code = run_sample(*f); });
}

}  // namespace rx::cli
