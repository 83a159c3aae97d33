// Financing demands (融资需求) that enterprises publish, and their validation. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace rx::market {

enum class Urgency { kLow, kNormal, kHigh };
std::string_view to_string(Urgency u);
std::optional<Urgency> parse_urgency(std::string_view text);

struct Demand {
  std::string id{};  // UUIDv7
  std::string uscc{};
  int64_t amount = 0;  // fen
  int term_months = 0;
  std::string purpose{};                  // what the money is for, in the enterprise's words
  std::vector<std::string> collateral{};  // collateral_kinds() the enterprise can offer
  bool guarantee_available = false;       // a guarantee company would back it
  Urgency urgency = Urgency::kNormal;
  bool open = true;
  Instant created_at{};
  std::optional<Instant> closed_at{};
};

inline constexpr size_t kMaxPurposeChars = 200;

// Every field problem as field errors.
Status validate(const Demand& d);

}  // namespace rx::market
