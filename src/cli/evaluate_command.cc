#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/time.h"
#include "credit/evaluation_run.h"
#include "credit/panel_repository.h"
#include "credit/scorecard_scorer.h"
#include "crypto/crypto.h"

namespace rx::cli {
namespace {

struct EvaluateFlags {
  std::string config, db, catalog, as_of, scorecard;
  int64_t chunk = 20000;
};

// The month before the current one: the latest month whose monthly data can be complete.
credit::MonthIndex previous_month(Instant now) {
  const Date today = date_of(now);
  return credit::month_index(today.year(), static_cast<int>(today.month())) - 1;
}

// --scorecard FILE for every firm, else each scenario's champion in the registry (general for
// firms of scenarios without one), else none; "none" turns scorecards off.
Result<credit::ChampionScorers> scorers_for(const EvaluateFlags& f, store::Database& db,
                                            const credit::IndicatorLibrary& library) {
  credit::ChampionScorers out;
  if (f.scorecard == "none") return out;
  if (!f.scorecard.empty()) {
    RX_ASSIGN_OR_RETURN(out.general, credit::load_scorecard_scorer(f.scorecard, library));
    return out;
  }
  SystemClock clock;
  crypto::SecureRandom random;
  return credit::champion_scorers(db, clock, random, library);
}

int run_evaluate(const EvaluateFlags& f) {
  SystemClock clock;
  credit::MonthIndex as_of = previous_month(clock.now());
  if (!f.as_of.empty()) {
    auto parsed = credit::parse_month(f.as_of);
    if (!parsed.is_ok()) return fail("--as-of", parsed.status());
    as_of = *parsed;
  }
  auto setup = open_credit_setup(f.config, f.db, f.catalog);
  if (!setup.is_ok()) return fail("evaluate", setup.status());
  const credit::IndicatorLibrary& library = setup->models.library;
  auto scorers = scorers_for(f, *setup->db, library);
  if (!scorers.is_ok()) return fail("--scorecard " + f.scorecard, scorers.status());
  for (const std::string& w : scorers->warnings)
    std::fprintf(stderr, "rongxin: warning: %s\n", w.c_str());
  const bool tty = isatty(STDERR_FILENO);
  credit::RunOptions options;
  scorers->apply_to(options);
  options.as_of = as_of;
  options.chunk_size = f.chunk;
  options.progress = [tty](int64_t done, int64_t total) {
    if (tty)
      std::fprintf(stderr, "\revaluated %lld / %lld", static_cast<long long>(done),
                   static_cast<long long>(total));
  };
  crypto::SecureRandom random;
  const auto started = std::chrono::steady_clock::now();
  auto run = credit::run_evaluation(*setup->db, setup->published.catalog, library,
                                    setup->models.composite, options, clock, random);
  if (tty) std::fputc('\n', stderr);
  if (!run.is_ok()) return fail("evaluation", run.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  nlohmann::json out = {
      {"run_id", run->id},
      {"as_of", run->as_of},
      {"enterprises", run->enterprises},
      {"grades", nlohmann::json::parse(run->grades)},
      {"library_version", run->library_version},
      {"model_version", run->model_version},
      {"scorecard", run->scorecard.empty() ? nlohmann::json() : nlohmann::json(run->scorecard)},
      {"seconds", seconds}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace

void add_evaluate_command(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<EvaluateFlags>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate", "Compute every enterprise's indicators and composite credit evaluation");
  cmd->add_option("--config", f->config, "Configuration file (TOML)");
  cmd->add_option("--db", f->db, "Database URL (default: the configuration's)");
  cmd->add_option("--catalog", f->catalog, "Shared catalogue directory (default: data/catalog)");
  cmd->add_option("--as-of", f->as_of, "Evaluation month YYYY-MM (default: last month)");
  cmd->add_option("--scorecard", f->scorecard,
                  "Scorecard model file fitted on indicators (default: the registry's general "
                  "champion; none: no scorecard)");
  cmd->add_option("--chunk", f->chunk, "Enterprises per chunk (bounds memory)")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}))
      ->capture_default_str();
  cmd->callback([f, &exit_code] { exit_code = run_evaluate(*f); });
}

}  // namespace rx::cli
