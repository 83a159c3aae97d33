// Authorizations in the database: granted (signed by the platform), listed, paused, resumed
// and revoked with effect at once; and the fair-use counters, taken atomically so that
// concurrent queries never exceed a limit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "consent/authorization.h"
#include "core/clock.h"
#include "crypto/signing.h"
#include "store/database.h"

namespace rx::consent {

class AuthorizationRepository {
 public:
  AuthorizationRepository(store::Database& db, const Clock& clock, Random& random,
                          const crypto::Ed25519Key& key)
      : db_(db), clock_(clock), random_(random), key_(key) {}

  // Validates (see validate_grant), checks that the institution exists (kNotFound otherwise),
  // signs and stores.
  Result<Authorization> grant(const Grant& grant, const catalog::Catalog& catalog,
                              const std::string& key_id);
  // The same inside the caller's transaction (one-click apply grants with the application).
  Result<Authorization> grant_in(store::Session& s, const Grant& grant,
                                 const catalog::Catalog& catalog, const std::string& key_id);
  // kNotFound when unknown.
  Result<Authorization> get(std::string_view id);
  // Newest first.
  Result<std::vector<Authorization>> list_for_enterprise(std::string_view uscc);
  Result<std::vector<Authorization>> list_for_institution(std::string_view institution_id);
  // Moves to kRevoked, kPaused or kActive (resume). kNotFound when unknown or another
  // enterprise's; kFailedPrecondition when revoked or expired (final), or resuming what is
  // not paused.
  Result<Authorization> change_state(std::string_view id, std::string_view uscc, State target,
                                     std::string_view key_id = "");

  // The platform's raw Ed25519 public key.
  std::string public_key() const { return key_.public_key(); }

 private:
  store::Database& db_;
  const Clock& clock_;
  Random& random_;
  const crypto::Ed25519Key& key_;
};

// Inside a caller's transaction.
Result<std::optional<Authorization>> load_authorization(store::Session& s, std::string_view id);
// The institution's authorizations from one enterprise, newest first.
Result<std::vector<Authorization>> authorizations_between(store::Session& s, std::string_view uscc,
                                                          std::string_view institution_id);
// Uses counted so far in the current fair-use window.
Result<int64_t> uses(store::Session& s, const Authorization& a, Instant now);
// Counts one use in the current fair-use window; false (and nothing counted) when the limit is
// reached. Atomic under concurrency on both backends.
Result<bool> take_use(store::Session& s, const Authorization& a, Instant now);

// Checks a signed artefact: the signature (base64url) over the canonical form of `artefact`.
bool verify_artefact(const nlohmann::json& artefact, std::string_view signature_b64url,
                     std::string_view public_key);

}  // namespace rx::consent
