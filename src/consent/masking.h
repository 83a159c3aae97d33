// Desensitization (脱敏): what an institution sees of a record without the enterprise's
// authorization, following the catalogue's masking rules per sensitivity level. Pure.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "catalog/catalog.h"

namespace rx::consent {

// The record as it may leave: {"fields": {name: value}, "desensitized": {name: "generalize" |
// "mask"}, "withheld": [names]}. A field for which `in_clear(field)` is true (the enterprise
// authorized it) is shown as stored; otherwise the rule for its sensitivity applies:
//   generalize: money and numbers become {"range": [from, below], "display": "10万–50万元"}
//               (below null when open), dates become their month, periods stay, and what
//               cannot be generalized (text, enums, booleans) is withheld;
//   mask:       text keeps its shape per the field's MaskPattern; non-text is withheld;
//   withhold:   left out and named in "withheld".
// `payload` is a stored record's canonical JSON (money in fen).
nlohmann::json present_record(const catalog::Category& category, const catalog::MaskingRules& rules,
                              const nlohmann::json& payload,
                              const std::function<bool(std::string_view field)>& in_clear);

// Masks text by pattern: 张三丰 -> 张**, 110101199003071234 -> 110***********1234,
// 13812345678 -> 138****5678, other text keeps its first and last character.
std::string mask_text(std::string_view text, catalog::MaskPattern pattern);

// The band a money amount (fen) falls in, e.g. {1'000'000, 5'000'000, "1万–5万元"}.
struct Band {
  int64_t from;
  std::optional<int64_t> below;
  std::string display;
};
Band money_band(int64_t fen);
Band count_band(double value, std::string_view unit);

}  // namespace rx::consent
