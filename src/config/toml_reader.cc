#include "config/toml_reader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace rx::config {

std::string where(std::string_view source, const toml::source_region& r) {
  return std::string(source) + ":" + std::to_string(r.begin.line) + ":" +
         std::to_string(r.begin.column);
}

Result<std::string> read_text_file(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_argument("cannot read " + std::string(what) + " '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status errors_status(std::vector<FieldError> errors, std::string_view what) {
  std::string first = errors[0].field + " at " + errors[0].reason;
  return invalid_argument(
      "invalid " + std::string(what) + ": " + first +
          (errors.size() > 1 ? " (and " + std::to_string(errors.size() - 1) + " more)" : ""),
      std::move(errors));
}

Result<toml::table> parse_toml(std::string_view text, std::string_view source,
                               std::string_view what) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::string at = where(source, e.source());
    return invalid_argument(
        "cannot parse " + std::string(what) + " " + at + ": " + std::string(e.description()),
        {{std::string(what), at + ": " + std::string(e.description())}});
  }
}

const toml::node* TableReader::get(const char* key) {
  known_.push_back(key);
  return table_.get(key);
}

bool TableReader::integer(const char* key, int64_t& out, int64_t min, int64_t max) {
  const toml::node* n = get(key);
  if (!n) return false;
  auto v = n->value<int64_t>();
  if (!n->is_integer() || !v || *v < min || *v > max) {
    fail(n->source(), key,
         "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return true;
  }
  out = *v;
  return true;
}

bool TableReader::integer(const char* key, int& out, int min, int max) {
  int64_t wide = out;
  bool present = integer(key, wide, min, max);
  out = static_cast<int>(wide);
  return present;
}

bool TableReader::number(const char* key, std::optional<double>& out) {
  const toml::node* n = get(key);
  if (!n) return false;
  if (!n->is_number()) {
    fail(n->source(), key, "must be a number");
    return true;
  }
  out = *n->value<double>();
  return true;
}

bool TableReader::string(const char* key, std::string& out) {
  const toml::node* n = get(key);
  if (!n) return false;
  if (!n->is_string()) {
    fail(n->source(), key, "must be a string");
    return true;
  }
  out = *n->value<std::string>();
  return true;
}

bool TableReader::boolean(const char* key, bool& out) {
  const toml::node* n = get(key);
  if (!n) return false;
  if (!n->is_boolean()) {
    fail(n->source(), key, "must be true or false");
    return true;
  }
  out = *n->value<bool>();
  return true;
}

bool TableReader::string_list(const char* key, std::vector<std::string>& out) {
  const toml::node* n = get(key);
  if (!n) return false;
  const toml::array* a = n->as_array();
  if (!a || !std::all_of(a->begin(), a->end(), [](const toml::node& e) { return e.is_string(); })) {
    fail(n->source(), key, "must be an array of strings");
    return true;
  }
  out.clear();
  for (const toml::node& e : *a) out.push_back(*e.value<std::string>());
  return true;
}

namespace {
template <typename V>
bool read_map(const toml::node* n, std::vector<std::pair<std::string, V>>& out) {
  const toml::table* t = n->as_table();
  if (!t) return false;
  out.clear();
  for (const auto& [k, v] : *t) {
    auto value = v.template value<V>();
    if (!value || (std::is_same_v<V, std::string> && !v.is_string())) return false;
    out.emplace_back(std::string(k.str()), *value);
  }
  return true;
}
}  // namespace

bool TableReader::string_map(const char* key,
                             std::vector<std::pair<std::string, std::string>>& out) {
  const toml::node* n = get(key);
  if (!n) return false;
  if (!read_map(n, out)) fail(n->source(), key, "must be a table of strings, e.g. { a = \"b\" }");
  return true;
}

bool TableReader::number_map(const char* key, std::vector<std::pair<std::string, double>>& out) {
  const toml::node* n = get(key);
  if (!n) return false;
  if (!read_map(n, out)) fail(n->source(), key, "must be a table of numbers, e.g. { A = 5 }");
  return true;
}

const toml::array* TableReader::table_array(const char* key) {
  const toml::node* n = get(key);
  if (!n) return nullptr;
  if (!n->is_array_of_tables()) {
    fail(n->source(), key, "must be an array of tables ([[" + std::string(key) + "]])");
    return nullptr;
  }
  return n->as_array();
}

const toml::table* TableReader::table(const char* key) {
  const toml::node* n = get(key);
  if (!n) return nullptr;
  if (!n->is_table()) {
    fail(n->source(), key, "must be a table");
    return nullptr;
  }
  return n->as_table();
}

void TableReader::reject_unknown() {
  for (const auto& [k, node] : table_) {
    (void)node;
    if (std::find(known_.begin(), known_.end(), k.str()) == known_.end())
      fail(k.source(), std::string(k.str()), "unknown key");
  }
}

void TableReader::fail(const char* key, std::string reason) {
  const toml::node* n = table_.get(key);
  fail(n ? n->source() : table_.source(), key, std::move(reason));
}

void TableReader::fail(const toml::source_region& at, const std::string& key, std::string reason) {
  errors_.push_back({prefix_ + key, where(source_, at) + ": " + std::move(reason)});
}

}  // namespace rx::config
