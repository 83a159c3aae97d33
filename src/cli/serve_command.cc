#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include "api/app.h"
#include "api/http/server.h"
#include "cli/commands.h"
#include "crypto/crypto.h"
#include "crypto/signing.h"
#include "ledger/verify.h"
#include "objection/calendar.h"
#include "objection/display_rules.h"

namespace rx::cli {
namespace {

struct ServeFlags {
  std::string config, db, address, web, catalog;
  int port = -1;
  bool no_access_log = false;
  bool recovery = false;
};

int serve(const ServeFlags& f) {
  auto loaded = load_config(f.config);
  if (!loaded.is_ok()) return fail("configuration", loaded.status());
  config::Config c = *loaded;
  if (!f.db.empty()) c.db_url = f.db;
  if (!f.address.empty()) c.address = f.address;
  if (!f.web.empty()) c.web_dir = f.web;
  if (f.port >= 0) c.port = f.port;
  if (f.no_access_log) c.access_log = false;

  // The file must exist: serving an empty database by accident hides a wrong path.
  auto db =
      open_and_migrate(c.db_url, /*create_if_missing=*/false, static_cast<int>(c.db_pool_size));
  if (!db.is_ok()) return fail("database " + c.db_url, db.status());

  std::error_code ec;
  if (!c.web_dir.empty() && !std::filesystem::is_regular_file(c.web_dir + "/index.html", ec)) {
    std::fprintf(
        stderr,
        "rongxin: web portal not found at %s (build it with `make build`); serving the API only\n",
        c.web_dir.c_str());
    c.web_dir.clear();
  }

  // A closed stdout (the access log's reader went away) must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  SystemClock clock;
  crypto::SecureRandom random;
  if (!f.catalog.empty()) c.catalog_dir = f.catalog;
  auto published = load_published_catalog(c.catalog_dir, **db);
  if (!published.is_ok()) return fail("catalogue " + c.catalog_dir, published.status());
  auto models = load_credit_models(c, published->catalog);
  if (!models.is_ok()) return fail("credit models", models.status());
  auto signing_key = crypto::Ed25519Key::load_or_create(c.signing_key_file);
  if (!signing_key.is_ok()) return fail("signing key", signing_key.status());
  auto ledger_key = crypto::Ed25519Key::load_or_create(c.ledger_key_file);
  if (!ledger_key.is_ok()) return fail("ledger key", ledger_key.status());
  // A ledger that does not match its own signed heads means someone edited the database:
  // serving on would record new uses on top of a history nobody can vouch for.
  if (Status ok = ledger::check_ledger_at_startup(**db, ledger_key->public_key()); !ok.is_ok()) {
    if (!f.recovery) {
      std::fprintf(stderr,
                   "rongxin: the audit ledger failed its check: %s\n"
                   "rongxin: refusing to start; run `rongxin ledger verify` for the full report, "
                   "or `rongxin serve --recovery` to inspect it read-only\n",
                   ok.message().c_str());
      return 1;
    }
    std::fprintf(stderr, "rongxin: the audit ledger failed its check: %s\n", ok.message().c_str());
  }
  if (f.recovery)
    std::fprintf(stderr, "rongxin: read-only recovery mode: only /api/v1/ledger is served\n");
  auto calendar = objection::Calendar::load(resolve_data_path(c.calendar_file));
  if (!calendar.is_ok()) return fail("working-day calendar", calendar.status());
  auto display_rules = objection::DisplayRules::load(resolve_data_path(c.display_periods_file));
  if (!display_rules.is_ok()) return fail("display periods", display_rules.status());
  api::App app(**db, clock, random,
               {.web_dir = c.web_dir,
                .access_log = c.access_log,
                .catalog = &published->catalog,
                .catalog_version = published->version,
                .max_json_body_bytes = static_cast<size_t>(c.max_body_bytes),
                .max_push_bytes = static_cast<size_t>(c.max_push_bytes),
                .register_unknown_enterprises = c.register_unknown_enterprises,
                .indicators = &models->library,
                .composite = &models->composite,
                .signing_key = &*signing_key,
                .calendar = &*calendar,
                .display_rules = &*display_rules,

                .production = c.production,
                .push_delivery = {.retry = {.base = std::chrono::milliseconds(c.push_retry_base_ms),
                                            .cap = std::chrono::milliseconds(c.push_retry_cap_ms),
                                            .max_attempts = static_cast<int>(c.push_max_attempts)},
                                  .timeout = std::chrono::milliseconds(c.push_timeout_ms)},
                .push_fanout_interval = std::chrono::milliseconds(c.push_fanout_interval_ms),
                .ledger_key = &*ledger_key,
                .ledger_origin = c.ledger_origin,
                .ledger_interval = std::chrono::milliseconds(c.ledger_interval_ms),
                .market_interval = std::chrono::milliseconds(c.market_interval_ms),
                .policy_interval = std::chrono::milliseconds(c.policy_interval_ms),
                .read_only = f.recovery,
                .monitor = c.monitor});
  api::ServerOptions options;
  options.address = c.address;
  options.port = static_cast<uint16_t>(c.port);
  options.io_threads = static_cast<int>(c.io_threads);
  options.worker_threads = static_cast<int>(c.worker_threads);
  // The transport's limit admits data pushes; App holds other routes to max_body_bytes.
  options.max_body_bytes = static_cast<size_t>(std::max(c.max_body_bytes, c.max_push_bytes));
  options.read_timeout = std::chrono::milliseconds(c.read_timeout_ms);
  options.write_timeout = std::chrono::milliseconds(c.write_timeout_ms);
  api::HttpServer server(options, [&app](const api::HttpRequest& r) { return app.handle(r); });
  if (Status s = server.listen(); !s.is_ok()) return fail("listen", s);
  server.stop_on_signals();
  std::fprintf(stderr, "rongxin: serving %s on http://%s:%u (Ctrl-C to stop)\n",
               (*db)->describe().c_str(), c.address.c_str(), static_cast<unsigned>(server.port()));
  app.start_background();  // push fan-out and webhook delivery
  server.run(/*handle_signals=*/false);
  app.stop_background();
  std::fprintf(stderr, "rongxin: stopped; in-flight requests finished, database closed\n");
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the API and the web portal");
  cmd->add_option("--config", flags->config,
                  "TOML configuration file (default: RONGXIN_CONFIG, else none)");
  cmd->add_option("--db", flags->db,
                  "Database URL: sqlite:PATH or postgresql://... (default sqlite:var/rongxin.db)");
  cmd->add_option("--address", flags->address, "Listen address (default 127.0.0.1)");
  cmd->add_option("--port", flags->port, "Listen port; 0 picks a free one (default 8080)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--web", flags->web, "Directory of the built web portal (default web/dist)");
  cmd->add_option("--catalog", flags->catalog, "Shared catalogue directory (default data/catalog)");
  cmd->add_flag("--no-access-log", flags->no_access_log, "Do not log each request on stdout");
  cmd->add_flag("--recovery", flags->recovery,
                "Read-only recovery: start even if the audit ledger fails its check, serve only "
                "/api/v1/ledger, sequence nothing");
  cmd->callback([flags, &exit_code] { exit_code = serve(*flags); });
}

}  // namespace rx::cli
