#include "core/text.h"

namespace rx {

std::optional<CodePoint> decode_utf8(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return CodePoint{c, 1};
  size_t len;
  uint32_t cp;
  if ((c >> 5) == 0x6) {
    len = 2;
    cp = c & 0x1fu;
  } else if ((c >> 4) == 0xe) {
    len = 3;
    cp = c & 0x0fu;
  } else if ((c >> 3) == 0x1e) {
    len = 4;
    cp = c & 0x07u;
  } else {
    return std::nullopt;
  }
  if (i + len > s.size()) return std::nullopt;
  for (size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (cc & 0x3fu);
  }
  static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return std::nullopt;
  return CodePoint{cp, len};
}

namespace {

// The length of the well-formed UTF-8 character at s[i], or 0 when the bytes there are not one.
size_t char_length(std::string_view s, size_t i) {
  const auto cp = decode_utf8(s, i);
  return cp ? cp->length : 0;
}

}  // namespace

std::optional<size_t> utf8_length(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++count) {
    size_t len = char_length(s, i);
    if (len == 0) return std::nullopt;
    i += len;
  }
  return count;
}

std::string storable_text(std::string_view s, size_t max_bytes) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t len = char_length(s, i);
    std::string_view piece = len == 0 || s[i] == '\0' ? kReplacement : s.substr(i, len);
    if (out.size() + piece.size() > max_bytes) break;
    out.append(piece);
    i += len == 0 ? 1 : len;
  }
  return out;
}

std::optional<std::string> text_problem(std::string_view s) {
  if (!utf8_length(s)) return "not valid UTF-8";
  if (s.find('\0') != std::string_view::npos) return "contains a NUL character";
  return std::nullopt;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

}  // namespace rx
