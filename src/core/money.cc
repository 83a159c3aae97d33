#include "core/money.h"

#include <charconv>
#include <limits>

namespace rx {

Result<Money> Money::parse_yuan(std::string_view text) {
  auto bad = [&](std::string why) {
    std::string message = "invalid amount '" + std::string(text) + "': " + why;
    return invalid_argument(std::move(message), {{"amount", std::move(why)}});
  };
  if (text.empty()) return bad("empty");
  bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  auto dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty()) return bad("missing integer part");
  if (frac.size() > 2) return bad("more than two decimals");
  if (dot != std::string_view::npos && frac.empty()) return bad("missing decimals after '.'");
  int64_t yuan = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), yuan);
  if (ec != std::errc() || p != whole.data() + whole.size()) return bad("not a number");
  int64_t cents = 0;
  for (size_t i = 0; i < 2; ++i) {
    cents *= 10;
    if (i < frac.size()) {
      if (frac[i] < '0' || frac[i] > '9') return bad("not a number");
      cents += frac[i] - '0';
    }
  }
  if (yuan > (std::numeric_limits<int64_t>::max() - 99) / 100) return bad("out of range");
  int64_t fen = yuan * 100 + cents;
  return Money(negative ? -fen : fen);
}

std::string Money::to_yuan_string() const {
  // Work in unsigned to make INT64_MIN safe.
  uint64_t magnitude = fen_ < 0 ? 0 - static_cast<uint64_t>(fen_) : static_cast<uint64_t>(fen_);
  std::string out = fen_ < 0 ? "-" : "";
  out += std::to_string(magnitude / 100);
  out += '.';
  out += static_cast<char>('0' + magnitude % 100 / 10);
  out += static_cast<char>('0' + magnitude % 10);
  return out;
}

}  // namespace rx
