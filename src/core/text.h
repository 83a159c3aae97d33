// Text checks shared by every input path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rx {

// The well-formed UTF-8 character starting at s[i] (REQUIRES: i < s.size()): its code point and
// its length in bytes; nullopt for an overlong form, a surrogate, a value above U+10FFFF, a
// stray or truncated sequence.
struct CodePoint {
  uint32_t value = 0;
  size_t length = 0;
};
std::optional<CodePoint> decode_utf8(std::string_view s, size_t i);

// Number of code points when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF); nullopt otherwise.
std::optional<size_t> utf8_length(std::string_view s);

// Why `s` cannot be stored as text ("not valid UTF-8", "contains a NUL character"), or
// nullopt when it can. PostgreSQL text rejects both; SQLite would store them silently.
std::optional<std::string> text_problem(std::string_view s);

// `s` made storable for showing back to a user: each invalid byte and NUL becomes U+FFFD,
// and the text is cut at a character boundary to at most `max_bytes` bytes.
std::string storable_text(std::string_view s, size_t max_bytes);

// Text made safe inside HTML or XML (also pango markup): & < > " ' become references.
std::string xml_escape(std::string_view text);

// `s` without leading and trailing ASCII whitespace (space, tab, CR, LF).
std::string_view trim(std::string_view s);

// The items with `separator` between them.
std::string join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace rx
