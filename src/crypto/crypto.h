// Thin wrappers over OpenSSL 3: the only place that includes OpenSSL headers.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace rx::crypto {

// Lowercase hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view data);

using Digest = std::array<uint8_t, 32>;
// Raw SHA-256 of the concatenation of the parts. Built for many small inputs (Merkle trees):
// the digest implementation is fetched once and each thread reuses one context.
Digest sha256(std::initializer_list<std::string_view> parts);
inline std::string_view as_bytes(const Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

std::string to_hex(std::span<const uint8_t> bytes);

// Padded standard base64 (RFC 4648 section 4), as signed notes and JSON byte fields use.
std::string base64(std::string_view bytes);
// nullopt for characters outside the alphabet, missing or misplaced padding.
std::optional<std::string> base64_decode(std::string_view text);

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
