#include "push/url_policy.h"

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>

namespace rx::push {
namespace {

constexpr size_t kMaxUrlLength = 2048;

Status reject(std::string reason) {
  return invalid_argument("webhook_url is not allowed: " + reason, {{"webhook_url", reason}});
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Address {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};
};

std::optional<Address> ip_literal(const std::string& host) {
  Address a;
  if (inet_pton(AF_INET, host.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, host.c_str(), a.bytes.data()) == 1) {
    a.v6 = true;
    // An IPv4-mapped address (::ffff:a.b.c.d) is judged as the IPv4 address it maps.
    static constexpr std::array<uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped.begin(), kMapped.end(), a.bytes.begin())) {
      std::array<uint8_t, 16> v4{};
      std::copy(a.bytes.begin() + 12, a.bytes.end(), v4.begin());
      a = Address{false, v4};
    }
    return a;
  }
  return std::nullopt;
}

bool is_loopback(const Address& a) {
  if (!a.v6) return a.bytes[0] == 127;
  for (size_t i = 0; i < 15; ++i)
    if (a.bytes[i] != 0) return false;
  return a.bytes[15] == 1;
}

// Loopback, link-local, private, shared, unspecified, multicast or reserved.
bool is_internal(const Address& a) {
  const auto& b = a.bytes;
  if (is_loopback(a)) return true;
  if (!a.v6) {
    return b[0] == 0 || b[0] == 10 || (b[0] == 100 && (b[1] & 0xc0) == 64) ||
           (b[0] == 169 && b[1] == 254) || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
           (b[0] == 192 && b[1] == 168) || b[0] >= 224;
  }
  bool zero = true;
  for (uint8_t x : b) zero = zero && x == 0;
  return zero || (b[0] & 0xfe) == 0xfc /* fc00::/7 */ ||
         (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) /* fe80::/10 */ || b[0] == 0xff;
}

}  // namespace

Status check_webhook_url(std::string_view url, bool production) {
  if (url.empty()) return reject("must not be empty");
  if (url.size() > kMaxUrlLength)
    return reject("must be at most " + std::to_string(kMaxUrlLength) + " characters");
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || u >= 0x80)
      return reject("must not contain spaces, control or non-ASCII characters");
  }
  const std::string text = lower(url);
  std::string scheme;
  if (text.starts_with("https://"))
    scheme = "https";
  else if (text.starts_with("http://"))
    scheme = "http";
  else
    return reject(production ? "must be an https:// URL" : "must be an http:// or https:// URL");
  if (production && scheme != "https") return reject("must be an https:// URL in production mode");
  std::string_view rest = std::string_view(text).substr(scheme.size() + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos)
    return reject("must not contain credentials (user:password@)");
  std::string host;
  std::string_view port;
  if (authority.starts_with("[")) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return reject("has an unterminated [IPv6] host");
    host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(":")) return reject("has a malformed host");
    if (!after.empty()) port = after.substr(1);
    std::array<uint8_t, 16> v6{};
    if (inet_pton(AF_INET6, host.c_str(), v6.data()) != 1)
      return reject("has a malformed IPv6 host");
  } else {
    const size_t colon = authority.find(':');
    host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (host.empty()) return reject("has no host");
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':')
      return reject("has a malformed host");
  if (authority.find(':') != std::string_view::npos && !authority.starts_with("[") && port.empty())
    return reject("has an empty port");
  if (!port.empty()) {
    if (port.size() > 5) return reject("has a port outside 1-65535");
    int n = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return reject("has a non-numeric port");
      n = n * 10 + (c - '0');
    }
    if (n < 1 || n > 65535) return reject("has a port outside 1-65535");
  }
  while (!host.empty() && host.back() == '.') host.pop_back();
  const bool localhost = host == "localhost" || host.ends_with(".localhost");
  const std::optional<Address> ip = ip_literal(host);
  if (!production) {
    if (localhost || (ip && is_loopback(*ip))) return Status::ok();
    return reject(
        "must point to a loopback host (127.0.0.0/8, ::1, localhost) in development mode");
  }
  if (localhost || (ip && is_internal(*ip)))
    return reject("must not point to a loopback, link-local or private address in production mode");
  if (!ip && host.find('.') == std::string::npos)
    return reject("must name a fully qualified host in production mode");
  return Status::ok();
}

}  // namespace rx::push
