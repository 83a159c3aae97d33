// The shared catalogue, read-only over the API: what is collected, its versions and diffs.
// The operator changes it by editing data/catalog/ and restarting (each change is a version).
#include <algorithm>
#include <charconv>
#include <climits>

#include "api/json_input.h"
#include "api/routes.h"
#include "catalog/versions.h"

namespace rx::api {
namespace {

Result<int64_t> path_version(const RequestContext& c) {
  const std::string& text = c.path_param("version");
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 1)
    return invalid_argument("catalogue version must be a positive integer",
                            {{"version", "'" + text + "' is not a version number"}});
  return v;
}

}  // namespace

void add_catalog_routes(Router& router, Services& s) {
  router.add(
      {"GET", "/api/v1/catalog", all_roles(), false, [&s](RequestContext&) -> Result<HttpResponse> {
         Json body = catalog::to_json(s.catalog);
         body["version"] = s.catalog_version;
         return json_response(body);
       }});

  router.add({"GET", "/api/v1/catalog/versions", all_roles(), false,
              [&s](RequestContext&) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(auto versions, catalog::CatalogVersions(s.db).list());
                Json items = Json::array();
                for (const auto& v : versions)
                  items.push_back({{"version", v.version},
                                   {"content_hash", v.content_hash},
                                   {"created_at", format_instant(v.created_at)},
                                   {"categories", v.categories},
                                   {"fields", v.fields},
                                   {"current", v.version == s.catalog_version}});
                return json_response({{"items", items}});
              }});

  router.add({"GET", "/api/v1/catalog/versions/{version}", all_roles(), false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(int64_t version, path_version(c));
                RX_ASSIGN_OR_RETURN(Json snapshot,
                                    catalog::CatalogVersions(s.db).snapshot(version));
                snapshot["version"] = version;
                return json_response(snapshot);
              }});

  router.add({"GET", "/api/v1/catalog/diff", all_roles(), false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                auto from = q.integer("from", 1, INT64_MAX);
                auto to = q.integer("to", 1, INT64_MAX);
                auto absent = [&](const char* name) {
                  return std::none_of(c.query.begin(), c.query.end(),
                                      [&](const auto& kv) { return kv.first == name; });
                };
                if (absent("from")) q.fail("from", "is required: the older version");
                if (absent("to")) q.fail("to", "is required: the newer version");
                RX_RETURN_IF_ERROR(q.finish());
                catalog::CatalogVersions versions(s.db);
                RX_ASSIGN_OR_RETURN(Json a, versions.snapshot(*from));
                RX_ASSIGN_OR_RETURN(Json b, versions.snapshot(*to));
                Json diff = catalog::diff_catalogs(a, b);
                diff["from"] = *from;
                diff["to"] = *to;
                return json_response(diff);
              }});
}

}  // namespace rx::api
