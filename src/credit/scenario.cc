#include "credit/scenario.h"

#include <algorithm>
#include <array>
#include <utility>

namespace rx::credit {

std::string_view scenario_of(std::string_view industry) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kDivisions{{
      {"G55", "shipping"},
      {"G58", "shipping"},
      {"F51", "trade"},
      {"F52", "trade"},
      {"I63", "sci_tech"},
      {"I64", "sci_tech"},
      {"I65", "sci_tech"},
      {"M73", "sci_tech"},
      {"M74", "sci_tech"},
      {"M75", "sci_tech"},
  }};
  const std::string_view division = industry.substr(0, 3);
  auto it = std::find_if(kDivisions.begin(), kDivisions.end(),
                         [&](const auto& d) { return d.first == division; });
  return it == kDivisions.end() ? "general" : it->second;
}

}  // namespace rx::credit
