#include "consent/authorization_repository.h"

#include "core/id.h"
#include "crypto/crypto.h"
#include "ledger/ledger.h"
#include "registry/institution.h"

namespace rx::consent {
namespace {

using nlohmann::json;

constexpr std::string_view kColumns =
    "SELECT id, artefact, signature, state, granted_by, revoked_at FROM authorizations";

Instant parse_utc(const std::string& text) {
  // format_instant output: "YYYY-MM-DDTHH:MM:SS[.ffffff]Z"
  auto date = Date::parse(text.substr(0, 10));
  int h = 0, m = 0, sec = 0;
  std::sscanf(text.c_str() + 11, "%2d:%2d:%2d", &h, &m, &sec);
  int64_t us = 0;
  if (text.size() > 20 && text[19] == '.') us = std::atoll(text.substr(20, 6).c_str());
  return Instant(std::chrono::days(date.is_ok() ? date->days_since_epoch() : 0)) +
         std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(sec) +
         std::chrono::microseconds(us);
}

std::optional<State> parse_state(std::string_view s) {
  for (State st : {State::kActive, State::kPaused, State::kRevoked, State::kExpired})
    if (to_string(st) == s) return st;
  return std::nullopt;
}

// The artefact is the one stored truth of the terms; the row adds state.
Result<Authorization> from_row(const store::Row& r) {
  const json a = json::parse(r.text(1), nullptr, false);
  if (a.is_discarded()) return internal_error("authorization " + r.text(0) + " is unreadable");
  Authorization out;
  out.id = r.text(0);
  out.signature = r.text(2);
  out.state = parse_state(r.text(3)).value_or(State::kRevoked);
  out.granted_by = r.text(4);
  if (!r.is_null(5)) out.revoked_at = instant_from_micros(r.integer(5));
  Grant& g = out.grant;
  g.uscc = a.at("uscc");
  g.institution_id = a.at("institution_id");
  g.purpose = parse_purpose(a.at("purpose").get<std::string>()).value_or(Purpose::kLoanApplication);
  for (const json& s : a.at("scopes"))
    g.scopes.push_back({s.at("category"), s.at("fields").get<std::vector<std::string>>()});
  g.valid_from = parse_utc(a.at("valid_from"));
  g.valid_until = parse_utc(a.at("valid_until"));
  g.period_from = a.at("period_from");
  g.period_to = a.at("period_to");
  g.max_queries = a.at("max_queries");
  g.per = a.at("per") == "month" ? Per::kMonth : Per::kDay;
  g.retention_days = a.at("retention_days");
  if (!a.at("application_id").is_null()) g.application_id = a.at("application_id");
  out.granted_at = parse_utc(a.at("granted_at"));
  return out;
}

Result<std::vector<Authorization>> select(store::Session& s, const std::string& where,
                                          std::initializer_list<store::Value> params) {
  RX_ASSIGN_OR_RETURN(
      store::Rows rows,
      s.query(std::string(kColumns) + " WHERE " + where + " ORDER BY seq DESC", params));
  std::vector<Authorization> out;
  for (const store::Row& r : rows) {
    RX_ASSIGN_OR_RETURN(Authorization a, from_row(r));
    out.push_back(std::move(a));
  }
  return out;
}

// The enterprise's grant, pause, resume or revocation as an audit entry: what it covers and
// for whom, never the artefact's content beyond that.
ledger::Entry audit_entry(std::string id, const Authorization& a, std::string_view action,
                          std::string_view state, std::string_view key_id, Instant now) {
  ledger::Entry e;
  e.id = std::move(id);
  e.at = now;
  e.actor = {"enterprise", std::string(key_id), "", a.grant.uscc};
  e.action = std::string(action);
  e.outcome = "done";
  e.reason = std::string(state);
  e.subject = a.grant.uscc;
  for (const Scope& scope : a.grant.scopes) {
    if (scope.fields.empty()) e.categories.push_back(scope.category);
    for (const std::string& f : scope.fields) e.categories.push_back(scope.category + "." + f);
  }
  e.purpose = std::string(to_string(a.grant.purpose));
  e.authorization_id = a.id;
  e.application_id = a.grant.application_id.value_or("");
  e.ref = a.grant.institution_id;
  return e;
}

}  // namespace

Result<Authorization> AuthorizationRepository::grant(const Grant& grant,
                                                     const catalog::Catalog& catalog,
                                                     const std::string& key_id) {
  Authorization out;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, grant_in(s, grant, catalog, key_id));
    return Status::ok();
  }));
  return out;
}

Result<Authorization> AuthorizationRepository::grant_in(store::Session& s, const Grant& grant,
                                                        const catalog::Catalog& catalog,
                                                        const std::string& key_id) {
  const Instant now = clock_.now();
  RX_RETURN_IF_ERROR(validate_grant(grant, catalog, now));
  Authorization a;
  a.id = new_uuid_v7(clock_, random_);
  a.grant = grant;
  a.granted_at = now;
  a.granted_by = key_id;
  a.state = State::kActive;
  const std::string text = artefact(a);
  a.signature = crypto::base64url(key_.sign(text));
  RX_ASSIGN_OR_RETURN(auto institution, registry::find_institution(s, grant.institution_id));
  if (!institution)
    return not_found("institution '" + grant.institution_id + "' is not registered");
  RX_RETURN_IF_ERROR(
      ledger::append(s, audit_entry(new_uuid_v7(clock_, random_), a,
                                    ledger::action::kAuthorizationGrant, "active", key_id, now)));
  RX_RETURN_IF_ERROR(
      s.execute("INSERT INTO authorizations (id, uscc, institution_id, purpose, artefact, "
                "signature, state, valid_until, granted_at, granted_by, state_changed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {a.id, grant.uscc, grant.institution_id, std::string(to_string(grant.purpose)),
                 text, a.signature, std::string("active"), micros(grant.valid_until), micros(now),
                 key_id, micros(now)})
          .status());
  return a;
}

Result<Authorization> AuthorizationRepository::get(std::string_view id) {
  std::optional<Authorization> found;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(found, load_authorization(s, id));
    return Status::ok();
  }));
  if (!found) return not_found("no authorization " + std::string(id));
  return *found;
}

Result<std::vector<Authorization>> AuthorizationRepository::list_for_enterprise(
    std::string_view uscc) {
  std::vector<Authorization> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, select(s, "uscc = ?", {std::string(uscc)}));
    return Status::ok();
  }));
  return out;
}

Result<std::vector<Authorization>> AuthorizationRepository::list_for_institution(
    std::string_view institution_id) {
  std::vector<Authorization> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out, select(s, "institution_id = ?", {std::string(institution_id)}));
    return Status::ok();
  }));
  return out;
}

Result<Authorization> AuthorizationRepository::change_state(std::string_view id,
                                                            std::string_view uscc, State target,
                                                            std::string_view key_id) {
  const Instant now = clock_.now();
  Authorization out;
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto a, load_authorization(s, id));
    if (!a || a->grant.uscc != uscc) return not_found("no authorization " + std::string(id));
    const State current = a->state_at(now);
    if (current == State::kRevoked || current == State::kExpired)
      return failed_precondition("the authorization is " + std::string(to_string(current)) +
                                 "; grant a new one instead");
    if (target == State::kActive && current != State::kPaused)
      return failed_precondition("only a paused authorization can be resumed");
    if (target == State::kPaused && current != State::kActive)
      return failed_precondition("only an active authorization can be paused");
    a->state = target;
    if (target == State::kRevoked) a->revoked_at = now;
    RX_RETURN_IF_ERROR(
        s.execute(
             "UPDATE authorizations SET state = ?, revoked_at = ?, state_changed_at = ? "
             "WHERE id = ?",
             {std::string(to_string(target)),
              store::nullable(a->revoked_at ? std::optional(micros(*a->revoked_at)) : std::nullopt),
              micros(now), a->id})
            .status());
    RX_RETURN_IF_ERROR(ledger::append(
        s, audit_entry(new_uuid_v7(clock_, random_), *a,
                       target == State::kRevoked ? ledger::action::kAuthorizationRevoke
                                                 : ledger::action::kAuthorizationChange,
                       to_string(target), key_id, now)));
    out = std::move(*a);
    return Status::ok();
  }));
  return out;
}

Result<std::optional<Authorization>> load_authorization(store::Session& s, std::string_view id) {
  RX_ASSIGN_OR_RETURN(auto found, select(s, "id = ?", {std::string(id)}));
  if (found.empty()) return std::optional<Authorization>();
  return std::optional<Authorization>(std::move(found[0]));
}

Result<std::vector<Authorization>> authorizations_between(store::Session& s, std::string_view uscc,
                                                          std::string_view institution_id) {
  return select(s, "uscc = ? AND institution_id = ?",
                {std::string(uscc), std::string(institution_id)});
}

Result<int64_t> uses(store::Session& s, const Authorization& a, Instant now) {
  RX_ASSIGN_OR_RETURN(store::Rows rows,
                      s.query("SELECT used FROM authorization_usage WHERE authorization_id = ? AND "
                              "usage_window = ?",
                              {a.id, usage_window(a.grant.per, now)}));
  return rows.empty() ? int64_t{0} : rows[0].integer(0);
}

Result<bool> take_use(store::Session& s, const Authorization& a, Instant now) {
  // One statement: inserts the window's first use, or adds one while below the limit.
  RX_ASSIGN_OR_RETURN(
      int64_t changed,
      s.execute("INSERT INTO authorization_usage (authorization_id, usage_window, used) "
                "VALUES (?, ?, 1) ON CONFLICT (authorization_id, usage_window) DO UPDATE "
                "SET used = authorization_usage.used + 1 WHERE authorization_usage.used < ?",
                {a.id, usage_window(a.grant.per, now), int64_t{a.grant.max_queries}}));
  return changed > 0;
}

bool verify_artefact(const json& artefact, std::string_view signature_b64url,
                     std::string_view public_key) {
  const auto signature = crypto::base64url_decode(signature_b64url);
  return signature && crypto::ed25519_verify(public_key, artefact.dump(), *signature);
}

}  // namespace rx::consent
