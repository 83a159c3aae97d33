#include "rules/internal/lexer.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>

#include "rules/internal/text.h"

namespace rx::rules::internal {

void Diagnostics::add(Pos pos, std::string message) {
  if (out_.size() < kLimit) {
    out_.push_back({pos.line, pos.column, std::move(message)});
  } else if (out_.size() == kLimit) {
    out_.push_back({pos.line, pos.column, "too many errors; stopping here"});
  }
}

namespace {

constexpr uint32_t kIdeographicSpace = 0x3000;
constexpr uint32_t kByteOrderMark = 0xfeff;
constexpr uint32_t kAndAlias = 0x4e14;  // 且
constexpr uint32_t kOrAlias = 0x6216;   // 或
constexpr uint32_t kNotAlias = 0x975e;  // 非

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || is_digit(c);
}

// What to type instead of a full-width or typographic character, or nullptr.
const char* ascii_for(uint32_t cp) {
  switch (cp) {
    case 0xff08:  // （
      return "(";
    case 0xff09:  // ）
      return ")";
    case 0xff3b:  // ［
    case 0x3010:  // 【
      return "[";
    case 0xff3d:  // ］
    case 0x3011:  // 】
      return "]";
    case 0xff0c:  // ，
    case 0x3001:  // 、
      return ",";
    case 0xff1d:  // ＝
      return "==";
    case 0xff1c:  // ＜
      return "<";
    case 0xff1e:  // ＞
      return ">";
    case 0x2264:  // ≤
      return "<=";
    case 0x2265:  // ≥
      return ">=";
    case 0x2260:  // ≠
      return "!=";
    case 0xff01:  // ！
      return "!= or not";
    case 0x201c:  // “
    case 0x201d:  // ”
    case 0xff02:  // ＂
      return "\"";
    case 0x2018:  // ‘
    case 0x2019:  // ’
      return "\"";
    case 0xff03:  // ＃
      return "#";
    case 0xff0d:  // －
    case 0x2212:  // − (minus sign)
      return "-";
  }
  return nullptr;
}

std::string char_name(std::string_view source, size_t at) {
  const auto c = static_cast<unsigned char>(source[at]);
  if (c < 0x20 || c == 0x7f) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
    return buf;
  }
  auto cp = decode_utf8(source, at);
  return "'" + std::string(source.substr(at, cp ? cp->length : 1)) + "'";
}

class Lexer {
 public:
  Lexer(std::string_view source, const std::vector<Attribute>& attributes, Diagnostics& out)
      : s_(source), attributes_(attributes), out_(out) {
    for (const Attribute& a : attributes_) max_label_ = std::max(max_label_, a.label_zh.size());
  }

  std::vector<Token> run() {
    if (!valid_utf8()) return {end_token()};
    while (true) {
      skip_space_and_comments();
      if (at_ >= s_.size()) break;
      next();
    }
    tokens_.push_back(end_token());
    return std::move(tokens_);
  }

 private:
  // Reports the first byte that is not well-formed UTF-8; nothing further can be trusted.
  bool valid_utf8() {
    Pos pos;
    for (size_t i = 0; i < s_.size();) {
      auto cp = decode_utf8(s_, i);
      if (!cp) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "invalid UTF-8 byte 0x%02X; rules are UTF-8 text",
                      static_cast<unsigned>(static_cast<unsigned char>(s_[i])));
        out_.add(pos, buf);
        return false;
      }
      if (s_[i] == '\n') {
        ++pos.line;
        pos.column = 1;
      } else {
        ++pos.column;
      }
      i += cp->length;
    }
    return true;
  }

  // Moves over `bytes` bytes of one line's text (no '\n'), counting code points.
  void advance(size_t bytes) {
    for (size_t end = at_ + bytes; at_ < end; ++at_) {
      if ((static_cast<unsigned char>(s_[at_]) & 0xc0) != 0x80) ++pos_.column;
    }
  }

  uint32_t code_point() const { return decode_utf8(s_, at_)->value; }
  size_t char_length() const { return decode_utf8(s_, at_)->length; }
  char peek(size_t ahead = 0) const { return at_ + ahead < s_.size() ? s_[at_ + ahead] : '\0'; }

  Token end_token() const {
    Token t;
    t.kind = Tok::kEnd;
    t.pos = pos_;
    t.begin = t.end = s_.size();
    return t;
  }

  void skip_space_and_comments() {
    while (at_ < s_.size()) {
      const char c = s_[at_];
      if (c == '\n') {
        ++at_;
        ++pos_.line;
        pos_.column = 1;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        advance(1);
      } else if (c == '#') {
        size_t end = s_.find('\n', at_);
        advance((end == std::string_view::npos ? s_.size() : end) - at_);
      } else if (static_cast<unsigned char>(c) >= 0x80 &&
                 (code_point() == kIdeographicSpace || code_point() == kByteOrderMark)) {
        advance(char_length());
      } else {
        return;
      }
    }
  }

  void emit(Tok kind, Pos pos, size_t begin) {
    Token t;
    t.kind = kind;
    t.pos = pos;
    t.begin = begin;
    t.end = at_;
    tokens_.push_back(std::move(t));
  }

  void next() {
    const Pos pos = pos_;
    const size_t begin = at_;
    const char c = s_[at_];
    if (is_digit(c) || (c == '-' && is_digit(peek(1)))) return number();
    if (is_ident_start(c)) return word();
    if (c == '"') return string();
    if (static_cast<unsigned char>(c) >= 0x80) return non_ascii();
    auto op = [&](Tok kind, size_t bytes) {
      advance(bytes);
      emit(kind, pos, begin);
    };
    const char n = peek(1);
    switch (c) {
      case '(':
        return op(Tok::kLParen, 1);
      case ')':
        return op(Tok::kRParen, 1);
      case '[':
        return op(Tok::kLBracket, 1);
      case ']':
        return op(Tok::kRBracket, 1);
      case ',':
        return op(Tok::kComma, 1);
      case '=':
        if (n == '=') return op(Tok::kEq, 2);
        out_.add(pos, "'=' is not an operator; compare with '=='");
        return op(Tok::kEq, 1);
      case '!':
        if (n == '=') return op(Tok::kNe, 2);
        out_.add(pos, "'!' is not an operator; write 'not' (or '!=' to compare)");
        return op(Tok::kNot, 1);
      case '<':
        if (n == '>') {
          out_.add(pos, "'<>' is not an operator; write '!='");
          return op(Tok::kNe, 2);
        }
        if (n == '=') return op(Tok::kLe, 2);
        return op(Tok::kLt, 1);
      case '>':
        if (n == '=') return op(Tok::kGe, 2);
        return op(Tok::kGt, 1);
      case '&':
        out_.add(pos, "'&' is not an operator; write 'and'");
        return op(Tok::kAnd, n == '&' ? 2 : 1);
      case '|':
        out_.add(pos, "'|' is not an operator; write 'or'");
        return op(Tok::kOr, n == '|' ? 2 : 1);
      case '\'':
        return single_quoted();
      case '-':
        out_.add(pos, "unexpected '-'; a negative number is written with no space, as -5");
        advance(1);
        return;
    }
    out_.add(pos, "unexpected character " + char_name(s_, at_));
    advance(1);
  }

  void number() {
    const Pos pos = pos_;
    const size_t begin = at_;
    if (s_[at_] == '-') advance(1);
    while (is_digit(peek()) || peek() == '_') advance(1);
    if (peek() == '.') {
      advance(1);
      while (is_digit(peek()) || peek() == '_') advance(1);
    }
    const bool trailing = is_ident_char(peek()) || peek() == '.';
    while (is_ident_char(peek()) || peek() == '.') advance(1);
    const std::string_view text = s_.substr(begin, at_ - begin);
    if (trailing) {
      out_.add(pos, "invalid number '" + shorten(text) +
                        "'; numbers are digits with an optional '-', '.' and '_' separators");
      return;
    }
    // Underscores only between two digits; a '.' needs digits on both sides.
    std::string digits;
    for (size_t i = 0; i < text.size(); ++i) {
      const char d = text[i];
      const bool between =
          i > 0 && i + 1 < text.size() && is_digit(text[i - 1]) && is_digit(text[i + 1]);
      if ((d == '_' || d == '.') && !between) {
        out_.add(pos, "invalid number '" + shorten(text) + "': '" + std::string(1, d) +
                          "' must stand between two digits");
        return;
      }
      if (d != '_') digits += d;
    }
    Token t;
    t.kind = Tok::kNumber;
    t.pos = pos;
    t.begin = begin;
    t.end = at_;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), t.number);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
      out_.add(pos, "number '" + shorten(text) + "' is out of range");
      return;
    }
    if (t.number == 0) t.number = 0;  // -0 is 0
    tokens_.push_back(std::move(t));
  }

  void word() {
    const Pos pos = pos_;
    const size_t begin = at_;
    while (is_ident_char(peek())) advance(1);
    const std::string_view text = s_.substr(begin, at_ - begin);
    static constexpr std::pair<std::string_view, Tok> kKeywords[] = {
        {"and", Tok::kAnd}, {"or", Tok::kOr},     {"not", Tok::kNot},
        {"in", Tok::kIn},   {"true", Tok::kTrue}, {"false", Tok::kFalse},
    };
    std::string lower(text);
    for (char& ch : lower) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    for (const auto& [keyword, kind] : kKeywords) {
      if (text == keyword) return emit(kind, pos, begin);
      if (lower == keyword) {
        out_.add(pos, "keywords are lower case: write '" + std::string(keyword) + "', not '" +
                          std::string(text) + "'");
        return emit(kind, pos, begin);
      }
    }
    emit(Tok::kIdent, pos, begin);
    tokens_.back().text = std::string(text);
  }

  void string() {
    const Pos pos = pos_;
    const size_t begin = at_;
    advance(1);
    std::string value;
    bool ok = true;
    while (true) {
      if (at_ >= s_.size() || s_[at_] == '\n') {
        out_.add(pos, "unterminated string: no closing '\"' on this line");
        return;
      }
      const char c = s_[at_];
      if (c == '"') {
        advance(1);
        break;
      }
      if (c == '\\') {
        const char e = peek(1);
        if (e == '"' || e == '\\') {
          value += e;
          advance(2);
          continue;
        }
        Pos here = pos_;
        out_.add(here, e == '\n' || at_ + 1 >= s_.size()
                           ? std::string("a string cannot end with '\\'")
                           : "unknown escape '\\" +
                                 std::string(s_.substr(at_ + 1, char_length_at(at_ + 1))) +
                                 "' in a string; only \\\" and \\\\ are allowed");
        ok = false;
        advance(1);
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
        out_.add(pos_, "control character " + char_name(s_, at_) + " in a string");
        ok = false;
        advance(1);
        continue;
      }
      const size_t len = char_length();
      value.append(s_.substr(at_, len));
      advance(len);
    }
    if (!ok) return;
    emit(Tok::kString, pos, begin);
    tokens_.back().text = std::move(value);
  }

  size_t char_length_at(size_t i) const { return decode_utf8(s_, i)->length; }

  void single_quoted() {
    const Pos pos = pos_;
    const size_t close = s_.find_first_of("'\n", at_ + 1);
    out_.add(pos, "strings are written in double quotes (\"...\"), not single quotes");
    advance(close != std::string_view::npos && s_[close] == '\'' ? close + 1 - at_ : 1);
  }

  void non_ascii() {
    const Pos pos = pos_;
    const size_t begin = at_;
    const uint32_t cp = code_point();
    if (const char* ascii = ascii_for(cp)) {
      out_.add(pos, "full-width or typographic " + char_name(s_, at_) + "; write '" + ascii +
                        "' instead");
      advance(char_length());
      return;
    }
    // The run of other non-ASCII characters: an attribute's Chinese label written for its name?
    // (Only as far as the longest label, so a long run costs linear time.)
    size_t end = at_;
    while (end < s_.size() && end - at_ <= max_label_ && in_run(end)) {
      end += decode_utf8(s_, end)->length;
    }
    const bool whole = end >= s_.size() || !in_run(end);
    const std::string_view run = s_.substr(at_, end - at_);
    for (const Attribute& a : attributes_) {
      if (whole && !a.label_zh.empty() && a.label_zh == run) {
        out_.add(pos, "'" + std::string(run) + "' is the label of attribute '" + a.name +
                          "'; rules name attributes by their name, as " + a.name);
        advance(end - at_);
        return;
      }
    }
    if (is_alias(cp)) {
      advance(char_length());
      return emit(cp == kAndAlias ? Tok::kAnd : cp == kOrAlias ? Tok::kOr : Tok::kNot, pos, begin);
    }
    out_.add(pos, "unexpected character " + char_name(s_, at_) +
                      "; attribute names are ASCII, such as years_operating");
    // One error for the run up to the next operator alias.
    while (at_ < s_.size() && in_run(at_) && !is_alias(code_point())) advance(char_length());
  }

  static bool is_alias(uint32_t cp) { return cp == kAndAlias || cp == kOrAlias || cp == kNotAlias; }

  // Whether s_[i] starts a non-ASCII character that is neither white space nor hinted.
  bool in_run(size_t i) const {
    if (static_cast<unsigned char>(s_[i]) < 0x80) return false;
    const uint32_t c = decode_utf8(s_, i)->value;
    return c != kIdeographicSpace && c != kByteOrderMark && !ascii_for(c);
  }

  std::string_view s_;
  const std::vector<Attribute>& attributes_;
  Diagnostics& out_;
  size_t max_label_ = 0;  // bytes
  size_t at_ = 0;
  Pos pos_;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> lex(std::string_view source, const std::vector<Attribute>& attributes,
                       Diagnostics& diagnostics) {
  return Lexer(source, attributes, diagnostics).run();
}

std::string describe(const Token& token, std::string_view source) {
  if (token.kind == Tok::kEnd) return "the end of the rule";
  return "'" + shorten(source.substr(token.begin, token.end - token.begin)) + "'";
}

}  // namespace rx::rules::internal
