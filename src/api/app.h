// The platform's HTTP application: request ids, routing, authentication and role checks,
// JSON body checks, errors, metrics, the access log and the web portal's static files.
// Transport-free: the HttpServer calls handle() on a worker thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "api/access_log.h"
#include "api/http_types.h"
#include "api/metrics.h"
#include "api/router.h"
#include "api/routes.h"
#include "api/static_files.h"
#include "crypto/signing.h"
#include "push/dispatcher.h"

namespace spdlog {
class logger;
}

namespace rx::api {

struct AppOptions {
  std::string web_dir;                        // built portal; empty for API only
  bool access_log = true;                     // one JSON line per request on stdout
  const catalog::Catalog* catalog = nullptr;  // required; must outlive the App
  int64_t catalog_version = 0;
  size_t max_json_body_bytes = 1 << 20;  // every route but data pushes
  size_t max_push_bytes = 16 << 20;      // POST /api/v1/ingest/{category}
  bool register_unknown_enterprises = false;
  const credit::IndicatorLibrary* indicators = nullptr;  // required; must outlive the App
  const credit::CompositeModel* composite = nullptr;     // required; must outlive the App
  // Signs authorization artefacts; when null the App makes a throw-away key (tests).
  const crypto::Ed25519Key* signing_key = nullptr;
  // For objections and credit repair; must outlive the App. Without them those routes answer 503.
  const objection::Calendar* calendar = nullptr;
  const objection::DisplayRules* display_rules = nullptr;
  bool production = false;  // webhook URL policy, docs/push.md
  push::DispatchOptions push_delivery;
  std::chrono::milliseconds push_fanout_interval{1000};
  // Signs the audit ledger's heads; when null the App makes a throw-away key (tests).
  const crypto::Ed25519Key* ledger_key = nullptr;
  std::string ledger_origin = "rongxin.local/ledger";
  std::chrono::milliseconds ledger_interval{500};
  // How often SLA reminders are sent and loans assessed (each loan once a day).
  std::chrono::milliseconds market_interval{30'000};
  // How often "policy finds people" screens the enterprises whose data changed (the first pass,
  // and the first of each day, screens all of them).
  std::chrono::milliseconds policy_interval{60'000};
  // Sees each sequenced batch; when null, the App's own monitor (real-time use monitoring,
  // docs/monitoring.md). Must outlive the App.
  ledger::SequenceObserver* ledger_observer = nullptr;
  // Read-only recovery: no sequencer, and every request that could change data is refused.
  bool read_only = false;
  monitor::Thresholds monitor;  // the anomaly rules ([monitor] in the configuration)
};

class App {
 public:
  // db, clock and random must outlive the App; all must be thread-safe.
  App(store::Database& db, const Clock& clock, Random& random, AppOptions options);
  ~App();

  // Thread-safe.
  HttpResponse handle(const HttpRequest& request);
  // Starts and stops the background push work (fan-out and webhook delivery), with the server.
  // The destructor stops it too.
  void start_background();
  void stop_background();
  const Router& router() const { return router_; }
  // The ledger observer keeping the monitoring counters and alerts: pass it to
  // ledger::Ledger::sequence. Lives as long as the App.
  monitor::Monitor& monitor() { return *services_.monitor; }

 private:
  HttpResponse dispatch(const HttpRequest& request, const RouteMatch& match, std::string& key_id,
                        const std::string& request_id);

  Metrics metrics_;
  std::unique_ptr<crypto::Ed25519Key> own_key_, own_ledger_key_;
  Services services_;
  Router router_;
  StaticFiles static_files_;
  AppOptions options_;
  std::unique_ptr<AccessLog> access_log_;
  std::shared_ptr<spdlog::logger> error_log_;
};

}  // namespace rx::api
