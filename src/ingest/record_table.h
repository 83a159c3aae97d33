// Stored categories keep their records in one table each, "data_<category>", with a typed
// column per catalogue field (text; integers and money in fen as BIGINT; booleans as 0/1) and
// metadata columns that start with '_' (field names cannot):
//   _id, _hash (content hash), _version (catalogue version), _batch (ingest_batches.seq),
//   _row (source row), _self (self-reported), _loaded_at, _superseded_at (NULL = current).
// A unique index on the key fields of current records makes "nothing silently overwritten"
// a database guarantee. A catalogue version that adds a field adds a column; columns of
// fields later removed from the catalogue are kept, so history stays readable.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "store/database.h"

namespace rx::ingest {

std::string table_name(const catalog::Category& category);
std::string sql_identifier(std::string_view identifier);

// Creates the table and its indexes when missing and adds columns for new fields.
Status ensure_table(store::Session& session, const catalog::Category& category);
Status ensure_tables(store::Database& db, const catalog::Catalog& catalog);

// The column's SQL type for a field.
std::string_view column_type(catalog::FieldType type);

// Converts a canonical JSON value fragment (see catalog/value.h) to the column's value.
store::Value column_value(catalog::FieldType type, std::string_view json_fragment);

// Renders a stored column value back as its canonical JSON value.
void append_json_value(catalog::FieldType type, const store::Value& value, std::string& json);
// The same canonical value as a JSON node, for callers that work on the value (no text round trip).
nlohmann::json json_value(catalog::FieldType type, const store::Value& value);

}  // namespace rx::ingest
