#include "store/postgres_database.h"

#include <libpq-fe.h>

#include <charconv>
#include <string>
#include <unordered_map>

#include "store/connection_pool.h"

namespace rx::store {
namespace {

constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700,
              kFloat8Oid = 701, kNumericOid = 1700;

std::string redact(const std::string& url) {
  // postgresql://user:secret@host -> postgresql://user:***@host
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

Status pg_error(PGconn* conn, PGresult* res, std::string_view what) {
  std::string message =
      std::string(what) + ": " + (res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view sqlstate = state ? state : "";
  if (sqlstate == "23505") return already_exists(message);
  if (sqlstate.starts_with("23")) return invalid_argument(message);
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" || sqlstate.empty() ||
      sqlstate.starts_with("08"))
    return unavailable(message);
  return internal_error(message);
}

class PgConnection final : public Session {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  using Session::execute;  // keep the initializer-list overloads visible
  using Session::query;

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

  Result<Rows> query(std::string_view sql, std::span<const Value> params) override {
    RX_ASSIGN_OR_RETURN(PGresult * res, run(sql, params));
    Rows rows;
    int n = PQntuples(res), m = PQnfields(res);
    rows.reserve(static_cast<size_t>(n));
    for (int r = 0; r < n; ++r) {
      Row row;
      row.values.reserve(static_cast<size_t>(m));
      for (int c = 0; c < m; ++c) row.values.push_back(cell(res, r, c));
      rows.push_back(std::move(row));
    }
    PQclear(res);
    return rows;
  }

  Result<int64_t> execute(std::string_view sql, std::span<const Value> params) override {
    RX_ASSIGN_OR_RETURN(PGresult * res, run(sql, params));
    const char* tuples = PQcmdTuples(res);
    int64_t changed = tuples && *tuples ? std::stoll(tuples) : 0;
    PQclear(res);
    return changed;
  }

  Status exec_simple(const char* sql) {
    PGresult* res = PQexec(conn_, sql);
    auto st = PQresultStatus(res);
    Status s = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
                   ? Status::ok()
                   : pg_error(conn_, res, std::string("'") + sql + "' failed");
    PQclear(res);
    return s;
  }

 private:
  Result<PGresult*> run(std::string_view sql, std::span<const Value> params) {
    RX_ASSIGN_OR_RETURN(const std::string* name, prepare(sql, params.size()));
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              return;
            } else {
              if constexpr (std::is_same_v<T, int64_t>)
                text[i] = std::to_string(v);
              else if constexpr (std::is_same_v<T, double>) {
                char buf[32];
                auto r = std::to_chars(buf, buf + sizeof buf, v);
                text[i].assign(buf, r.ptr);
              } else
                text[i] = v;
              values[i] = text[i].c_str();
            }
          },
          params[i]);
    }
    PGresult* res = PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                                   values.data(), nullptr, nullptr, 0);
    auto st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Status s = pg_error(conn_, res, "statement failed");
      PQclear(res);
      return s;
    }
    return res;
  }

  Result<const std::string*> prepare(std::string_view sql, size_t nparams) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) return &it->second;
    std::string name = "rx" + std::to_string(cache_.size());
    std::string numbered = number_placeholders(sql);
    PGresult* res =
        PQprepare(conn_, name.c_str(), numbered.c_str(), static_cast<int>(nparams), nullptr);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      Status s = pg_error(conn_, res, "prepare failed for '" + std::string(sql) + "'");
      PQclear(res);
      return s;
    }
    PQclear(res);
    return &cache_.emplace(std::string(sql), std::move(name)).first->second;
  }

  static Value cell(PGresult* res, int r, int c) {
    if (PQgetisnull(res, r, c)) return std::monostate{};
    std::string_view text(PQgetvalue(res, r, c), static_cast<size_t>(PQgetlength(res, r, c)));
    switch (PQftype(res, c)) {
      case kBoolOid:
        return static_cast<int64_t>(text == "t" ? 1 : 0);
      case kInt2Oid:
      case kInt4Oid:
      case kInt8Oid: {
        int64_t v = 0;
        std::from_chars(text.data(), text.data() + text.size(), v);
        return v;
      }
      case kFloat4Oid:
      case kFloat8Oid:
      case kNumericOid:
        return std::stod(std::string(text));
      default:
        return std::string(text);
    }
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> cache_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, int pool_size)
      : url_(std::move(url)), pool_(static_cast<size_t>(pool_size), [this] { return connect(); }) {}

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string describe() const override { return redact(url_); }

  Status write(const SessionFn& fn) override {
    return run(fn, "BEGIN ISOLATION LEVEL READ COMMITTED");
  }
  Status read(const SessionFn& fn) override {
    return run(fn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

 private:
  Result<std::unique_ptr<PgConnection>> connect() {
    PGconn* conn = PQconnectdb(url_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string why = PQerrorMessage(conn);
      while (!why.empty() && why.back() == '\n') why.pop_back();
      PQfinish(conn);
      return unavailable("cannot connect to PostgreSQL '" + redact(url_) + "': " + why);
    }
    auto c = std::make_unique<PgConnection>(conn);
    RX_RETURN_IF_ERROR(c->exec_simple("SET client_min_messages TO warning"));
    return c;
  }

  Status run(const SessionFn& fn, const char* begin) {
    RX_ASSIGN_OR_RETURN(auto lease, pool_.acquire());
    if (Status s = lease->exec_simple(begin); !s.is_ok()) {
      lease.mark_broken();
      return s;
    }
    Status s = guarded(fn, *lease);
    Status end = lease->exec_simple(s.is_ok() ? "COMMIT" : "ROLLBACK");
    if (!lease->healthy()) lease.mark_broken();
    if (!s.is_ok()) return s;
    return end;
  }

  std::string url_;
  ConnectionPool<PgConnection> pool_;
};

}  // namespace

std::string number_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool in_string = false;
  for (char c : sql) {
    if (c == '\'') in_string = !in_string;
    if (c == '?' && !in_string) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::unique_ptr<Database>> open_postgres(const DatabaseOptions& options) {
  auto db = std::make_unique<PgDatabase>(options.url, options.pool_size);
  Status probe = db->read([](Session& s) { return s.query("SELECT 1").status(); });
  if (!probe.is_ok()) return probe;
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace rx::store
