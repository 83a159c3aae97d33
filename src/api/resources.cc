#include "api/resources.h"

#include "api/json_input.h"

namespace rx::api {
namespace {

Json nullable(const std::optional<std::string>& v) {
  return v ? Json(*v) : Json(nullptr);
}

}  // namespace

Json enterprise_json(const registry::Enterprise& e) {
  return {{"uscc", e.uscc.str()},
          {"name", e.name},
          {"district", e.district},
          {"industry", e.industry},
          {"size", registry::to_string(e.size)},
          {"registration_date", e.registration_date.to_string()},
          {"registered_capital_fen", e.registered_capital.fen()},
          {"status", registry::to_string(e.status)},
          {"created_at", format_instant(e.created_at)},
          {"updated_at", format_instant(e.updated_at)}};
}

Json api_key_json(const auth::ApiKeyRecord& k) {
  return {{"id", k.id},
          {"role", auth::to_string(k.role)},
          {"uscc", nullable(k.uscc)},
          {"institution_id", nullable(k.institution_id)},
          {"label", k.label},
          {"created_at", format_instant(k.created_at)},
          {"revoked_at", k.revoked_at ? Json(format_instant(*k.revoked_at)) : Json(nullptr)},
          {"suspended_at", k.suspended_at ? Json(format_instant(*k.suspended_at)) : Json(nullptr)}};
}

Json principal_json(const auth::Principal& p) {
  return {{"key_id", p.key_id},
          {"role", auth::to_string(p.role)},
          {"uscc", nullable(p.uscc)},
          {"institution_id", nullable(p.institution_id)}};
}

Result<registry::EnterpriseInput> enterprise_input(const Json& body) {
  BodyReader r(body);
  registry::EnterpriseInput in;
  in.uscc = r.string("uscc");
  in.name = r.string("name");
  in.district = r.string("district");
  in.industry = r.string("industry");
  in.size = r.string("size");
  in.registration_date = r.string("registration_date");
  in.registered_capital_fen = r.integer("registered_capital_fen");
  in.status = r.string("status");
  RX_RETURN_IF_ERROR(r.finish("enterprise"));
  return in;
}

}  // namespace rx::api
