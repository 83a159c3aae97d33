// The attributes an eligibility rule can name (see docs/rules.md): each has a slot in a row of
// values, a name, labels for people and a type. A row is `std::span<const double>` indexed by
// slot; NaN means missing (no data). How each type is stored in a row:
//   number  the value itself
//   bool    0 (false) or 1 (true)
//   string  a code interned in the Schema's dictionary for that attribute (encode / decode)
//   grade   a rank on the attribute's scale, BETTER grades LARGER: on {"A","B","C","D"} A is 3
//           and D is 0, so `grade >= "B"` holds for B and A
//
// Thread safety: a Schema is immutable except for its string dictionaries, which are
// internally synchronized; every member function may be called from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace rx::rules {

enum class AttributeType { kNumber, kBool, kString, kGrade };

// "number", "bool", "string" or "grade".
std::string_view type_name(AttributeType type);

struct Attribute {
  std::string name;      // [a-z_][a-z0-9_]*, not a keyword (and, or, not, in, true, false)
  std::string label_zh;  // e.g. 经营年限
  std::string label_en;  // e.g. Years in operation
  std::string unit;      // e.g. 年 / years; empty when the value has none
  AttributeType type = AttributeType::kNumber;
  // kString: the allowed values, or empty for an open set. kGrade: the scale, best first
  // (e.g. {"A","B","M","C","D"}). Must be empty for the other types.
  std::vector<std::string> values;
};

namespace internal {
struct SchemaState;
}

class Schema {
 public:
  // Slot i is attributes[i]. Every problem is reported (FieldError field "attributes[i].name",
  // "attributes[i].values", ...): a bad or duplicate name, an empty label, an empty grade
  // scale, duplicate values, values on a number or bool attribute.
  static Result<Schema> create(std::vector<Attribute> attributes);

  Schema(Schema&&) noexcept = default;
  Schema& operator=(Schema&&) noexcept = default;
  Schema(const Schema&) = delete;  // the dictionaries have one owner; rules share them
  Schema& operator=(const Schema&) = delete;
  ~Schema();

  // The row width: number of attributes.
  size_t size() const;
  // REQUIRES: slot < size().
  const Attribute& attribute(size_t slot) const;
  std::optional<size_t> slot(std::string_view name) const;

  // The row value of `text` for a string or grade attribute. String: its code, interned on
  // first sight for an open set; NaN for a value outside a closed set. Grade: its rank; NaN
  // when not on the scale. NaN for number and bool attributes. Codes are stable for the life
  // of the Schema (and of the rules compiled against it). REQUIRES: slot < size().
  double encode(size_t slot, std::string_view text) const;
  // The code of `text` without interning it; nullopt when it has none (or not string/grade).
  std::optional<double> find(size_t slot, std::string_view text) const;
  // The display text of a row value: numbers without trailing zeros (1.5, 1000000), bool as
  // 是 / 否, the decoded string, the grade letter; "" for NaN. A code or rank that means
  // nothing shows as "#" and the number. REQUIRES: slot < size().
  std::string decode(size_t slot, double value) const;
  // decode(), but nullopt for a missing (NaN) value.
  std::optional<std::string> display(size_t slot, double value) const;

  // Shared with every rule compiled against this schema (they decode values in explain()).
  const std::shared_ptr<internal::SchemaState>& state() const { return state_; }

 private:
  explicit Schema(std::shared_ptr<internal::SchemaState> state) : state_(std::move(state)) {}
  std::shared_ptr<internal::SchemaState> state_;
};

// Whether `name` can name an attribute: [a-z_][a-z0-9_]* and not a keyword.
bool valid_attribute_name(std::string_view name);

}  // namespace rx::rules
