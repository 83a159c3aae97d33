// Health, readiness, metrics and the caller's own identity.
#include "api/resources.h"
#include "api/routes.h"
#include "store/migrations.h"

namespace rx::api {

void add_system_routes(Router& router, Services& s) {
  using auth::Role;
  // Liveness: the process answers. Public, carries no data.
  router.add({"GET", "/healthz", {}, false, [](RequestContext&) -> Result<HttpResponse> {
                return json_response({{"status", "ok"}});
              }});
  // Readiness: the database answers and its schema is the one this build expects.
  router.add({"GET", "/readyz", {}, false, [&s](RequestContext&) -> Result<HttpResponse> {
                auto version = store::schema_version(s.db);
                if (!version.is_ok()) return unavailable("database: " + version.status().message());
                if (*version != store::latest_schema_version())
                  return unavailable("database schema version " + std::to_string(*version) +
                                     ", expected " +
                                     std::to_string(store::latest_schema_version()));
                return json_response({{"status", "ready"}, {"schema_version", *version}});
              }});
  router.add({"GET",
              "/metrics",
              {Role::kAdmin, Role::kNode},
              false,
              [&s](RequestContext&) -> Result<HttpResponse> {
                HttpResponse r;
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                r.body = s.metrics.render();
                return r;
              }});
  router.add(
      {"GET", "/api/v1/me", all_roles(), false, [](RequestContext& c) -> Result<HttpResponse> {
         return json_response(principal_json(*c.principal));
       }});
}

}  // namespace rx::api
