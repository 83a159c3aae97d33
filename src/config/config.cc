#include "config/config.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

#include "config/toml_reader.h"

namespace rx::config {
namespace {

void read_monitor(const toml::table& table, std::string_view source,
                  std::vector<FieldError>& errors, MonitorThresholds& m) {
  TableReader r(table, "monitor.", source, errors);
  if (r.string_list("application_purposes", m.application_purposes)) {
    for (const std::string& p : m.application_purposes) {
      const auto& known = financing_purposes();
      if (std::find(known.begin(), known.end(), p) == known.end())
        r.fail("application_purposes", "'" + p + "' is not a financing purpose");
    }
  }
  r.integer("no_application_min", m.no_application_min, 1, 1'000'000);
  std::optional<double> multiple;
  if (r.number("volume_multiple", multiple) && multiple) {
    if (*multiple >= 1.0 && *multiple <= 1000.0)
      m.volume_multiple = *multiple;
    else
      r.fail("volume_multiple", "must be from 1 to 1000");
  }
  r.integer("volume_min", m.volume_min, 1, 100'000'000);
  r.integer("baseline_hours", m.baseline_hours, 1, 24 * 90);
  r.integer("distinct_enterprises", m.distinct_enterprises, 2, 10'000'000);
  r.integer("distinct_window_minutes", m.distinct_window_minutes, 1, 24 * 60);
  r.integer("quiet_start_hour", m.quiet_start_hour, 0, 23);
  r.integer("quiet_end_hour", m.quiet_end_hour, 0, 23);
  r.integer("quiet_min", m.quiet_min, 1, 1'000'000);
  r.integer("denials", m.denials, 1, 1'000'000);
  r.integer("denial_window_minutes", m.denial_window_minutes, 1, 24 * 60);
  r.integer("evidence_limit", m.evidence_limit, 1, 1000);
  r.reject_unknown();
}

}  // namespace

const std::vector<std::string>& financing_purposes() {
  static const std::vector<std::string> kPurposes = {
      "loan_application", "credit_review", "post_loan", "guarantee", "insurance_underwriting"};
  return kPurposes;
}

Result<Config> parse_config(std::string_view text, std::string_view source, Config c) {
  auto parsed = parse_toml(text, source, "configuration");
  if (!parsed.is_ok()) return parsed.status();
  const toml::table& root = *parsed;
  std::vector<FieldError> errors;
  static const toml::table kEmpty;
  auto section = [&](const char* name) -> const toml::table& {
    const toml::node* n = root.get(name);
    if (n && !n->is_table())
      errors.push_back({name, where(source, n->source()) + ": must be a table"});
    return n && n->is_table() ? *n->as_table() : kEmpty;
  };
  for (const auto& [k, node] : root) {
    if (k.str() == "production") {
      if (const auto* b = node.as_boolean())
        c.production = b->get();
      else
        errors.push_back({"production", where(source, node.source()) + ": must be true or false"});
      continue;
    }
    static constexpr std::string_view kSections[] = {"server",  "database",  "ingest", "credit",
                                                     "consent", "objection", "push",   "ledger",
                                                     "monitor", "market",    "policy"};
    if (std::find(std::begin(kSections), std::end(kSections), k.str()) == std::end(kSections))
      errors.push_back({std::string(k.str()), where(source, k.source()) + ": unknown section"});
  }
  TableReader server(section("server"), "server.", source, errors);
  server.string("address", c.address);
  server.integer("port", c.port, 0, 65535);
  server.integer("io_threads", c.io_threads, 1, 64);
  server.integer("worker_threads", c.worker_threads, 1, 256);
  server.integer("max_body_bytes", c.max_body_bytes, 1024, int64_t{1} << 30);
  server.integer("read_timeout_ms", c.read_timeout_ms, 100, 3'600'000);
  server.integer("write_timeout_ms", c.write_timeout_ms, 100, 3'600'000);
  server.string("web_dir", c.web_dir);
  server.boolean("access_log", c.access_log);
  server.reject_unknown();
  TableReader db(section("database"), "database.", source, errors);
  db.string("url", c.db_url);
  db.integer("pool_size", c.db_pool_size, 1, 256);
  db.integer("busy_timeout_ms", c.db_busy_timeout_ms, 0, 600'000);
  db.reject_unknown();
  TableReader ingest(section("ingest"), "ingest.", source, errors);
  ingest.string("catalog_dir", c.catalog_dir);
  ingest.integer("max_push_bytes", c.max_push_bytes, 1024, int64_t{1} << 32);
  ingest.boolean("register_unknown_enterprises", c.register_unknown_enterprises);
  ingest.reject_unknown();
  TableReader credit(section("credit"), "credit.", source, errors);
  credit.string("indicators", c.indicators_file);
  credit.string("composite", c.composite_file);
  credit.reject_unknown();
  TableReader consent(section("consent"), "consent.", source, errors);
  consent.string("signing_key", c.signing_key_file);
  consent.reject_unknown();
  TableReader objection(section("objection"), "objection.", source, errors);
  objection.string("calendar", c.calendar_file);
  objection.string("display_periods", c.display_periods_file);
  objection.reject_unknown();
  TableReader push(section("push"), "push.", source, errors);
  push.integer("retry_base_ms", c.push_retry_base_ms, 1, 3'600'000);
  push.integer("retry_cap_ms", c.push_retry_cap_ms, 1, 86'400'000);
  push.integer("max_attempts", c.push_max_attempts, 1, 100);
  push.integer("timeout_ms", c.push_timeout_ms, 100, 600'000);
  push.integer("fanout_interval_ms", c.push_fanout_interval_ms, 10, 3'600'000);
  push.reject_unknown();
  TableReader ledger(section("ledger"), "ledger.", source, errors);
  ledger.string("signing_key", c.ledger_key_file);
  ledger.string("origin", c.ledger_origin);
  ledger.integer("interval_ms", c.ledger_interval_ms, 10, 1000);
  if (c.ledger_origin.empty() || c.ledger_origin.find_first_of(" \n+") != std::string::npos)
    ledger.fail("origin", "must be non-empty, without spaces, newlines or '+'");
  ledger.reject_unknown();
  TableReader market(section("market"), "market.", source, errors);
  market.integer("interval_ms", c.market_interval_ms, 100, 3'600'000);
  market.reject_unknown();
  TableReader policy(section("policy"), "policy.", source, errors);
  policy.integer("interval_ms", c.policy_interval_ms, 100, 86'400'000);
  policy.reject_unknown();
  read_monitor(section("monitor"), source, errors, c.monitor);
  if (!errors.empty())
    return invalid_argument("invalid configuration: " + errors[0].field + " at " + errors[0].reason,
                            errors);
  return c;
}

Result<Config> load_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return invalid_argument("cannot read configuration file '" + path + "'",
                            {{"config", "cannot read"}});
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

Result<Config> apply_environment(Config c, const std::function<const char*(const char*)>& getenv) {
  std::vector<FieldError> errors;
  auto text = [&](const char* name, std::string& out) {
    if (const char* v = getenv(name); v && *v) out = v;
  };
  auto integer = [&](const char* name, int64_t& out, int64_t min, int64_t max) {
    const char* v = getenv(name);
    if (!v || !*v) return;
    std::string_view s(v);
    int64_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || p != s.data() + s.size() || n < min || n > max) {
      errors.push_back(
          {name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max)});
      return;
    }
    out = n;
  };
  text("RONGXIN_DB", c.db_url);
  text("RONGXIN_ADDRESS", c.address);
  text("RONGXIN_WEB_DIR", c.web_dir);
  text("RONGXIN_CATALOG", c.catalog_dir);
  text("RONGXIN_SIGNING_KEY", c.signing_key_file);
  text("RONGXIN_LEDGER_KEY", c.ledger_key_file);
  integer("RONGXIN_PORT", c.port, 0, 65535);
  integer("RONGXIN_IO_THREADS", c.io_threads, 1, 64);
  integer("RONGXIN_WORKERS", c.worker_threads, 1, 256);
  if (const char* v = getenv("RONGXIN_ACCESS_LOG"); v && *v) {
    std::string_view s(v);
    if (s == "1" || s == "true")
      c.access_log = true;
    else if (s == "0" || s == "false")
      c.access_log = false;
    else
      errors.push_back({"RONGXIN_ACCESS_LOG", "must be 0 or 1"});
  }
  if (const char* v = getenv("RONGXIN_PRODUCTION"); v && *v) {
    std::string_view s(v);
    if (s == "1" || s == "true")
      c.production = true;
    else if (s == "0" || s == "false")
      c.production = false;
    else
      errors.push_back({"RONGXIN_PRODUCTION", "must be 0 or 1"});
  }
  if (!errors.empty())
    return invalid_argument("invalid environment: " + errors[0].field + " " + errors[0].reason,
                            errors);
  return c;
}

}  // namespace rx::config
