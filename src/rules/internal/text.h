// Small text helpers of the rule language: UTF-8 stepping, edit distance, number display.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace rx::rules::internal {

using rx::CodePoint;  // core/text.h
using rx::decode_utf8;

// Levenshtein distance, for "did you mean" suggestions; stops counting above `limit` (returns
// limit + 1).
size_t edit_distance(std::string_view a, std::string_view b, size_t limit);

// The candidate closest to `word` (compared in lower case) within a distance that grows with
// the word's length (none for one or two characters: only a difference of case), or nullopt.
// Ties go to the earliest candidate.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

// A number without trailing zeros or exponent: 3, 1.5, -0.25, 1000000; scientific only beyond
// 1e15 in magnitude. "inf", "-inf" for infinities.
std::string format_number(double value);

// `text` cut to at most `max_bytes` at a character boundary, with "..." when cut: user text in
// messages stays short.
std::string shorten(std::string_view text, size_t max_bytes = 40);

// `values` quoted and joined: "A", "B", "C".
std::string quoted_list(const std::vector<std::string>& values);

}  // namespace rx::rules::internal
