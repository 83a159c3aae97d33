// Reference data of the enterprise registry: Shanghai's districts and the GB/T 4754-2017
// industry sections with their division ranges.
#pragma once

#include <span>
#include <string_view>

namespace rx::registry {

struct District {
  std::string_view code;  // GB/T 2260 code, or "other" for outside Shanghai
  std::string_view name_zh;
  std::string_view name_en;
};

struct IndustrySection {
  char letter;
  int first_division;  // two-digit division codes, inclusive range
  int last_division;
  std::string_view name_zh;
  std::string_view name_en;
};

std::span<const District> districts();
const District* find_district(std::string_view code);

std::span<const IndustrySection> industry_sections();
const IndustrySection* find_section(char letter);

// "C39": section letter then a two-digit division inside the section's range.
bool is_valid_industry(std::string_view code);

}  // namespace rx::registry
