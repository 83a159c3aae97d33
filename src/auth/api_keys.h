// API keys: 256 random bits shown once to their holder; the platform stores only their
// SHA-256 (a fast hash is right here: the secret has full entropy, nothing to brute-force).
// Key text: "rx_" + 43 characters of base64url.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/clock.h"
#include "store/database.h"

namespace rx::auth {

struct ApiKeyRecord {
  std::string id;  // UUIDv7, safe to log and show
  Role role;
  std::optional<std::string> uscc;
  std::optional<std::string> institution_id;
  std::string label;
  Instant created_at;
  std::optional<Instant> revoked_at;
  // Set while suspended (monitor/key_suspension.h); authentication then refuses it (403).
  std::optional<Instant> suspended_at = std::nullopt;
  std::optional<std::string> suspension_note = std::nullopt;
};

struct NewKeyRequest {
  Role role;
  std::optional<std::string> uscc;
  std::optional<std::string> institution_id;
  std::string label;
};

struct IssuedKey {
  ApiKeyRecord record;
  std::string secret;  // the only time the key text exists outside its holder
};

// Checks the binding rules: enterprise keys need a valid USCC, institution keys an
// institution id (1-64 of [A-Za-z0-9_-]), other roles neither.
Status validate_key_request(const NewKeyRequest& request);

class ApiKeyRepository {
 public:
  ApiKeyRepository(store::Database& db, const Clock& clock, Random& random)
      : db_(db), clock_(clock), random_(random) {}

  // created_by: the key that asks, for the audit ledger (empty from the command line).
  Result<IssuedKey> create(const NewKeyRequest& request, std::string_view created_by = "");
  // kUnauthenticated for unknown, malformed or revoked keys (one message for all: no oracle);
  // kPermissionDenied, naming the key, its suspension time and note, for a suspended key.
  Result<Principal> authenticate(std::string_view secret);
  // kNotFound for unknown ids; revoking twice is not an error.
  Status revoke(std::string_view id, std::string_view revoked_by = "");
  Result<std::vector<ApiKeyRecord>> list();

 private:
  store::Database& db_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace rx::auth
