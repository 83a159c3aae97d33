// Strict readers for untrusted input: JSON bodies and query strings. Type mismatches and
// unknown fields are collected as FieldErrors, so one 400 names every problem.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/router.h"
#include "core/time.h"

namespace rx::api {

// Parses a JSON document; errors say line and column.
Result<Json> parse_json_body(std::string_view text);

class BodyReader {
 public:
  explicit BodyReader(const Json& body);
  std::optional<std::string> string(const std::string& field);
  std::optional<int64_t> integer(const std::string& field);
  std::optional<bool> boolean(const std::string& field);
  // A "YYYY-MM-DD" string.
  std::optional<Date> date(const std::string& field);
  // An array of strings (each checked like string()).
  std::optional<std::vector<std::string>> strings(const std::string& field);
  // The field as it is (nullptr when absent), for nested objects the caller reads itself.
  const Json* raw(const std::string& field);
  const Json* value(const std::string& field) { return raw(field); }
  void fail(std::string field, std::string reason) {
    errors_.push_back({std::move(field), std::move(reason)});
  }
  // Fails with every type error and every field that was never asked for.
  Status finish(std::string_view what);

 private:
  const Json& body_;
  std::set<std::string> known_;
  std::vector<FieldError> errors_;
};

class QueryReader {
 public:
  explicit QueryReader(const std::vector<std::pair<std::string, std::string>>& query)
      : query_(query) {}
  // Present and non-empty, or nullopt. A parameter given twice is an error.
  std::optional<std::string> string(const std::string& name);
  std::optional<int64_t> integer(const std::string& name, int64_t min, int64_t max);
  void fail(std::string field, std::string reason) {
    errors_.push_back({std::move(field), std::move(reason)});
  }
  Status finish();

 private:
  const std::vector<std::pair<std::string, std::string>>& query_;
  std::set<std::string> known_;
  std::vector<FieldError> errors_;
};

}  // namespace rx::api
