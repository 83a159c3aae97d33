// The shared state behind a Schema: attributes and per-attribute string dictionaries. Rules
// compiled against a Schema keep it alive, so a Rule never outlives what it decodes with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/schema.h"

namespace rx::rules::internal {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// The codes of one string attribute. Codes are dense from 0 in order of interning; a closed
// set's allowed values have codes 0..n-1 in the order given, and the set takes no others.
class Dictionary {
 public:
  // `allowed` empty: an open set, interning on demand.
  explicit Dictionary(const std::vector<std::string>& allowed);
  // The code of `text`, interning it unless the set is closed; -1 when it has none.
  int64_t encode(std::string_view text, bool intern);
  // The text of `code`, or nullopt when no such code.
  std::optional<std::string> decode(int64_t code) const;

 private:
  const bool closed_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> codes_;  // GUARDED_BY mu_
  std::deque<std::string> values_;                                                // GUARDED_BY mu_
};

struct SchemaState {
  std::vector<Attribute> attributes;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> slots;
  std::vector<std::unique_ptr<Dictionary>> dictionaries;  // per slot; null unless kString

  std::optional<size_t> slot(std::string_view name) const;
  // Schema::encode / find / display, see schema.h.
  double encode(size_t slot, std::string_view text, bool intern) const;
  std::optional<std::string> display(size_t slot, double value) const;
};

}  // namespace rx::rules::internal
