// Institutions and authorizations over HTTP. An enterprise grants, pauses, resumes and revokes
// its own authorizations (with effect at once); the institution holding one can read it; the
// platform's public key lets anyone check an artefact's signature.
#include "api/json_input.h"
#include "api/routes.h"
#include "crypto/crypto.h"
#include "registry/institution.h"

namespace rx::api {
namespace {

using auth::Role;

Json institution_json(const registry::Institution& i) {
  return {{"id", i.id},
          {"name", i.name},
          {"kind", i.kind},
          {"created_at", format_instant(i.created_at)}};
}

Json authorization_json(const consent::Authorization& a, Instant now) {
  Json out = consent::artefact_json(a);
  out.erase("version");
  out.erase("issuer");
  out["state"] = consent::to_string(a.state_at(now));
  out["revoked_at"] = a.revoked_at ? Json(format_instant(*a.revoked_at)) : Json(nullptr);
  out["artefact"] = consent::artefact_json(a);
  out["signature"] = a.signature;
  return out;
}

// "2026-11-30T00:00:00Z", or a date meaning the start (from) or end (until) of that day in
// Asia/Shanghai.
std::optional<Instant> parse_time(const std::string& text, bool end_of_day) {
  auto date = Date::parse(text.substr(0, 10));
  if (!date.is_ok()) return std::nullopt;
  const Instant day = Instant(std::chrono::days(date->days_since_epoch())) - std::chrono::hours(8);
  if (text.size() == 10) return end_of_day ? day + std::chrono::days(1) : day;
  int h = 0, m = 0, sec = 0;
  char z = 0;
  std::string t = text;
  if (t.size() > 20 && t[19] == '.' && t.back() == 'Z') t = t.substr(0, 19) + "Z";  // whole seconds
  if (t.size() != 20 || t[10] != 'T' ||
      std::sscanf(t.c_str() + 11, "%2d:%2d:%2d%c", &h, &m, &sec, &z) != 4 || z != 'Z' || h > 23 ||
      m > 59 || sec > 59)
    return std::nullopt;
  return day + std::chrono::hours(8 + h) + std::chrono::minutes(m) + std::chrono::seconds(sec);
}

Result<consent::Grant> read_grant(const Json& body, const std::string& uscc, Instant now) {
  BodyReader r(body);
  consent::Grant g;
  g.uscc = uscc;
  g.institution_id = r.string("institution_id").value_or("");
  if (const Json* scopes = r.raw("scopes")) {
    if (!scopes->is_array()) r.fail("scopes", "must be an array of {category, fields}");
    for (size_t i = 0; scopes->is_array() && i < scopes->size(); ++i) {
      const Json& s = (*scopes)[i];
      const std::string at = "scopes[" + std::to_string(i) + "]";
      if (!s.is_object() || !s.contains("category") || !s["category"].is_string()) {
        r.fail(at, "must be an object with a category");
        continue;
      }
      consent::Scope scope{s["category"], {}};
      if (s.contains("fields")) {
        if (!s["fields"].is_array()) {
          r.fail(at + ".fields", "must be an array of field names");
          continue;
        }
        for (const Json& f : s["fields"])
          if (f.is_string())
            scope.fields.push_back(f);
          else
            r.fail(at + ".fields", "must be an array of field names");
      }
      for (const auto& [k, v] : s.items())
        if (k != "category" && k != "fields") r.fail(at + "." + k, "is not a known field");
      g.scopes.push_back(std::move(scope));
    }
  }
  const std::string purpose = r.string("purpose").value_or("");
  if (auto p = consent::parse_purpose(purpose))
    g.purpose = *p;
  else
    r.fail("purpose", purpose.empty() ? "is required"
                                      : "'" + purpose +
                                            "' is not a financing purpose: loan_application, "
                                            "credit_review, post_loan, guarantee, "
                                            "insurance_underwriting");
  const auto from = r.string("valid_from"), until = r.string("valid_until");
  g.valid_from = now;
  if (from) {
    if (auto t = parse_time(*from, false))
      g.valid_from = *t;
    else
      r.fail("valid_from", "must be a date YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SSZ");
  }
  if (!until)
    r.fail("valid_until", "is required");
  else if (auto t = parse_time(*until, true))
    g.valid_until = *t;
  else
    r.fail("valid_until", "must be a date YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SSZ");
  g.period_from = r.string("period_from").value_or("");
  g.period_to = r.string("period_to").value_or("");
  if (auto n = r.integer("max_queries"))
    g.max_queries = static_cast<int>(std::clamp<int64_t>(*n, -1, 1'000'000));
  const std::string per = r.string("per").value_or("day");
  if (per == "month")
    g.per = consent::Per::kMonth;
  else if (per != "day")
    r.fail("per", "must be day or month");
  if (auto n = r.integer("retention_days"))
    g.retention_days = static_cast<int>(std::clamp<int64_t>(*n, -1, 100'000));
  g.application_id = r.string("application_id");
  RX_RETURN_IF_ERROR(r.finish("authorization"));
  return g;
}

Status check_own_enterprise(const RequestContext& c, const std::string& uscc) {
  if (c.principal->role == Role::kEnterprise && c.principal->uscc != uscc)
    return permission_denied("an enterprise key may only manage its own authorizations");
  return Status::ok();
}

// The enterprise's own authorization only (another's is not found).
RouteHandler state_handler(Services& s, consent::State target) {
  return [&s, target](RequestContext& c) -> Result<HttpResponse> {
    RX_ASSIGN_OR_RETURN(consent::Authorization a,
                        s.authorizations->change_state(c.path_param("id"), *c.principal->uscc,
                                                       target, c.principal->key_id));
    return json_response(authorization_json(a, s.clock.now()));
  };
}

}  // namespace

void add_consent_routes(Router& router, Services& s) {
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
                RX_ASSIGN_OR_RETURN(registry::Institution made,
                                    registry::InstitutionRepository(s.db, s.clock).create(i));
                return json_response(institution_json(made), 201);
              }});
  router.add({"GET", "/api/v1/institutions", all_roles(), false,
              [&s](RequestContext&) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(auto list,
                                    registry::InstitutionRepository(s.db, s.clock).list());
                Json items = Json::array();
                for (const auto& i : list) items.push_back(institution_json(i));
                return json_response({{"items", items}});
              }});
  router.add({"GET", "/api/v1/consent/purposes", all_roles(), false,
              [](RequestContext&) -> Result<HttpResponse> {
                Json items = Json::array();
                for (consent::Purpose p : consent::all_purposes())
                  items.push_back({{"code", consent::to_string(p)},
                                   {"label", consent::purpose_label(p)},
                                   {"label_en", consent::purpose_label_en(p)}});
                return json_response({{"items", items}});
              }});
  router.add({"GET", "/api/v1/consent/public-key", all_roles(), false,
              [&s](RequestContext&) -> Result<HttpResponse> {
                return json_response(
                    {{"algorithm", "Ed25519"},
                     {"public_key", crypto::base64url(s.signing_key->public_key())},
                     {"signed_form",
                      "canonical JSON of the artefact (keys sorted, "
                      "no whitespace), UTF-8"}});
              }});
  router.add({"POST", "/api/v1/authorizations/verify", all_roles(), true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader r(c.body);
                const Json* artefact = r.raw("artefact");
                const std::string signature = r.string("signature").value_or("");
                if (!artefact || !artefact->is_object()) r.fail("artefact", "must be an object");
                RX_RETURN_IF_ERROR(r.finish("verification"));
                return json_response(
                    {{"valid", consent::verify_artefact(*artefact, signature,
                                                        s.signing_key->public_key())}});
              }});
  router.add({"POST",
              "/api/v1/enterprises/{uscc}/authorizations",
              {Role::kEnterprise},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
                RX_RETURN_IF_ERROR(check_own_enterprise(c, uscc.str()));
                RX_ASSIGN_OR_RETURN(consent::Grant g,
                                    read_grant(c.body, uscc.str(), s.clock.now()));
                RX_ASSIGN_OR_RETURN(consent::Authorization a,
                                    s.authorizations->grant(g, s.catalog, c.principal->key_id));
                return json_response(authorization_json(a, s.clock.now()), 201);
              }});
  router.add({"GET",
              "/api/v1/enterprises/{uscc}/authorizations",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
                RX_RETURN_IF_ERROR(check_own_enterprise(c, uscc.str()));
                RX_ASSIGN_OR_RETURN(auto list, s.authorizations->list_for_enterprise(uscc.str()));
                Json items = Json::array();
                for (const auto& a : list) items.push_back(authorization_json(a, s.clock.now()));
                return json_response({{"items", items}});
              }});
  router.add({"GET",
              "/api/v1/authorizations",
              {Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(auto list, s.authorizations->list_for_institution(
                                                   *c.principal->institution_id));
                Json items = Json::array();
                for (const auto& a : list) items.push_back(authorization_json(a, s.clock.now()));
                return json_response({{"items", items}});
              }});
  router.add({"GET",
              "/api/v1/authorizations/{id}",
              {Role::kAdmin, Role::kEnterprise, Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                auto a = s.authorizations->get(c.path_param("id"));
                const auth::Principal& p = *c.principal;
                // Someone else's authorization is "not found": its existence is not disclosed.
                if (a.is_ok() &&
                    ((p.role == Role::kEnterprise && p.uscc != a->grant.uscc) ||
                     (p.role == Role::kInstitution && p.institution_id != a->grant.institution_id)))
                  return not_found("no authorization " + c.path_param("id"));
                RX_RETURN_IF_ERROR(a.status());
                return json_response(authorization_json(*a, s.clock.now()));
              }});
  router.add({"POST",
              "/api/v1/authorizations/{id}/revoke",
              {Role::kEnterprise},
              false,
              state_handler(s, consent::State::kRevoked)});
  router.add({"POST",
              "/api/v1/authorizations/{id}/pause",
              {Role::kEnterprise},
              false,
              state_handler(s, consent::State::kPaused)});
  router.add({"POST",
              "/api/v1/authorizations/{id}/resume",
              {Role::kEnterprise},
              false,
              state_handler(s, consent::State::kActive)});
}

}  // namespace rx::api
