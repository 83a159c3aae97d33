// Reads one TOML table key by key, collecting every problem as a FieldError that names the
// key and "file:line:column"; unknown keys are errors too, so a typo never falls back to a
// default silently. Shared by the configuration and the shared catalogue.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace rx::config {

std::string where(std::string_view source, const toml::source_region& r);

// The whole file; invalid_argument naming the path when it cannot be read.
Result<std::string> read_text_file(const std::string& path, std::string_view what);

// Parses TOML text; a syntax error becomes invalid_argument naming file, line and column.
Result<toml::table> parse_toml(std::string_view text, std::string_view source,
                               std::string_view what);

// invalid_argument "invalid <what>: <first error> (and N more)" carrying every error.
// REQUIRES: !errors.empty().
Status errors_status(std::vector<FieldError> errors, std::string_view what);

class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, std::string_view source,
              std::vector<FieldError>& errors)
      : table_(table), prefix_(std::move(prefix)), source_(source), errors_(errors) {}

  // Each reads `key` into `out` when present and valid; returns whether it was present.
  bool integer(const char* key, int64_t& out, int64_t min, int64_t max);
  bool integer(const char* key, int& out, int min, int max);
  bool number(const char* key, std::optional<double>& out);
  bool string(const char* key, std::string& out);
  bool boolean(const char* key, bool& out);
  bool string_list(const char* key, std::vector<std::string>& out);
  // An inline table of strings or numbers, e.g. where = { utility = "gas" }, in file order.
  bool string_map(const char* key, std::vector<std::pair<std::string, std::string>>& out);
  bool number_map(const char* key, std::vector<std::pair<std::string, double>>& out);
  // An array of tables, e.g. [[fields]]; returns nullptr (and records an error) when present
  // but not an array of tables.
  const toml::array* table_array(const char* key);
  const toml::table* table(const char* key);
  // The key's node as it is (nullptr when absent), for types the reader has no method for.
  const toml::node* node(const char* key) { return get(key); }
  void reject_unknown();

  void fail(const char* key, std::string reason);  // at the key's value, or the table
  const std::string& prefix() const { return prefix_; }

 private:
  const toml::node* get(const char* key);
  void fail(const toml::source_region& at, const std::string& key, std::string reason);
  const toml::table& table_;
  std::string prefix_;
  std::string_view source_;
  std::vector<FieldError>& errors_;
  std::vector<std::string> known_;
};

}  // namespace rx::config
