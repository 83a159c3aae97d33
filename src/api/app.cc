#include "api/app.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cctype>

#include "api/errors.h"
#include "api/http/client.h"
#include "api/json_input.h"
#include "core/text.h"
#include "crypto/crypto.h"
#include "push/corrections.h"
#include "push/inbox_delivery.h"

namespace rx::api {
namespace {

// Methods outside the standard set share one label, so clients cannot grow /metrics at will.
std::string metrics_method(const std::string& method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (method == known) return method;
  return "OTHER";
}

bool is_api_path(std::string_view path) {
  // Everything under these names answers in JSON, never with the portal's page.
  for (std::string_view root : {"/api", "/healthz", "/readyz", "/metrics"})
    if (path == root || (path.starts_with(root) && path[root.size()] == '/')) return true;
  return false;
}

// A caller's X-Request-Id is kept when it is short and safe to log; otherwise we make one.
std::string request_id_for(const HttpRequest& req, Random& random) {
  std::string_view given = req.header("x-request-id");
  bool ok = !given.empty() && given.size() <= 64;
  for (char c : given)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
  if (ok) return std::string(given);
  uint8_t bytes[12];
  random.fill(bytes);
  return crypto::to_hex(bytes);
}

// The credentials of "Authorization: Bearer <token>"; the scheme is case-insensitive (RFC 9110).
std::optional<std::string_view> bearer_token(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return std::nullopt;
  header.remove_prefix(kScheme.size());
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  return header;
}

// "application/json", in any case, with or without parameters such as charset.
bool is_json_media_type(std::string_view type) {
  std::string_view essence = type.substr(0, type.find(';'));
  while (!essence.empty() && essence.back() == ' ') essence.remove_suffix(1);
  constexpr std::string_view kJson = "application/json";
  if (essence.size() != kJson.size()) return false;
  for (size_t i = 0; i < kJson.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(essence[i])) != kJson[i]) return false;
  return true;
}

std::string role_list(const std::vector<auth::Role>& roles) {
  std::string out;
  for (auto r : roles) {
    if (!out.empty()) out += ", ";
    out += auth::to_string(r);
  }
  return out;
}

}  // namespace

namespace {

// Webhooks through the HTTP client; the push module sees only a function.
Result<int> post_webhook(const std::string& url, const push::Headers& headers,
                         const std::string& body, std::chrono::milliseconds timeout) {
  RX_ASSIGN_OR_RETURN(auto response, http_post(url, headers, body, timeout));
  return response.status;
}

}  // namespace

App::App(store::Database& db, const Clock& clock, Random& random, AppOptions options)
    : services_{db,
                clock,
                random,
                metrics_,
                registry::EnterpriseRepository(db),
                auth::ApiKeyRepository(db, clock, random),
                *options.catalog,
                options.catalog_version,
                options.max_push_bytes,
                options.register_unknown_enterprises,
                {},
                std::make_unique<credit::EvaluationJobs>(db, *options.catalog, *options.indicators,
                                                         *options.composite, clock, random),
                nullptr,
                {},
                {},
                {},
                options.calendar,
                options.display_rules,
                {},
                push::SubscriptionRepository(db, clock, random),
                options.production,
                nullptr,
                nullptr,
                nullptr,
                options.monitor,
                std::make_unique<monitor::Monitor>(options.monitor, clock, random),
                nullptr,
                nullptr,
                std::make_unique<market::IpPledgeRepository>(db, clock, random),
                nullptr,
                nullptr,
                nullptr,
                nullptr},
      static_files_(options.web_dir),
      options_(options) {
  for (const catalog::Category& c : options.catalog->categories)
    if (c.mode == catalog::Mode::kInterface)
      services_.connectors[c.id] = std::make_unique<ingest::InterfaceConnector>(c, http_get, clock);
  add_system_routes(router_, services_);
  add_meta_routes(router_, services_);
  add_enterprise_routes(router_, services_);
  add_key_routes(router_, services_);
  add_catalog_routes(router_, services_);
  add_ingest_routes(router_, services_);
  add_record_routes(router_, services_);
  add_credit_routes(router_, services_);
  add_lab_routes(router_, services_);
  if (!options.signing_key)
    own_key_ = std::make_unique<crypto::Ed25519Key>(crypto::Ed25519Key::generate().value());
  services_.signing_key = options.signing_key ? options.signing_key : own_key_.get();
  services_.authorizations =
      std::make_unique<consent::AuthorizationRepository>(db, clock, random, *services_.signing_key);
  services_.disclosure = std::make_unique<report::Disclosure>(
      db, *options.catalog, clock, random, disclosure_rules(options.display_rules));
  services_.reports = std::make_unique<report::ReportService>(
      *services_.disclosure, *options.indicators, *options.composite);
  add_consent_routes(router_, services_);
  add_disclosure_routes(router_, services_);
  add_objection_routes(router_, services_);
  add_inbox_routes(router_, services_);
  add_push_routes(router_, services_);
  add_monitor_routes(router_, services_);
  services_.attributes = std::make_unique<market::EnterpriseAttributes>(
      market::EnterpriseAttributes::create(*options.indicators).value());
  services_.market = std::make_unique<market::Marketplace>(
      db, clock, random, *services_.attributes, *options.catalog, services_.authorizations.get(),
      options.calendar);
  add_market_routes(router_, services_);
  add_application_routes(router_, services_);
  services_.policies =
      std::make_unique<policy::PolicyService>(db, *services_.attributes, clock, random);
  add_policy_routes(router_, services_);
  // Every correction, removal or repair reaches each institution that received the record.
  services_.record_changed = [&clock, &random](store::Session& s,
                                               const objection::RecordChange& c) -> Status {
    return push::push_record_change(
               s, {c.uscc, c.category, c.record_key, c.change, c.objection_id, c.at}, clock, random)
        .status();
  };
  if (options.access_log) access_log_ = std::make_unique<AccessLog>(STDOUT_FILENO);
  error_log_ =
      std::make_shared<spdlog::logger>("api", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  push::WorkerOptions push_options;
  push_options.dispatch = options.push_delivery;
  push_options.fanout_interval = options.push_fanout_interval;
  push_options.on_error = [log = error_log_](std::string_view what, const Status& st) {
    log->error("{}: {}", what, st.to_string());
  };
  services_.market_jobs = std::make_unique<Periodic>(
      options.market_interval,
      [&s = services_]() -> Status {
        const Instant now = s.clock.now();
        RX_RETURN_IF_ERROR(s.market->send_due_reminders(now).status());
        return s.market->assess_loans(shanghai_date(now)).status();
      },
      [log = error_log_](const Status& st) { log->error("market jobs: {}", st.to_string()); });
  if (Status loaded = services_.policies->load(); !loaded.is_ok())
    error_log_->error("policies: {}", loaded.to_string());
  for (const std::string& problem : services_.policies->load_problems())
    error_log_->warn("policy left out: {}", problem);
  services_.policy_runs = std::make_unique<Periodic>(
      options.policy_interval,
      [&policies = *services_.policies]() -> Status {
        return policies.run(policy::RunMode::kIncremental).status();
      },
      [log = error_log_](const Status& st) { log->error("policy runs: {}", st.to_string()); });
  services_.inbox_delivery = std::make_unique<Periodic>(
      options.push_fanout_interval,
      [delivery = std::make_shared<push::InboxDelivery>(db, clock, post_webhook,
                                                        options.push_delivery)]() -> Status {
        return delivery->run_once().status();
      },
      [log = error_log_](const Status& st) { log->error("inbox webhooks: {}", st.to_string()); });
  services_.push = std::make_unique<push::Workers>(db, *options.catalog, clock, random,
                                                   post_webhook, std::move(push_options));
  if (!options.ledger_key)
    own_ledger_key_ = std::make_unique<crypto::Ed25519Key>(crypto::Ed25519Key::generate().value());
  services_.ledger = std::make_unique<ledger::Ledger>(
      db, options.ledger_key ? *options.ledger_key : *own_ledger_key_, options.ledger_origin,
      clock);
  services_.sequencer = std::make_unique<Periodic>(
      options.ledger_interval,
      [&ledger = *services_.ledger,
       observer = options.ledger_observer ? options.ledger_observer : services_.monitor.get()] {
        return ledger::sequence_pending(ledger, observer);
      },
      [log = error_log_](const Status& st) { log->error("ledger sequencer: {}", st.to_string()); },
      /*last_pass=*/true);  // entries committed before stop() still get their head
  add_ledger_routes(router_, services_);
}

App::~App() {
  stop_background();
}

void App::start_background() {
  if (options_.read_only) return;
  services_.push->start();
  services_.sequencer->start();
  services_.market_jobs->start();
  services_.policy_runs->start();
  services_.inbox_delivery->start();
}

void App::stop_background() {
  services_.push->stop();
  services_.sequencer->stop();
  services_.market_jobs->stop();
  services_.policy_runs->stop();
  services_.inbox_delivery->stop();
}

HttpResponse App::dispatch(const HttpRequest& req, const RouteMatch& match, std::string& key_id,
                           const std::string& request_id) {
  const Route& route = *match.route;
  // Recovery mode serves the ledger for inspection and nothing that could read or change
  // credit data (which would need a working ledger to record it).
  if (options_.read_only && !route.pattern.starts_with("/api/v1/ledger") &&
      !route.pattern.starts_with("/api/v1/health") && !route.pattern.starts_with("/api/v1/meta"))
    return error_response(unavailable(
        "the server runs in read-only recovery mode (the audit ledger failed its check): only "
        "/api/v1/ledger is served"));
  RequestContext ctx{req,          match.params, parse_query(req.query_string()),
                     std::nullopt, nullptr,      request_id};
  if (!route.roles.empty()) {
    auto secret = bearer_token(req.header("authorization"));
    if (!secret)
      return error_response(unauthenticated("missing API key: send 'Authorization: Bearer <key>'"));
    auto principal = services_.keys.authenticate(*secret);
    if (!principal.is_ok()) return error_response(principal.status());
    key_id = principal->key_id;
    if (std::find(route.roles.begin(), route.roles.end(), principal->role) == route.roles.end())
      return error_response(permission_denied(
          "role " + std::string(auth::to_string(principal->role)) + " may not call " +
          route.method + " " + route.pattern + " (allowed: " + role_list(route.roles) + ")"));
    ctx.principal = std::move(principal).value();
  }
  for (const auto& [name, value] : ctx.path_params) {
    if (auto problem = text_problem(value))
      return error_response(
          invalid_argument("path parameter " + name + " " + *problem, {{name, *problem}}));
  }
  if (!route.raw_body && req.body.size() > options_.max_json_body_bytes)
    return error_response(
        413, "payload_too_large",
        "request body exceeds " + std::to_string(options_.max_json_body_bytes) + " bytes",
        {{"body", "at most " + std::to_string(options_.max_json_body_bytes) + " bytes"}});
  if (route.json_body) {
    std::string_view type = req.header("content-type");
    if (!is_json_media_type(type))
      return error_response(415, "unsupported_media_type", "request body must be application/json",
                            {{"content-type", type.empty() ? "missing" : std::string(type)}});
    auto body = parse_json_body(req.body);
    if (!body.is_ok()) return error_response(body.status());
    ctx.body = std::move(body).value();
  } else if (!req.body.empty() && req.method != "GET" && req.method != "HEAD" && !route.raw_body) {
    return error_response(
        invalid_argument("this route takes no request body", {{"body", "must be empty"}}));
  }
  Result<HttpResponse> result = route.handler(ctx);
  if (result.is_ok()) return std::move(result).value();
  if (result.status().code() == StatusCode::kInternal)
    error_log_->error("{} {}: {}", req.method, route.pattern, result.status().to_string());
  return error_response(result.status());
}

HttpResponse App::handle(const HttpRequest& req) {
  auto started = std::chrono::steady_clock::now();
  std::string request_id = request_id_for(req, services_.random);
  std::string route_name, key_id;
  std::string_view path = req.path();
  HttpResponse response;
  try {
    if (is_api_path(path)) {
      RouteMatch match = router_.match(req.method, path);
      if (match.route) {
        route_name = match.route->pattern;
        response = dispatch(req, match, key_id, request_id);
      } else if (!match.allowed_methods.empty()) {
        route_name = "(method not allowed)";
        response = error_response(405, "method_not_allowed",
                                  req.method + " is not allowed on " + std::string(path),
                                  {{"method", "allowed: " + match.allowed_methods}});
        response.headers.emplace_back("Allow", match.allowed_methods);
      } else {
        route_name = "(no route)";
        response = error_response(404, "not_found",
                                  "no route for " + req.method + " " + std::string(path));
      }
    } else {
      route_name = "(static)";
      std::optional<HttpResponse> file;
      if (req.method == "GET" || req.method == "HEAD") file = static_files_.serve(path);
      response = file ? std::move(*file)
                      : error_response(404, "not_found", "no such page: " + std::string(path));
    }
  } catch (const std::exception& e) {
    error_log_->error("{} {}: unhandled exception: {}", req.method, std::string(path), e.what());
    response = error_response(internal_error(e.what()));
  }
  response.headers.emplace_back("X-Request-Id", request_id);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.record(route_name, metrics_method(req.method), response.status, seconds);
  if (access_log_) {
    Json line = {{"ts", format_instant(services_.clock.now())},
                 {"request_id", request_id},
                 {"method", req.method},
                 {"path", path},
                 {"route", route_name},
                 {"status", response.status},
                 {"ms", std::round(seconds * 1e5) / 100},
                 {"bytes", response.body.size()},
                 {"key_id", key_id.empty() ? Json(nullptr) : Json(key_id)},
                 {"remote", req.remote_address}};
    access_log_->write(line.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  return response;
}

}  // namespace rx::api
