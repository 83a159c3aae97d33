// Route tables, one function per resource family. Each declares its roles with the route.
#pragma once

#include <map>
#include <memory>

#include "api/metrics.h"
#include "api/router.h"
#include "auth/api_keys.h"
#include "catalog/catalog.h"
#include "consent/authorization_repository.h"
#include "core/clock.h"
#include "credit/evaluation_jobs.h"
#include "ingest/connector.h"
#include "push/subscription_repository.h"
#include "push/workers.h"
#include "registry/enterprise_repository.h"
#include "registry/institution.h"
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
  registry::InstitutionRepository institutions;
  // Signs with the platform key App holds.
  std::unique_ptr<consent::AuthorizationRepository> authorizations;
  push::SubscriptionRepository subscriptions;
  bool production;  // webhook URLs must be public https:// (docs/push.md)
  // Fan-out and webhook delivery; running between App::start_background and stop_background.
  std::unique_ptr<push::Workers> push;
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
void add_institution_routes(Router& router, Services& services);
void add_consent_routes(Router& router, Services& services);
void add_push_routes(Router& router, Services& services);

}  // namespace rx::api
