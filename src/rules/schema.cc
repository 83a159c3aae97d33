#include "rules/schema.h"

#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include "rules/internal/schema_state.h"
#include "rules/internal/text.h"

namespace rx::rules {

namespace internal {

Dictionary::Dictionary(const std::vector<std::string>& allowed) : closed_(!allowed.empty()) {
  for (const std::string& v : allowed) {
    values_.push_back(v);
    codes_.emplace(v, static_cast<uint32_t>(values_.size() - 1));
  }
}

int64_t Dictionary::encode(std::string_view text, bool intern) {
  std::lock_guard lock(mu_);
  if (auto it = codes_.find(text); it != codes_.end()) return it->second;
  if (closed_ || !intern) return -1;
  const auto code = static_cast<uint32_t>(values_.size());
  values_.emplace_back(text);
  codes_.emplace(values_.back(), code);
  return code;
}

std::optional<std::string> Dictionary::decode(int64_t code) const {
  std::lock_guard lock(mu_);
  if (code < 0 || static_cast<uint64_t>(code) >= values_.size()) return std::nullopt;
  return values_[static_cast<size_t>(code)];
}

std::optional<size_t> SchemaState::slot(std::string_view name) const {
  auto it = slots.find(name);
  if (it == slots.end()) return std::nullopt;
  return it->second;
}

double SchemaState::encode(size_t slot, std::string_view text, bool intern) const {
  const Attribute& a = attributes[slot];
  constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
  if (a.type == AttributeType::kString) {
    const int64_t code = dictionaries[slot]->encode(text, intern);
    return code < 0 ? kMissing : static_cast<double>(code);
  }
  if (a.type == AttributeType::kGrade) {
    for (size_t i = 0; i < a.values.size(); ++i) {
      if (a.values[i] == text) return static_cast<double>(a.values.size() - 1 - i);
    }
  }
  return kMissing;
}

std::optional<std::string> SchemaState::display(size_t slot, double value) const {
  if (std::isnan(value)) return std::nullopt;
  const Attribute& a = attributes[slot];
  // The index a code or rank stands for, when it is a whole number in range.
  auto index = [&](size_t count) -> std::optional<size_t> {
    if (value < 0 || value >= static_cast<double>(count) || value != std::floor(value)) {
      return std::nullopt;
    }
    return static_cast<size_t>(value);
  };
  switch (a.type) {
    case AttributeType::kNumber:
      return format_number(value);
    case AttributeType::kBool:
      return value != 0 ? "是" : "否";
    case AttributeType::kString: {
      if (value >= 0 && value == std::floor(value) && value < 4294967296.0) {
        if (auto text = dictionaries[slot]->decode(static_cast<int64_t>(value))) return text;
      }
      break;
    }
    case AttributeType::kGrade:
      if (auto i = index(a.values.size())) return a.values[a.values.size() - 1 - *i];
      break;
  }
  return "#" + format_number(value);
}

}  // namespace internal

namespace {

constexpr std::string_view kKeywords[] = {"and", "or", "not", "in", "true", "false"};

}  // namespace

std::string_view type_name(AttributeType type) {
  switch (type) {
    case AttributeType::kNumber:
      return "number";
    case AttributeType::kBool:
      return "bool";
    case AttributeType::kString:
      return "string";
    case AttributeType::kGrade:
      return "grade";
  }
  return "number";
}

bool valid_attribute_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  for (std::string_view k : kKeywords) {
    if (name == k) return false;
  }
  return true;
}

Result<Schema> Schema::create(std::vector<Attribute> attributes) {
  std::vector<FieldError> errors;
  auto state = std::make_shared<internal::SchemaState>();
  for (size_t i = 0; i < attributes.size(); ++i) {
    const Attribute& a = attributes[i];
    const std::string at = "attributes[" + std::to_string(i) + "].";
    if (!valid_attribute_name(a.name)) {
      errors.push_back({at + "name", "'" + a.name +
                                         "' is not a valid name: lower-case [a-z_][a-z0-9_]*, "
                                         "not a keyword (and, or, not, in, true, false)"});
    } else if (!state->slots.emplace(a.name, i).second) {
      errors.push_back({at + "name", "'" + a.name + "' is already the name of attributes[" +
                                         std::to_string(state->slots[a.name]) + "]"});
    }
    if (a.label_zh.empty()) errors.push_back({at + "label_zh", "is required"});
    if (a.label_en.empty()) errors.push_back({at + "label_en", "is required"});
    const bool has_values = a.type == AttributeType::kString || a.type == AttributeType::kGrade;
    if (!has_values && !a.values.empty()) {
      errors.push_back({at + "values", "only string and grade attributes have values"});
    }
    if (a.type == AttributeType::kGrade && a.values.empty()) {
      errors.push_back({at + "values", "a grade needs its scale, best first"});
    }
    std::set<std::string_view> seen;
    for (const std::string& v : a.values) {
      if (!seen.insert(v).second) {
        errors.push_back({at + "values", "'" + v + "' is listed twice"});
      }
    }
  }
  if (!errors.empty()) {
    std::string message = "invalid rule schema: " + errors[0].field + " " + errors[0].reason;
    return invalid_argument(std::move(message), std::move(errors));
  }
  state->dictionaries.resize(attributes.size());
  for (size_t i = 0; i < attributes.size(); ++i) {
    if (attributes[i].type != AttributeType::kString) continue;
    auto dictionary = std::make_unique<internal::Dictionary>(attributes[i].values);
    state->dictionaries[i] = std::move(dictionary);
  }
  state->attributes = std::move(attributes);
  return Schema(std::move(state));
}

Schema::~Schema() = default;

size_t Schema::size() const {
  return state_->attributes.size();
}

const Attribute& Schema::attribute(size_t slot) const {
  return state_->attributes[slot];
}

std::optional<size_t> Schema::slot(std::string_view name) const {
  return state_->slot(name);
}

double Schema::encode(size_t slot, std::string_view text) const {
  return state_->encode(slot, text, /*intern=*/true);
}

std::optional<double> Schema::find(size_t slot, std::string_view text) const {
  const double v = state_->encode(slot, text, /*intern=*/false);
  if (std::isnan(v)) return std::nullopt;
  return v;
}

std::string Schema::decode(size_t slot, double value) const {
  return state_->display(slot, value).value_or("");
}

std::optional<std::string> Schema::display(size_t slot, double value) const {
  return state_->display(slot, value);
}

}  // namespace rx::rules
