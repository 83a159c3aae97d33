#include "api/json_input.h"

#include <charconv>

#include "core/text.h"

namespace rx::api {

Result<Json> parse_json_body(std::string_view text) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based; count lines and columns up to it.
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string where = "line " + std::to_string(line) + ", column " + std::to_string(column);
    std::string what = e.what();
    auto colon = what.rfind(": ");
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    return invalid_argument("malformed JSON at " + where + ": " + reason,
                            {{"body", where + ": " + reason}});
  }
}

BodyReader::BodyReader(const Json& body) : body_(body) {
  if (!body_.is_object()) errors_.push_back({"body", "must be a JSON object"});
}

std::optional<std::string> BodyReader::string(const std::string& field) {
  known_.insert(field);
  if (!body_.is_object() || !body_.contains(field)) return std::nullopt;
  const Json& v = body_[field];
  if (!v.is_string()) {
    errors_.push_back({field, "must be a string"});
    return std::nullopt;
  }
  if (auto problem = text_problem(v.get_ref<const std::string&>())) {
    errors_.push_back({field, *problem});
    return std::nullopt;
  }
  return v.get<std::string>();
}

std::optional<int64_t> BodyReader::integer(const std::string& field) {
  known_.insert(field);
  if (!body_.is_object() || !body_.contains(field)) return std::nullopt;
  const Json& v = body_[field];
  if (!v.is_number_integer()) {
    errors_.push_back({field, "must be an integer"});
    return std::nullopt;
  }
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    errors_.push_back({field, "is out of range"});
    return std::nullopt;
  }
  return v.get<int64_t>();
}

std::optional<bool> BodyReader::boolean(const std::string& field) {
  known_.insert(field);
  if (!body_.is_object() || !body_.contains(field)) return std::nullopt;
  const Json& v = body_[field];
  if (!v.is_boolean()) {
    errors_.push_back({field, "must be true or false"});
    return std::nullopt;
  }
  return v.get<bool>();
}

std::optional<Date> BodyReader::date(const std::string& field) {
  auto text = string(field);
  if (!text) return std::nullopt;
  auto d = Date::parse(*text);
  if (!d.is_ok()) {
    errors_.push_back({field, "must be a date YYYY-MM-DD"});
    return std::nullopt;
  }
  return *d;
}

std::optional<std::vector<std::string>> BodyReader::strings(const std::string& field) {
  known_.insert(field);
  if (!body_.is_object() || !body_.contains(field)) return std::nullopt;
  const Json& v = body_[field];
  if (!v.is_array()) {
    errors_.push_back({field, "must be an array of strings"});
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string at = field + "[" + std::to_string(i) + "]";
    if (!v[i].is_string()) {
      errors_.push_back({at, "must be a string"});
      return std::nullopt;
    }
    if (auto problem = text_problem(v[i].get_ref<const std::string&>())) {
      errors_.push_back({at, *problem});
      return std::nullopt;
    }
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

const Json* BodyReader::raw(const std::string& field) {
  known_.insert(field);
  if (!body_.is_object() || !body_.contains(field)) return nullptr;
  return &body_[field];
}

Status BodyReader::finish(std::string_view what) {
  if (body_.is_object())
    for (const auto& [key, value] : body_.items())
      if (!known_.count(key)) errors_.push_back({key, "unknown field"});
  if (errors_.empty()) return Status::ok();
  return invalid_argument(
      std::string(what) + " is invalid: " + errors_[0].field + " " + errors_[0].reason, errors_);
}

std::optional<std::string> QueryReader::string(const std::string& name) {
  known_.insert(name);
  std::optional<std::string> found;
  for (const auto& [k, v] : query_) {
    if (k != name) continue;
    if (found) {
      fail(name, "given more than once");
      return std::nullopt;
    }
    found = v;
  }
  if (found && found->empty()) return std::nullopt;
  if (found) {
    if (auto problem = text_problem(*found)) {
      fail(name, *problem);
      return std::nullopt;
    }
  }
  return found;
}

std::optional<int64_t> QueryReader::integer(const std::string& name, int64_t min, int64_t max) {
  auto text = string(name);
  if (!text) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || p != text->data() + text->size() || v < min || v > max) {
    fail(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return v;
}

Status QueryReader::finish() {
  for (const auto& [k, v] : query_)
    if (!known_.count(k)) fail(k, "unknown query parameter");
  if (errors_.empty()) return Status::ok();
  return invalid_argument("invalid query: " + errors_[0].field + " " + errors_[0].reason, errors_);
}

}  // namespace rx::api
