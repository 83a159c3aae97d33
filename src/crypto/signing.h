// Ed25519 signatures (RFC 8032) and HMAC-SHA256, through OpenSSL 3. The platform signs what it
// hands out (authorization artefacts, later audit heads) so a holder can prove it offline.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace rx::crypto {

class Ed25519Key {
 public:
  // A fresh key from the CSPRNG.
  static Result<Ed25519Key> generate();
  // The key whose RFC 8032 private seed is these 32 bytes.
  static Result<Ed25519Key> from_seed(std::string_view seed);
  // PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"); errors say what is wrong, never echo the key.
  static Result<Ed25519Key> from_pem(std::string_view pem);
  // Loads the key file, or creates it (mode 0600, parent directories 0700) when absent.
  static Result<Ed25519Key> load_or_create(const std::string& path);

  Ed25519Key(Ed25519Key&&) noexcept;
  Ed25519Key& operator=(Ed25519Key&&) noexcept;
  ~Ed25519Key();

  std::string private_pem() const;
  // The raw 32-byte public key.
  std::string public_key() const;
  // The raw 64-byte signature of message.
  std::string sign(std::string_view message) const;

 private:
  struct Impl;
  explicit Ed25519Key(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Checks a raw 64-byte Ed25519 signature against a raw 32-byte public key.
bool ed25519_verify(std::string_view public_key, std::string_view message,
                    std::string_view signature);

// Raw 32-byte HMAC-SHA256 of message under key.
std::string hmac_sha256(std::string_view key, std::string_view message);

}  // namespace rx::crypto
