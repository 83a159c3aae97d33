// Dense ordinals for a city's enterprises, so that batch state is bitsets instead of maps keyed
// by USCC: 16 bytes per enterprise for the key, 2 for the district and industry section that
// statistics group by. A full batch assigns ordinals in ascending USCC order (binary search);
// enterprises first seen afterwards get the next ordinals through a small side map.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rx::policy {

class EnterpriseIndex {
 public:
  // The ordinal of `uscc`, added when new. `district` is a registry district code and
  // `industry` a GB/T 4754 division ("C39"); both are kept for grouping. REQUIRES: `uscc` is a
  // valid USCC.
  uint32_t add(std::string_view uscc, std::string_view district, std::string_view industry);
  std::optional<uint32_t> find(std::string_view uscc) const;
  uint32_t size() const { return static_cast<uint32_t>(groups_.size()); }

  // Index into registry::districts(), or 255 when unknown; and the industry section letter,
  // or '?' when unknown.
  uint8_t district(uint32_t ordinal) const { return groups_[ordinal].first; }
  char section(uint32_t ordinal) const { return static_cast<char>(groups_[ordinal].second); }

 private:
  using Key = std::pair<uint64_t, uint64_t>;  // 9 characters each, base 31, order-preserving
  static Key pack(std::string_view uscc);
  std::vector<Key> sorted_;  // keys of ordinals 0 .. sorted_.size() - 1
  std::unordered_map<std::string, uint32_t> later_;
  std::vector<std::pair<uint8_t, uint8_t>> groups_;
};

}  // namespace rx::policy
