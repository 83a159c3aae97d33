// The project's one persistence interface. Domain repositories take a Database& and speak
// portable SQL with '?' placeholders; backends translate (PostgreSQL wants $1..$n) and map
// driver errors onto Status codes:
//   unique violation          -> kAlreadyExists
//   busy/locked/serialization -> kUnavailable (safe to retry the whole transaction)
//   anything else             -> kInternal
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace rx::store {

enum class Dialect { kSqlite, kPostgres };

using Value = std::variant<std::monostate, int64_t, double, std::string>;

struct Row {
  std::vector<Value> values;

  bool is_null(size_t i) const { return std::holds_alternative<std::monostate>(values.at(i)); }
  // REQUIRES: the column is not NULL and holds the asked type (integers convert to double).
  int64_t integer(size_t i) const;
  double real(size_t i) const;
  const std::string& text(size_t i) const;
  // nullopt for NULL.
  std::optional<int64_t> maybe_integer(size_t i) const {
    return is_null(i) ? std::nullopt : std::optional(integer(i));
  }
  std::optional<double> maybe_real(size_t i) const {
    return is_null(i) ? std::nullopt : std::optional(real(i));
  }
};

// NULL for nullopt, else the value.
template <typename T>
Value nullable(const std::optional<T>& v) {
  return v ? Value(*v) : Value();
}

using Rows = std::vector<Row>;

// One connection inside one transaction. Not thread-safe; valid only during the callback.
class Session {
 public:
  virtual ~Session() = default;
  virtual Dialect dialect() const = 0;
  virtual Result<Rows> query(std::string_view sql, std::span<const Value> params) = 0;
  // Returns the number of rows changed.
  virtual Result<int64_t> execute(std::string_view sql, std::span<const Value> params) = 0;

  Result<Rows> query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  Result<int64_t> execute(std::string_view sql, std::initializer_list<Value> params = {}) {
    return execute(sql, std::span<const Value>(params.begin(), params.size()));
  }
};

using SessionFn = std::function<Status(Session&)>;

// A pool of connections to one database. Thread-safe: callers on any thread may run
// transactions concurrently; each runs on its own pooled connection. Calls block (run them
// off the HTTP I/O threads).
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // Runs fn in a read-write transaction: commits when fn returns ok, rolls back otherwise
  // (nothing half-written). Returns fn's error, or the commit's.
  virtual Status write(const SessionFn& fn) = 0;
  // Runs fn in a read-only snapshot.
  virtual Status read(const SessionFn& fn) = 0;
  // The database's URL with any password removed, for logs.
  virtual std::string describe() const = 0;
};

struct DatabaseOptions {
  std::string url;                // "sqlite:path/to.db", "sqlite::memory:", "postgresql://..."
  bool create_if_missing = true;  // SQLite only: false makes a missing file an error
  int pool_size = 8;
  int busy_timeout_ms = 5000;
  // SQLite only. The default, PRAGMA synchronous=NORMAL, does not fsync the WAL at commit: a
  // committed transaction survives a crash of the process but may be lost with the last few
  // others if the machine loses power before the next checkpoint. true sets synchronous=FULL:
  // every commit returns only once the WAL is on disk (one fsync per commit).
  bool sqlite_synchronous_full = false;
};

// fn(session), with an exception escaping it turned into kInternal, so that the backend still
// ends the transaction (rolls it back) before the connection goes back to its pool.
Status guarded(const SessionFn& fn, Session& session);

// Opens (does not migrate). Errors name the URL and the driver's reason.
Result<std::unique_ptr<Database>> open_database(const DatabaseOptions& options);

// "LIKE" on SQLite (ASCII case-insensitive already), "ILIKE" on PostgreSQL.
std::string_view case_insensitive_like(Dialect dialect);

// Escapes % _ and \ for use in a LIKE pattern with ESCAPE '\'.
std::string escape_like(std::string_view text);

}  // namespace rx::store
