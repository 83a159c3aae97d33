#include "store/sqlite_database.h"

#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <unordered_map>

#include "store/connection_pool.h"

namespace rx::store {
namespace {

Status sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    return unavailable("database is locked (" + message + ")");
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    return already_exists(message);
  if (primary == SQLITE_CONSTRAINT) return invalid_argument(message);
  return internal_error(message);
}

class SqliteConnection final : public Session {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  using Session::execute;  // keep the initializer-list overloads visible
  using Session::query;

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
    RX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(sql, params));
    Rows rows;
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        sqlite3_reset(stmt);
        return sqlite_error(db_, rc, "query failed");
      }
      int n = sqlite3_column_count(stmt);
      Row row;
      row.values.reserve(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) row.values.push_back(column(stmt, i));
      rows.push_back(std::move(row));
    }
    sqlite3_reset(stmt);
    return rows;
  }

  Result<int64_t> execute(std::string_view sql, std::span<const Value> params) override {
    RX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
      return sqlite_error(db_, sqlite3_extended_errcode(db_), "statement failed");
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  // Runs SQL text with no parameters and possibly several statements (BEGIN, migrations).
  Status exec_script(std::string_view sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::ok();
    std::string message = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    int primary = sqlite3_extended_errcode(db_) & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
      return unavailable("database is locked (" + message + ")");
    return internal_error(message);
  }

 private:
  Result<sqlite3_stmt*> prepare(std::string_view sql, std::span<const Value> params) {
    sqlite3_stmt* stmt = nullptr;
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      stmt = it->second;
    } else {
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK)
        return sqlite_error(db_, rc, "prepare failed for '" + std::string(sql) + "'");
      cache_.emplace(std::string(sql), stmt);
    }
    sqlite3_clear_bindings(stmt);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt))
      return internal_error("statement expects " +
                            std::to_string(sqlite3_bind_parameter_count(stmt)) +
                            " parameters, got " + std::to_string(params.size()));
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              return sqlite3_bind_null(stmt, idx);
            else if constexpr (std::is_same_v<T, int64_t>)
              return sqlite3_bind_int64(stmt, idx, v);
            else if constexpr (std::is_same_v<T, double>)
              return sqlite3_bind_double(stmt, idx, v);
            else
              // STATIC: params outlive every step of this statement, and the next use
              // rebinds before stepping, so SQLite need not copy each string.
              return sqlite3_bind_text64(stmt, idx, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
          },
          params[i]);
      if (rc != SQLITE_OK) return sqlite_error(db_, rc, "bind failed");
    }
    return stmt;
  }

  static Value column(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_NULL:
        return std::monostate{};
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, i));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, i);
      default: {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        return std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
      }
    }
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string url, std::string path, int flags, int pool_size, int busy_ms,
                 bool synchronous_full)
      : url_(std::move(url)),
        path_(std::move(path)),
        pool_(static_cast<size_t>(pool_size), [this, flags, busy_ms, synchronous_full] {
          return connect(flags, busy_ms, synchronous_full);
        }) {}

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string describe() const override { return url_; }

  Status write(const SessionFn& fn) override { return run(fn, "BEGIN IMMEDIATE"); }
  Status read(const SessionFn& fn) override { return run(fn, "BEGIN"); }

  Result<std::unique_ptr<SqliteConnection>> connect(int flags, int busy_ms, bool synchronous_full) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path_.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close_v2(db);
      return unavailable("cannot open SQLite database '" + path_ + "': " + why);
    }
    auto conn = std::make_unique<SqliteConnection>(db);
    sqlite3_busy_timeout(db, busy_ms);
    // WAL can only be switched while no other connection holds a lock; once set it persists.
    for (const char* pragma :
         {"PRAGMA foreign_keys=ON", "PRAGMA journal_mode=WAL",
          synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
          "PRAGMA cache_size=-32768"}) {
      Status s = conn->exec_script(pragma);
      if (!s.is_ok())
        return Status(s.code(), "cannot open SQLite database '" + path_ + "': " + s.message());
    }
    return conn;
  }

 private:
  Status run(const SessionFn& fn, const char* begin) {
    RX_ASSIGN_OR_RETURN(auto lease, pool_.acquire());
    // Transaction control goes through the statement cache: parsed once per connection.
    RX_RETURN_IF_ERROR(lease->execute(begin).status());
    Status s = guarded(fn, *lease);
    if (!s.is_ok()) {
      Status rollback = lease->execute("ROLLBACK").status();
      if (!rollback.is_ok()) lease.mark_broken();
      return s;
    }
    Status commit = lease->execute("COMMIT").status();
    if (!commit.is_ok()) {
      (void)lease->execute("ROLLBACK");
      return commit;
    }
    return Status::ok();
  }

  std::string url_;
  std::string path_;
  ConnectionPool<SqliteConnection> pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const DatabaseOptions& options) {
  std::string path = options.url.substr(std::string_view("sqlite:").size());
  if (path.empty()) return invalid_argument("sqlite URL needs a path: sqlite:var/rongxin.db");
  int flags = SQLITE_OPEN_READWRITE;
  if (path != ":memory:") {
    std::error_code ec;
    bool exists = std::filesystem::exists(path, ec);
    if (!exists && !options.create_if_missing)
      return failed_precondition("database file '" + path +
                                 "' does not exist; create it with `rongxin migrate --db " +
                                 options.url + "` or `rongxin gen`");
    auto parent = std::filesystem::path(path).parent_path();
    if (!exists && !parent.empty() && !std::filesystem::is_directory(parent, ec))
      return failed_precondition("directory '" + parent.string() + "' for database '" + path +
                                 "' does not exist");
  }
  if (options.create_if_missing) flags |= SQLITE_OPEN_CREATE;
  // ":memory:" databases are per connection; a pool of one keeps a single database.
  int pool = path == ":memory:" ? 1 : options.pool_size;
  auto db = std::make_unique<SqliteDatabase>(
      options.url, path, flags, pool, options.busy_timeout_ms, options.sqlite_synchronous_full);
  // Open one connection now so that a bad file fails at start, not at the first request.
  Status probe =
      db->read([](Session& s) { return s.query("SELECT count(*) FROM sqlite_master").status(); });
  if (!probe.is_ok())
    return Status(probe.code(), "cannot use SQLite database '" + path + "': " + probe.message());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace rx::store
