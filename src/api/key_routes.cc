// API key administration (admin only). The key text appears once, in the create response.
#include "api/json_input.h"
#include "api/resources.h"
#include "api/routes.h"

namespace rx::api {

void add_key_routes(Router& router, Services& s) {
  using auth::Role;
  router.add(
      {"GET", "/api/v1/keys", {Role::kAdmin}, false, [&s](RequestContext&) -> Result<HttpResponse> {
         RX_ASSIGN_OR_RETURN(auto keys, s.keys.list());
         Json items = Json::array();
         for (const auto& k : keys) items.push_back(api_key_json(k));
         return json_response({{"items", std::move(items)}});
       }});

  router.add(
      {"POST",
       "/api/v1/keys",
       {Role::kAdmin},
       true,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         BodyReader r(c.body);
         auto role_text = r.string("role");
         auth::NewKeyRequest request{Role::kNode, r.string("uscc"), r.string("institution_id"),
                                     r.string("label").value_or("")};
         RX_RETURN_IF_ERROR(r.finish("key request"));
         auto role = role_text ? auth::parse_role(*role_text) : std::nullopt;
         if (!role) {
           std::string what = role_text ? "unknown role '" + *role_text + "'" : "role is required";
           return invalid_argument(what, {{"role",
                                           "must be one of admin, data_provider, enterprise, "
                                           "institution, service_agency, node"}});
         }
         request.role = *role;
         RX_ASSIGN_OR_RETURN(auto issued, s.keys.create(request, c.principal->key_id));
         Json body = api_key_json(issued.record);
         body["key"] = issued.secret;
         return json_response(body, 201);
       }});

  router.add({"DELETE",
              "/api/v1/keys/{id}",
              {Role::kAdmin},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(s.keys.revoke(c.path_param("id"), c.principal->key_id));
                HttpResponse r;
                r.status = 204;
                r.content_type = "application/json";
                return r;
              }});
}

}  // namespace rx::api
