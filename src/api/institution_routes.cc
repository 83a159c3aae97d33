// Financial institutions (the operator registers them; every role may list them, so an
// enterprise can see whom it authorizes). Institution keys name one by id.
#include "api/json_input.h"
#include "api/routes.h"

namespace rx::api {
namespace {

Json institution_json(const registry::Institution& i) {
  return {{"id", i.id},
          {"name", i.name},
          {"kind", i.kind},
          {"created_at", format_instant(i.created_at)}};
}

}  // namespace

void add_institution_routes(Router& router, Services& s) {
  using auth::Role;
  router.add({"POST",
              "/api/v1/institutions",
              {Role::kAdmin},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader r(c.body);
                registry::Institution i{r.string("id").value_or(""),
                                        r.string("name").value_or(""),
                                        r.string("kind").value_or(""),
                                        {}};
                RX_RETURN_IF_ERROR(r.finish("institution"));
                RX_ASSIGN_OR_RETURN(auto created, s.institutions.create(std::move(i)));
                return json_response(institution_json(created), 201);
              }});
  router.add({"GET", "/api/v1/institutions", all_roles(), false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto list, s.institutions.list());
                Json items = Json::array();
                for (const auto& i : list) items.push_back(institution_json(i));
                return json_response({{"items", std::move(items)}});
              }});
}

}  // namespace rx::api
