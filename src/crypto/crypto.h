// Thin wrappers over OpenSSL 3: the only place that includes OpenSSL headers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace rx::crypto {

// Lowercase hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view data);

std::string to_hex(std::span<const uint8_t> bytes);

// Unpadded base64url (RFC 4648 section 5).
std::string base64url(std::span<const uint8_t> bytes);
std::string base64url(std::string_view bytes);
// nullopt for characters outside the alphabet or an impossible length.
std::optional<std::string> base64url_decode(std::string_view text);

// Randomness from OpenSSL's CSPRNG; aborts if the CSPRNG fails (no safe way on).
class SecureRandom final : public Random {
 public:
  void fill(std::span<uint8_t> out) override;
};

// Compares in time independent of where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace rx::crypto
