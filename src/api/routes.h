// Route tables, one function per resource family. Each declares its roles with the route.
#pragma once

#include <functional>
#include <map>
#include <memory>

#include "api/metrics.h"
#include "api/router.h"
#include "auth/api_keys.h"
#include "catalog/catalog.h"
#include "consent/authorization_repository.h"
#include "core/clock.h"
#include "core/periodic.h"
#include "credit/evaluation_jobs.h"
#include "ingest/connector.h"
#include "ledger/ledger.h"
#include "market/ip_pledge_repository.h"
#include "market/marketplace.h"
#include "monitor/monitor.h"
#include "objection/calendar.h"
#include "objection/display_rules.h"
#include "objection/repair.h"
#include "policy/policy_service.h"
#include "push/subscription_repository.h"
#include "push/workers.h"
#include "registry/enterprise_repository.h"
#include "report/disclosure.h"
#include "report/report_service.h"
#include "store/database.h"

namespace rx::api {

struct Services {
  store::Database& db;
  const Clock& clock;
  Random& random;
  Metrics& metrics;
  registry::EnterpriseRepository enterprises;
  auth::ApiKeyRepository keys;
  // The shared catalogue in force (owned by the caller of App) and its version number.
  const catalog::Catalog& catalog;
  int64_t catalog_version;
  size_t max_push_bytes;
  bool register_unknown_enterprises;
  // One live connector per interface-mode category.
  std::map<std::string, std::unique_ptr<ingest::InterfaceConnector>> connectors;
  // The indicator library and composite model in force, and the background evaluation runs.
  std::unique_ptr<credit::EvaluationJobs> credit;
  // The single export: the platform's signing key, authorizations, queries and reports.
  const crypto::Ed25519Key* signing_key = nullptr;
  std::unique_ptr<consent::AuthorizationRepository> authorizations;
  std::unique_ptr<report::Disclosure> disclosure;
  std::unique_ptr<report::ReportService> reports;
  // The working-day calendar and the penalty display periods (owned by the caller of App);
  // objection and repair routes answer 503 while either is missing.
  const objection::Calendar* calendar = nullptr;
  const objection::DisplayRules* display_rules = nullptr;
  // Called inside the transaction that decides an objection as corrected or removed, or that
  // approves a repair or revocation, so that data pushes see the change with it (an error rolls
  // the whole change back). Unset: nothing is called.
  std::function<Status(store::Session&, const objection::RecordChange&)> record_changed;
  push::SubscriptionRepository subscriptions;
  bool production;  // webhook URLs must be public https:// (docs/push.md)
  // Fan-out and webhook delivery; running between App::start_background and stop_background.
  std::unique_ptr<push::Workers> push;
  // The audit ledger and its background sequencer (running with the push workers).
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<Periodic> sequencer;
  // Real-time use monitoring: the anomaly rules' thresholds and the ledger observer that keeps
  // the counters and raises alerts (docs/monitoring.md).
  monitor::Thresholds monitor_thresholds;
  std::unique_ptr<monitor::Monitor> monitor;
  // The financing marketplace (docs/marketplace.md), IP pledges, and the background job that
  // sends SLA reminders and assesses loans daily (running with the push workers).
  std::unique_ptr<market::EnterpriseAttributes> attributes;
  std::unique_ptr<market::Marketplace> market;
  std::unique_ptr<market::IpPledgeRepository> pledges;
  std::unique_ptr<Periodic> market_jobs;
  // Support policies: navigation maps and the "policy finds people" runs, incremental in the
  // background (docs/policies.md).
  std::unique_ptr<policy::PolicyService> policies;
  std::unique_ptr<Periodic> policy_runs;
  // Inbox messages to their recipients' webhooks (running with the push workers).
  std::unique_ptr<Periodic> inbox_delivery;
};

void add_system_routes(Router& router, Services& services);
void add_meta_routes(Router& router, Services& services);
void add_enterprise_routes(Router& router, Services& services);
void add_key_routes(Router& router, Services& services);
void add_catalog_routes(Router& router, Services& services);
void add_ingest_routes(Router& router, Services& services);
void add_record_routes(Router& router, Services& services);
void add_credit_routes(Router& router, Services& services);
void add_lab_routes(Router& router, Services& services);
void add_consent_routes(Router& router, Services& services);
void add_disclosure_routes(Router& router, Services& services);
// What objections, repairs and display periods hide from or mark in the single export.
report::DisclosureRules disclosure_rules(const objection::DisplayRules* display);
void add_objection_routes(Router& router, Services& services);
void add_inbox_routes(Router& router, Services& services);
void add_push_routes(Router& router, Services& services);
void add_ledger_routes(Router& router, Services& services);
void add_monitor_routes(Router& router, Services& services);
void add_market_routes(Router& router, Services& services);
void add_application_routes(Router& router, Services& services);
void add_policy_routes(Router& router, Services& services);

}  // namespace rx::api
