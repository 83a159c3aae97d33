// Money as an integer count of fen (分, 1/100 yuan). Never a double.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace rx {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_fen(int64_t fen) { return Money(fen); }
  static constexpr Money from_yuan(int64_t yuan) { return Money(yuan * 100); }

  // Parses "1234", "1234.5", "-0.05", "1234.56" (at most two decimals) as yuan.
  static Result<Money> parse_yuan(std::string_view text);

  constexpr int64_t fen() const { return fen_; }

  // "1234.56" (yuan, two decimals, '-' for negatives).
  std::string to_yuan_string() const;

  constexpr Money operator+(Money o) const { return Money(fen_ + o.fen_); }
  constexpr Money operator-(Money o) const { return Money(fen_ - o.fen_); }
  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(int64_t fen) : fen_(fen) {}
  int64_t fen_ = 0;
};

}  // namespace rx
