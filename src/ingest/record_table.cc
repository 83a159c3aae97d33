#include "ingest/record_table.h"

#include <charconv>
#include <set>

#include "catalog/value.h"

namespace rx::ingest {
namespace {

using catalog::FieldType;
using store::Rows;
using store::Session;

Result<std::set<std::string>> existing_columns(Session& s, const std::string& table) {
  std::set<std::string> out;
  RX_ASSIGN_OR_RETURN(
      Rows rows,
      s.dialect() == store::Dialect::kSqlite
          ? s.query("SELECT name FROM pragma_table_info(?)", {table})
          : s.query("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                    "current_schema() AND table_name = ?",
                    {table}));
  for (const auto& r : rows) out.insert(r.text(0));
  return out;
}

// Undoes JSON string escapes (the canonical form escapes only " \ and control characters).
std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out.push_back(s[i]);
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'u': {
        unsigned code = 0;
        std::from_chars(s.data() + i + 1, s.data() + std::min(s.size(), i + 5), code, 16);
        out.push_back(static_cast<char>(code));
        i += 4;
        break;
      }
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string table_name(const catalog::Category& c) {
  return "data_" + c.id;
}

std::string sql_identifier(std::string_view identifier) {
  return "\"" + std::string(identifier) + "\"";
}

std::string_view column_type(FieldType type) {
  switch (type) {
    case FieldType::kInteger:
    case FieldType::kMoney:
      return "BIGINT";
    case FieldType::kBoolean:
      return "INTEGER";
    default:
      return "TEXT";
  }
}

Status ensure_table(Session& s, const catalog::Category& c) {
  const std::string table = table_name(c);
  RX_ASSIGN_OR_RETURN(std::set<std::string> columns, existing_columns(s, table));
  if (columns.empty()) {
    std::string sql = "CREATE TABLE " + table + " (_id " +
                      (s.dialect() == store::Dialect::kSqlite
                           ? "INTEGER PRIMARY KEY"
                           : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
    for (const auto& f : c.fields)
      sql += ", " + sql_identifier(f.name) + " " + std::string(column_type(f.type));
    sql +=
        ", _hash BIGINT NOT NULL, _version BIGINT NOT NULL, _batch BIGINT NOT NULL, "
        "_row BIGINT NOT NULL, _self INTEGER NOT NULL, _loaded_at BIGINT NOT NULL, "
        "_superseded_at BIGINT)";
    RX_RETURN_IF_ERROR(s.execute(sql).status());
    std::string key;
    for (const auto& k : c.key) key += (key.empty() ? "" : ", ") + sql_identifier(k);
    RX_RETURN_IF_ERROR(s.execute("CREATE UNIQUE INDEX " + table + "_current ON " + table + " (" +
                                 key + ") WHERE _superseded_at IS NULL")
                           .status());
    std::string by_enterprise = sql_identifier("uscc");
    if (!c.time_field.empty()) by_enterprise += ", " + sql_identifier(c.time_field);
    return s
        .execute("CREATE INDEX " + table + "_by_enterprise ON " + table + " (" + by_enterprise +
                 ")")
        .status();
  }
  for (const auto& f : c.fields)
    if (!columns.count(f.name))
      RX_RETURN_IF_ERROR(s.execute("ALTER TABLE " + table + " ADD COLUMN " +
                                   sql_identifier(f.name) + " " + std::string(column_type(f.type)))
                             .status());
  return Status::ok();
}

Status ensure_tables(store::Database& db, const catalog::Catalog& catalog) {
  return db.write([&](Session& s) -> Status {
    if (s.dialect() == store::Dialect::kPostgres)
      RX_RETURN_IF_ERROR(s.query("SELECT pg_advisory_xact_lock(7316443)").status());
    for (const auto& c : catalog.categories)
      if (c.mode == catalog::Mode::kStored) RX_RETURN_IF_ERROR(ensure_table(s, c));
    return Status::ok();
  });
}

store::Value column_value(FieldType type, std::string_view v) {
  if (v == "null") return std::monostate{};
  switch (type) {
    case FieldType::kInteger:
    case FieldType::kMoney: {
      int64_t n = 0;
      std::from_chars(v.data(), v.data() + v.size(), n);
      return n;
    }
    case FieldType::kBoolean:
      return int64_t{v == "true" ? 1 : 0};
    default: {
      std::string_view inner = v.substr(1, v.size() - 2);
      if (inner.find('\\') == std::string_view::npos) return std::string(inner);
      return unescape(inner);
    }
  }
}

void append_json_value(FieldType type, const store::Value& value, std::string& json) {
  if (std::holds_alternative<std::monostate>(value)) {
    json.append("null");
    return;
  }
  switch (type) {
    case FieldType::kInteger:
    case FieldType::kMoney:
      json.append(std::to_string(std::get<int64_t>(value)));
      return;
    case FieldType::kBoolean:
      json.append(std::get<int64_t>(value) ? "true" : "false");
      return;
    default:
      if (const auto* text = std::get_if<std::string>(&value)) {
        catalog::append_json_string(*text, json);
      } else if (const auto* n = std::get_if<int64_t>(&value)) {
        json.append("\"" + std::to_string(*n) + "\"");  // a column typed TEXT read back as a number
      } else {
        json.append("null");
      }
  }
}

nlohmann::json json_value(FieldType type, const store::Value& value) {
  if (std::holds_alternative<std::monostate>(value)) return nullptr;
  switch (type) {
    case FieldType::kInteger:
    case FieldType::kMoney:
      return std::get<int64_t>(value);
    case FieldType::kBoolean:
      return std::get<int64_t>(value) != 0;
    default:
      if (const auto* text = std::get_if<std::string>(&value)) return *text;
      if (const auto* n = std::get_if<int64_t>(&value)) return std::to_string(*n);
      return nullptr;
  }
}

}  // namespace rx::ingest
