// Platform configuration: defaults that work with no file at all, then one TOML file, then
// RONGXIN_* environment variables, then command-line flags (applied by the CLI).
//
//   [server]   address, port, io_threads, worker_threads, max_body_bytes,
//              read_timeout_ms, write_timeout_ms, web_dir, access_log
//   [database] url, pool_size, busy_timeout_ms
//   [ingest]   catalog_dir, max_push_bytes, register_unknown_enterprises
//   [credit]   indicators, composite
//   [objection] calendar, display_periods
//   [push]     retry_base_ms, retry_cap_ms, max_attempts, timeout_ms, fanout_interval_ms
//   [ledger]   signing_key, origin, interval_ms
//   [market]   interval_ms (SLA reminders and the daily loan assessment; docs/marketplace.md)
//   [policy]   interval_ms ("policy finds people" runs; docs/policies.md)
//   [monitor]  the anomaly rules' thresholds (MonitorThresholds below; docs/monitoring.md)
//   production (top level, bool): production mode; webhooks must then be https:// to public
//              hosts (development mode: loopback only). See docs/push.md.
//
// Environment: RONGXIN_DB, RONGXIN_ADDRESS, RONGXIN_PORT, RONGXIN_WEB_DIR,
// RONGXIN_IO_THREADS, RONGXIN_WORKERS, RONGXIN_ACCESS_LOG (0/1), RONGXIN_CATALOG,
// RONGXIN_PRODUCTION (0/1), RONGXIN_LEDGER_KEY.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace rx::config {

// The thresholds of real-time use monitoring's anomaly rules (monitor/rules.h), with their
// defaults; parse_config checks each range.
struct MonitorThresholds {
  // no_application: purposes that need an application, and hits per institution per
  // Shanghai day that raise the alert.
  std::vector<std::string> application_purposes = {"loan_application", "credit_review", "guarantee",
                                                   "insurance_underwriting"};
  int64_t no_application_min = 1;
  // volume: an hour's requests reach max(volume_min, floor(volume_multiple * baseline) + 1),
  // the baseline being the mean hourly requests of the previous baseline_hours (idle hours
  // count as zero).
  double volume_multiple = 5.0;
  int64_t volume_min = 200;
  int64_t baseline_hours = 168;
  // distinct_enterprises: distinct enterprises read by one key within the window.
  int64_t distinct_enterprises = 50;
  int64_t distinct_window_minutes = 10;
  // quiet_hours: Shanghai local hours [start, end), wrapping past midnight when start > end;
  // start == end turns the rule off. Hits per institution per Shanghai day.
  int64_t quiet_start_hour = 0;
  int64_t quiet_end_hour = 6;
  int64_t quiet_min = 1;
  // denials: refusals of one key within the window.
  int64_t denials = 5;
  int64_t denial_window_minutes = 10;
  // Ledger entries kept as an alert's evidence (its count goes on beyond).
  int64_t evidence_limit = 50;
};

// The financing purposes of consent/authorization.h (config cannot depend on consent; a
// monitor test checks the two lists agree).
const std::vector<std::string>& financing_purposes();

struct Config {
  std::string address = "127.0.0.1";
  int64_t port = 8080;
  int64_t io_threads = 2;
  int64_t worker_threads = 4;
  int64_t max_body_bytes = 1 << 20;
  int64_t read_timeout_ms = 30'000;
  int64_t write_timeout_ms = 30'000;
  std::string web_dir = "web/dist";
  bool access_log = true;
  std::string db_url = "sqlite:var/rongxin.db";
  int64_t db_pool_size = 8;
  int64_t db_busy_timeout_ms = 5000;
  std::string catalog_dir = "data/catalog";
  int64_t max_push_bytes = 16 << 20;
  bool register_unknown_enterprises = false;
  std::string indicators_file = "data/credit/indicators.toml";  // the indicator library
  std::string composite_file = "data/credit/composite.toml";    // the composite evaluation model
  // The platform's Ed25519 key (PKCS#8 PEM), created on first start; it signs authorization
  // artefacts. Keep it outside the database and back it up: losing it ends every proof.
  std::string signing_key_file = "var/keys/platform-ed25519.pem";
  std::string calendar_file = "data/calendar/workdays.toml";  // working days (objection clocks)
  std::string display_periods_file = "data/calendar/display_periods.toml";  // penalty display
  bool production = false;
  // Webhook delivery (docs/push.md): the wait after the n-th failure is
  // min(retry_base_ms * 2^(n-1), retry_cap_ms); after max_attempts failures an event is dead.
  int64_t push_retry_base_ms = 1000;
  int64_t push_retry_cap_ms = 3'600'000;
  int64_t push_max_attempts = 8;
  int64_t push_timeout_ms = 10'000;
  int64_t push_fanout_interval_ms = 1000;
  // The audit ledger (docs/ledger.md): its own Ed25519 key signs tree heads and checkpoints
  // (kept apart from the consent key so either can be rotated alone); `origin` names the log
  // in checkpoints; entries are sequenced and a head signed every interval_ms (at most 1 s).
  std::string ledger_key_file = "var/keys/ledger-ed25519.pem";
  std::string ledger_origin = "rongxin.local/ledger";
  int64_t ledger_interval_ms = 500;
  // How often the marketplace's due SLA reminders are sent and loans assessed (once a day each).
  int64_t market_interval_ms = 30'000;
  // How often support policies screen the enterprises whose data changed.
  int64_t policy_interval_ms = 60'000;
  MonitorThresholds monitor;
};

// Parses TOML text. Errors name the file, line and column, and the key; unknown keys and
// out-of-range values are errors (a typo must not silently fall back to a default).
Result<Config> parse_config(std::string_view toml_text, std::string_view source_name,
                            Config base = {});

// Reads the file at path (must exist) over the defaults.
Result<Config> load_config_file(const std::string& path);

// Applies RONGXIN_* variables from `getenv` (injected for tests).
Result<Config> apply_environment(Config config,
                                 const std::function<const char*(const char*)>& getenv);

}  // namespace rx::config
