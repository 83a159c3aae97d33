#include "policy/enterprise_index.h"

#include <algorithm>
#include <string_view>

#include "registry/reference.h"

namespace rx::policy {
namespace {

constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

uint8_t district_index(std::string_view code) {
  const auto all = registry::districts();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].code == code) return static_cast<uint8_t>(i);
  return 255;
}

}  // namespace

EnterpriseIndex::Key EnterpriseIndex::pack(std::string_view uscc) {
  Key key{0, 0};
  for (size_t i = 0; i < 18 && i < uscc.size(); ++i) {
    const size_t code = kCharset.find(uscc[i]);
    uint64_t& half = i < 9 ? key.first : key.second;
    half = half * 31 + (code == std::string_view::npos ? 0 : code);
  }
  return key;
}

uint32_t EnterpriseIndex::add(std::string_view uscc, std::string_view district,
                              std::string_view industry) {
  if (auto found = find(uscc)) return *found;
  const uint32_t ordinal = size();
  const Key key = pack(uscc);
  if (later_.empty() && (sorted_.empty() || sorted_.back() < key))
    sorted_.push_back(key);
  else
    later_.emplace(std::string(uscc), ordinal);
  const char section = industry.empty() ? '?' : industry[0];
  groups_.emplace_back(district_index(district), static_cast<uint8_t>(section));
  return ordinal;
}

std::optional<uint32_t> EnterpriseIndex::find(std::string_view uscc) const {
  const Key key = pack(uscc);
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), key);
  if (it != sorted_.end() && *it == key) return static_cast<uint32_t>(it - sorted_.begin());
  if (auto l = later_.find(std::string(uscc)); l != later_.end()) return l->second;
  return std::nullopt;
}

}  // namespace rx::policy
