// The enterprise registry: list and search, read, create and update.
#include <algorithm>

#include "api/json_input.h"
#include "api/resources.h"
#include "api/routes.h"
#include "registry/reference.h"

namespace rx::api {
namespace {

using auth::Role;
using registry::EnterpriseQuery;

// Enterprise keys see only their own enterprise.
Status check_own(const auth::Principal& p, const Uscc& uscc) {
  if (p.role == Role::kEnterprise && p.uscc != uscc.str())
    return permission_denied("an enterprise key may only read its own enterprise");
  return Status::ok();
}

Result<EnterpriseQuery> list_query(const RequestContext& c) {
  QueryReader q(c.query);
  EnterpriseQuery out;
  if (auto text = q.string("q")) {
    // Count characters, not bytes: full Chinese names are long in UTF-8.
    auto chars =
        std::count_if(text->begin(), text->end(), [](char ch) { return (ch & 0xc0) != 0x80; });
    if (chars > 100) q.fail("q", "longer than 100 characters");
    out.text = *text;
  }
  if (auto d = q.string("district")) {
    if (!registry::find_district(*d)) q.fail("district", "unknown district code '" + *d + "'");
    out.district = *d;
  }
  if (auto i = q.string("industry")) {
    bool section = i->size() == 1 && registry::find_section((*i)[0]);
    if (!section && !registry::is_valid_industry(*i))
      q.fail("industry", "must be a section letter (C) or section and division (C39)");
    out.industry = *i;
  }
  if (auto size = q.string("size")) {
    out.size = registry::parse_size_class(*size);
    if (!out.size) q.fail("size", "must be one of large, medium, small, micro");
  }
  if (auto status = q.string("status")) {
    out.status = registry::parse_enterprise_status(*status);
    if (!out.status) q.fail("status", "must be one of active, revoked, cancelled");
  }
  if (auto cursor = q.string("cursor")) {
    if (!Uscc::parse(*cursor).is_ok()) q.fail("cursor", "is not a cursor returned by this API");
    out.after = *cursor;
  }
  out.limit = static_cast<int>(q.integer("limit", 1, registry::kMaxPageSize).value_or(20));
  RX_RETURN_IF_ERROR(q.finish());
  if (c.principal->role == Role::kEnterprise) out.only = *Uscc::parse(*c.principal->uscc);
  return out;
}

Result<Uscc> path_uscc(const RequestContext& c) {
  return Uscc::parse(c.path_param("uscc"));
}

}  // namespace

void add_enterprise_routes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/enterprises", all_roles(), false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(EnterpriseQuery query, list_query(c));
                RX_ASSIGN_OR_RETURN(auto page, s.enterprises.list(query));
                Json items = Json::array();
                for (const auto& e : page.items) items.push_back(enterprise_json(e));
                return json_response(
                    {{"items", std::move(items)},
                     {"next_cursor", page.next_cursor ? Json(*page.next_cursor) : Json(nullptr)}});
              }});

  router.add({"GET", "/api/v1/enterprises/{uscc}", all_roles(), false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, path_uscc(c));
                RX_RETURN_IF_ERROR(check_own(*c.principal, uscc));
                RX_ASSIGN_OR_RETURN(auto e, s.enterprises.get(uscc));
                return json_response(enterprise_json(e));
              }});

  router.add({"POST",
              "/api/v1/enterprises",
              {Role::kAdmin, Role::kDataProvider},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(auto input, enterprise_input(c.body));
                RX_ASSIGN_OR_RETURN(auto e, registry::validate_new(input, s.clock.now()));
                RX_RETURN_IF_ERROR(s.enterprises.create(e));
                HttpResponse r = json_response(enterprise_json(e), 201);
                r.headers.emplace_back("Location", "/api/v1/enterprises/" + e.uscc.str());
                return r;
              }});

  router.add({"PATCH",
              "/api/v1/enterprises/{uscc}",
              {Role::kAdmin, Role::kDataProvider},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, path_uscc(c));
                RX_ASSIGN_OR_RETURN(auto input, enterprise_input(c.body));
                RX_ASSIGN_OR_RETURN(
                    auto e, s.enterprises.update(uscc, [&](registry::Enterprise cur) {
                      return registry::apply_update(std::move(cur), input, s.clock.now());
                    }));
                return json_response(enterprise_json(e));
              }});
}

}  // namespace rx::api
