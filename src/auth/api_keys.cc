#include "auth/api_keys.h"

#include <cctype>

#include "core/id.h"
#include "core/uscc.h"
#include "crypto/crypto.h"
#include "ledger/ledger.h"

namespace rx::auth {
namespace {

constexpr std::string_view kPrefix = "rx_";
constexpr size_t kSecretChars = 43;  // base64url of 32 bytes

std::optional<std::string> optional_text(const store::Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.text(i);
}

// Keys created or revoked, as audit entries: whose key, never its secret.
ledger::Entry key_entry(const ApiKeyRecord& r, std::string_view action, std::string_view actor,
                        Instant at) {
  ledger::Entry e;
  e.id = r.id + "/" + std::string(action);
  e.at = at;
  e.actor = {"admin", std::string(actor), "", ""};
  e.action = std::string(action);
  e.outcome = "done";
  e.reason = "role=" + std::string(to_string(r.role)) +
             (r.institution_id ? " institution=" + *r.institution_id : "");
  e.subject = r.uscc.value_or("");
  e.ref = r.id;
  return e;
}

}  // namespace

Status validate_key_request(const NewKeyRequest& r) {
  std::string first;  // the message of the first problem; details list them all
  std::vector<FieldError> errors;
  auto fail = [&](std::string message, std::string field, std::string reason) {
    if (first.empty()) first = std::move(message);
    errors.push_back({std::move(field), std::move(reason)});
  };
  if (r.role == Role::kEnterprise) {
    if (!r.uscc) {
      fail("an enterprise key needs a USCC", "uscc", "is required for role enterprise");
    } else if (auto u = Uscc::parse(*r.uscc); !u.is_ok()) {
      for (const auto& d : u.status().details()) fail(u.status().message(), d.field, d.reason);
    }
  } else if (r.uscc) {
    fail("only enterprise keys are bound to a USCC", "uscc", "only for role enterprise");
  }
  if (r.role == Role::kInstitution) {
    if (!r.institution_id) {
      fail("an institution key needs an institution id", "institution_id",
           "is required for role institution");
    } else {
      const auto& id = *r.institution_id;
      bool ok = !id.empty() && id.size() <= 64;
      for (char c : id)
        ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
      if (!ok) fail("invalid institution id", "institution_id", "1-64 of A-Z a-z 0-9 _ -");
    }
  } else if (r.institution_id) {
    fail("only institution keys are bound to an institution", "institution_id",
         "only for role institution");
  }
  if (r.label.size() > 200) fail("label too long", "label", "at most 200 bytes");
  if (errors.empty()) return Status::ok();
  return invalid_argument(std::move(first), std::move(errors));
}

Result<IssuedKey> ApiKeyRepository::create(const NewKeyRequest& request,
                                           std::string_view created_by) {
  RX_RETURN_IF_ERROR(validate_key_request(request));
  uint8_t raw[32];
  random_.fill(raw);
  IssuedKey issued{{new_uuid_v7(clock_, random_), request.role, request.uscc,
                    request.institution_id, request.label, clock_.now(), std::nullopt},
                   std::string(kPrefix) + crypto::base64url(raw)};
  RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) {
    const auto& r = issued.record;
    RX_RETURN_IF_ERROR(
        ledger::append(s, key_entry(r, ledger::action::kKeyCreate, created_by, r.created_at)));
    return s
        .execute(
            "INSERT INTO api_keys (id, secret_hash, role, uscc, institution_id, label, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            {r.id, crypto::sha256_hex(issued.secret), std::string(to_string(r.role)),
             store::nullable(r.uscc), store::nullable(r.institution_id), r.label,
             micros(r.created_at)})
        .status();
  }));
  return issued;
}

Result<Principal> ApiKeyRepository::authenticate(std::string_view secret) {
  const auto denied = unauthenticated("API key is not valid");
  if (!secret.starts_with(kPrefix) || secret.size() != kPrefix.size() + kSecretChars) return denied;
  std::optional<Principal> found;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto rows, s.query("SELECT id, role, uscc, institution_id, suspended_at, "
                                           "suspension_note FROM api_keys WHERE secret_hash = ? "
                                           "AND revoked_at IS NULL",
                                           {crypto::sha256_hex(secret)}));
    if (rows.empty()) return Status::ok();
    if (!rows[0].is_null(4)) {
      std::string note = rows[0].is_null(5) ? "" : rows[0].text(5);
      return permission_denied(
          "API key " + rows[0].text(0) + " is suspended since " +
          format_instant(instant_from_micros(rows[0].integer(4))) +
          (note.empty() ? "" : ": " + note) +
          "; the platform operator must resume it before it can be used again");
    }
    auto role = parse_role(rows[0].text(1));
    if (!role) return internal_error("api_keys row " + rows[0].text(0) + " has an unknown role");
    found = Principal{rows[0].text(0), *role, optional_text(rows[0], 2), optional_text(rows[0], 3)};
    return Status::ok();
  }));
  if (!found) return denied;
  return std::move(*found);
}

Status ApiKeyRepository::revoke(std::string_view id, std::string_view revoked_by) {
  return db_.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto rows, s.query("SELECT revoked_at, role, uscc, institution_id FROM "
                                           "api_keys WHERE id = ?",
                                           {std::string(id)}));
    if (rows.empty()) return not_found("API key " + std::string(id) + " does not exist");
    if (!rows[0].is_null(0)) return Status::ok();
    ApiKeyRecord r;
    r.id = std::string(id);
    r.role = parse_role(rows[0].text(1)).value_or(Role::kAdmin);
    r.uscc = optional_text(rows[0], 2);
    r.institution_id = optional_text(rows[0], 3);
    RX_RETURN_IF_ERROR(
        ledger::append(s, key_entry(r, ledger::action::kKeyRevoke, revoked_by, clock_.now())));
    return s
        .execute("UPDATE api_keys SET revoked_at = ? WHERE id = ?",
                 {micros(clock_.now()), std::string(id)})
        .status();
  });
}

Result<std::vector<ApiKeyRecord>> ApiKeyRepository::list() {
  std::vector<ApiKeyRecord> out;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto rows, s.query("SELECT id, role, uscc, institution_id, label, "
                                           "created_at, revoked_at, suspended_at, "
                                           "suspension_note FROM api_keys ORDER BY id"));
    for (const auto& r : rows) {
      auto role = parse_role(r.text(1));
      if (!role) return internal_error("api_keys row " + r.text(0) + " has an unknown role");
      std::optional<Instant> revoked;
      if (!r.is_null(6)) revoked = instant_from_micros(r.integer(6));
      out.push_back({r.text(0), *role, optional_text(r, 2), optional_text(r, 3), r.text(4),
                     instant_from_micros(r.integer(5)), revoked});
      if (!r.is_null(7)) out.back().suspended_at = instant_from_micros(r.integer(7));
      out.back().suspension_note = optional_text(r, 8);
    }
    return Status::ok();
  }));
  return out;
}

}  // namespace rx::auth
