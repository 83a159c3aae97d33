// An enterprise's authorizations (授权): granting one to an institution and revoking it. The
// enterprise's own key only; the artefact comes back signed by the platform.
#include <cctype>
#include <cstdio>

#include "api/json_input.h"
#include "api/routes.h"
#include "consent/authorization_repository.h"

namespace rx::api {
namespace {

using auth::Role;

// RFC 3339 with a Z or ±HH:MM offset, e.g. "2026-11-23T01:02:03Z", "2026-11-23T09:02:03+08:00".
std::optional<Instant> parse_instant(const std::string& t) {
  if (t.size() < 20 || t[10] != 'T' || t[13] != ':' || t[16] != ':') return std::nullopt;
  auto date = Date::parse(t.substr(0, 10));
  if (!date.is_ok()) return std::nullopt;
  auto two = [&](size_t at) -> int {
    if (!std::isdigit(static_cast<unsigned char>(t[at])) ||
        !std::isdigit(static_cast<unsigned char>(t[at + 1])))
      return -1;
    return (t[at] - '0') * 10 + (t[at + 1] - '0');
  };
  const int h = two(11), m = two(14), sec = two(17);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return std::nullopt;
  size_t i = 19;
  int64_t us = 0;
  if (t[i] == '.') {
    int digits = 0;
    for (++i; i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); ++i, ++digits)
      if (digits < 6) us = us * 10 + (t[i] - '0');
    if (digits == 0) return std::nullopt;
    for (int d = digits; d < 6; ++d) us *= 10;
  }
  int offset_minutes = 0;
  const std::string zone = t.substr(i);
  if (zone == "Z" || zone == "z") {
    offset_minutes = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const int oh = two(i + 1), om = two(i + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset_minutes = (zone[0] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  return Instant(std::chrono::days(date->days_since_epoch())) + std::chrono::hours(h) +
         std::chrono::minutes(m - offset_minutes) + std::chrono::seconds(sec) +
         std::chrono::microseconds(us);
}

Json authorization_json(const consent::Authorization& a, Instant now) {
  const consent::Grant& g = a.grant;
  Json scopes = Json::array();
  for (const consent::Scope& s : g.scopes)
    scopes.push_back({{"category", s.category}, {"fields", s.fields}});
  return {{"id", a.id},
          {"uscc", g.uscc},
          {"institution_id", g.institution_id},
          {"scopes", scopes},
          {"purpose", consent::to_string(g.purpose)},
          {"valid_from", format_instant(g.valid_from)},
          {"valid_until", format_instant(g.valid_until)},
          {"period_from", g.period_from},
          {"period_to", g.period_to},
          {"max_queries", g.max_queries},
          {"per", g.per == consent::Per::kDay ? "day" : "month"},
          {"retention_days", g.retention_days},
          {"application_id", g.application_id ? Json(*g.application_id) : Json(nullptr)},
          {"state", consent::to_string(a.state_at(now))},
          {"granted_at", format_instant(a.granted_at)},
          {"revoked_at", a.revoked_at ? Json(format_instant(*a.revoked_at)) : Json(nullptr)},
          {"signature", a.signature}};
}

Status own_enterprise(const RequestContext& c) {
  if (c.principal->uscc != c.path_param("uscc"))
    return permission_denied(
        "an enterprise key may only manage its own enterprise's authorizations");
  return Status::ok();
}

Result<consent::Grant> grant_input(const RequestContext& c, Instant now) {
  BodyReader r(c.body);
  consent::Grant g;
  g.uscc = c.path_param("uscc");
  g.institution_id = r.string("institution_id").value_or("");
  if (g.institution_id.empty()) r.fail("institution_id", "is required");
  if (const Json* scopes = r.value("scopes")) {
    if (!scopes->is_array() || scopes->empty()) r.fail("scopes", "must be a non-empty array");
    for (size_t i = 0; scopes->is_array() && i < scopes->size(); ++i) {
      const Json& s = (*scopes)[i];
      const std::string at = "scopes[" + std::to_string(i) + "]";
      if (!s.is_object() || !s.contains("category") || !s["category"].is_string()) {
        r.fail(at, "must be {category, fields?}");
        continue;
      }
      consent::Scope scope{s["category"].get<std::string>(), {}};
      for (const auto& [k, v] : s.items()) {
        if (k == "category") continue;
        if (k != "fields" || !v.is_array()) {
          r.fail(at + "." + k, k == "fields" ? "must be an array of field names" : "unknown field");
          continue;
        }
        for (const Json& f : v)
          if (f.is_string())
            scope.fields.push_back(f.get<std::string>());
          else
            r.fail(at + ".fields", "must be an array of field names");
      }
      g.scopes.push_back(std::move(scope));
    }
  } else {
    r.fail("scopes", "is required");
  }
  const auto purpose = r.string("purpose");
  if (!purpose || !consent::parse_purpose(*purpose))
    r.fail("purpose",
           "must be one of loan_application, credit_review, post_loan, guarantee, "
           "insurance");
  else
    g.purpose = *consent::parse_purpose(*purpose);
  auto instant = [&](const char* field, bool required) -> std::optional<Instant> {
    auto text = r.string(field);
    if (!text) {
      if (required) r.fail(field, "is required");
      return std::nullopt;
    }
    auto t = parse_instant(*text);
    if (!t) r.fail(field, "must be an RFC 3339 instant, e.g. 2026-11-23T09:00:00+08:00");
    return t;
  };
  g.valid_from = instant("valid_from", false).value_or(now);
  g.valid_until = instant("valid_until", true).value_or(now);
  g.period_from = r.string("period_from").value_or("");
  g.period_to = r.string("period_to").value_or("");
  if (auto n = r.integer("max_queries"))
    g.max_queries = static_cast<int>(std::clamp<int64_t>(*n, -1, 1'000'000));
  if (auto per = r.string("per")) {
    if (*per == "day" || *per == "month")
      g.per = *per == "day" ? consent::Per::kDay : consent::Per::kMonth;
    else
      r.fail("per", "must be day or month");
  }
  if (auto n = r.integer("retention_days"))
    g.retention_days = static_cast<int>(std::clamp<int64_t>(*n, -1, 1'000'000));
  g.application_id = r.string("application_id");
  RX_RETURN_IF_ERROR(r.finish("authorization"));
  return g;
}

}  // namespace

void add_consent_routes(Router& router, Services& s) {
  router.add({"POST",
              "/api/v1/enterprises/{uscc}/authorizations",
              {Role::kEnterprise},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(own_enterprise(c));
                RX_ASSIGN_OR_RETURN(consent::Grant g, grant_input(c, s.clock.now()));
                RX_ASSIGN_OR_RETURN(auto a,
                                    s.authorizations->grant(g, s.catalog, c.principal->key_id));
                return json_response(authorization_json(a, s.clock.now()), 201);
              }});
  router.add({"POST",
              "/api/v1/enterprises/{uscc}/authorizations/{id}/revoke",
              {Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(own_enterprise(c));
                RX_ASSIGN_OR_RETURN(
                    auto a, s.authorizations->change_state(c.path_param("id"), c.path_param("uscc"),
                                                           consent::State::kRevoked));
                return json_response(authorization_json(a, s.clock.now()));
              }});
}

}  // namespace rx::api
