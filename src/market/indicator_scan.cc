#include "market/indicator_scan.h"

#include <charconv>

namespace rx::market {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool at_end() { return skip_space(), i_ >= s_.size(); }
  bool eat(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  char peek() { return skip_space(), i_ < s_.size() ? s_[i_] : '\0'; }
  // A string without escapes.
  bool key(std::string_view& out) {
    if (!eat('"')) return false;
    const size_t start = i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') return false;
      ++i_;
    }
    if (i_ >= s_.size()) return false;
    out = s_.substr(start, i_++ - start);
    return true;
  }
  bool number(double& out) {
    skip_space();
    const auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), out);
    if (ec != std::errc()) return false;
    i_ = static_cast<size_t>(end - s_.data());
    return true;
  }
  bool literal(std::string_view word) {
    skip_space();
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  // Skips any value: strings (escapes included), nested objects and arrays, primitives.
  bool skip_value() {
    skip_space();
    int depth = 0;
    do {
      if (i_ >= s_.size()) return false;
      const char c = s_[i_];
      if (c == '"') {
        for (++i_; i_ < s_.size() && s_[i_] != '"'; ++i_)
          if (s_[i_] == '\\') ++i_;
        if (i_ >= s_.size()) return false;
        ++i_;
      } else if (c == '{' || c == '[') {
        ++depth, ++i_;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return true;  // the end of the enclosing value
        --depth, ++i_;
      } else if (c == ',' && depth == 0) {
        return true;
      } else {
        ++i_;
      }
    } while (depth > 0 || (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']'));
    return true;
  }

 private:
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r'))
      ++i_;
  }
  std::string_view s_;
  size_t i_ = 0;
};

bool read_indicators(Scanner& in, const std::function<void(std::string_view, double)>& fn) {
  if (!in.eat('{')) return false;
  if (in.eat('}')) return true;
  do {
    std::string_view id;
    double value = 0;
    if (!in.key(id) || !in.eat(':')) return false;
    if (in.peek() == 'n') {
      if (!in.literal("null")) return false;
    } else if (in.number(value)) {
      fn(id, value);
    } else {
      return false;
    }
  } while (in.eat(','));
  return in.eat('}');
}

}  // namespace

bool scan_indicators(std::string_view json,
                     const std::function<void(std::string_view, double)>& fn) {
  Scanner in(json);
  if (!in.eat('{')) return false;
  if (in.eat('}')) return true;
  do {
    std::string_view key;
    if (!in.key(key) || !in.eat(':')) return false;
    if (key == "indicators") return read_indicators(in, fn);
    if (!in.skip_value()) return false;
  } while (in.eat(','));
  return in.eat('}');
}

}  // namespace rx::market
