// Reference data the portal needs to render filters: districts and industry sections.
#include "api/routes.h"
#include "registry/reference.h"

namespace rx::api {

void add_meta_routes(Router& router, Services&) {
  router.add(
      {"GET", "/api/v1/meta/districts", all_roles(), false,
       [](RequestContext&) -> Result<HttpResponse> {
         Json items = Json::array();
         for (const auto& d : registry::districts())
           items.push_back({{"code", d.code}, {"name_zh", d.name_zh}, {"name_en", d.name_en}});
         return json_response({{"items", items}});
       }});
  router.add({"GET", "/api/v1/meta/industries", all_roles(), false,
              [](RequestContext&) -> Result<HttpResponse> {
                Json items = Json::array();
                for (const auto& sec : registry::industry_sections()) {
                  Json divisions = Json::array();
                  for (int d = sec.first_division; d <= sec.last_division; ++d)
                    divisions.push_back((d < 10 ? "0" : "") + std::to_string(d));
                  items.push_back({{"section", std::string(1, sec.letter)},
                                   {"name_zh", sec.name_zh},
                                   {"name_en", sec.name_en},
                                   {"divisions", divisions}});
                }
                return json_response({{"items", items}});
              }});
}

}  // namespace rx::api
