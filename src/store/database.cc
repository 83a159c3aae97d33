#include "store/database.h"

#include "store/postgres_database.h"
#include "store/sqlite_database.h"

namespace rx::store {

int64_t Row::integer(size_t i) const {
  return std::get<int64_t>(values.at(i));
}

double Row::real(size_t i) const {
  const Value& v = values.at(i);
  if (auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  return std::get<double>(v);
}

const std::string& Row::text(size_t i) const {
  return std::get<std::string>(values.at(i));
}

Result<std::unique_ptr<Database>> open_database(const DatabaseOptions& options) {
  std::string_view url = options.url;
  if (url.starts_with("sqlite:")) return open_sqlite(options);
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return open_postgres(options);
  return invalid_argument(
      "unsupported database URL '" + options.url + "': use sqlite:PATH or postgresql://...",
      {{"db", "unknown scheme"}});
}

std::string_view case_insensitive_like(Dialect dialect) {
  return dialect == Dialect::kPostgres ? "ILIKE" : "LIKE";
}

std::string escape_like(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

Status guarded(const SessionFn& fn, Session& session) {
  try {
    return fn(session);
  } catch (const std::exception& e) {
    return internal_error(std::string("transaction rolled back after an exception: ") + e.what());
  }
}

}  // namespace rx::store
