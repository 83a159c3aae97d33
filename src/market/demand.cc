#include "market/demand.h"

#include <algorithm>

#include "core/text.h"
#include "market/product.h"

namespace rx::market {

std::string_view to_string(Urgency u) {
  switch (u) {
    case Urgency::kLow:
      return "low";
    case Urgency::kNormal:
      return "normal";
    case Urgency::kHigh:
      return "high";
  }
  return "normal";
}

std::optional<Urgency> parse_urgency(std::string_view text) {
  for (Urgency u : {Urgency::kLow, Urgency::kNormal, Urgency::kHigh})
    if (to_string(u) == text) return u;
  return std::nullopt;
}

Status validate(const Demand& d) {
  std::vector<FieldError> e;
  if (d.amount <= 0 || d.amount > kMaxAmountFen)
    e.push_back({"amount_fen", "must be 1 to " + std::to_string(kMaxAmountFen)});
  if (d.term_months < 1 || d.term_months > kMaxTermMonths)
    e.push_back({"term_months", "must be 1 to " + std::to_string(kMaxTermMonths)});
  const auto chars = utf8_length(d.purpose);
  if (!chars || *chars == 0 || *chars > kMaxPurposeChars)
    e.push_back(
        {"purpose", "must be 1 to " + std::to_string(kMaxPurposeChars) + " characters of UTF-8"});
  const auto& kinds = collateral_kinds();
  for (const std::string& c : d.collateral)
    if (std::find(kinds.begin(), kinds.end(), c) == kinds.end())
      e.push_back({"collateral", "'" + c + "' is not a collateral kind"});
  if (!e.empty()) return invalid_argument("invalid demand", std::move(e));
  return Status::ok();
}

}  // namespace rx::market
