// Route tables, one function per resource family. Each declares its roles with the route.
#pragma once

#include "api/metrics.h"
#include "api/router.h"
#include "auth/api_keys.h"
#include "core/clock.h"
#include "registry/enterprise_repository.h"
#include "store/database.h"

namespace rx::api {

struct Services {
  store::Database& db;
  const Clock& clock;
  Random& random;
  Metrics& metrics;
  registry::EnterpriseRepository enterprises;
  auth::ApiKeyRepository keys;
};

void add_system_routes(Router& router, Services& services);
void add_meta_routes(Router& router, Services& services);
void add_enterprise_routes(Router& router, Services& services);
void add_key_routes(Router& router, Services& services);

}  // namespace rx::api
