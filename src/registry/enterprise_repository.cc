#include "registry/enterprise_repository.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "store/sql_batch.h"

namespace rx::registry {
namespace {

using store::Row;
using store::Session;
using store::Value;

constexpr std::string_view kColumns =
    "uscc, name, district, industry, size_class, registration_date, registered_capital_fen, "
    "status, created_at, updated_at";

std::vector<Value> to_values(const Enterprise& e) {
  return {e.uscc.str(),
          e.name,
          e.district,
          e.industry,
          std::string(to_string(e.size)),
          e.registration_date.to_string(),
          e.registered_capital.fen(),
          std::string(to_string(e.status)),
          micros(e.created_at),
          micros(e.updated_at)};
}

// Rows come from our own writes; a row that fails to parse means the table was edited by
// hand, reported as kInternal naming the row.
Result<Enterprise> from_row(const Row& r) {
  auto uscc = Uscc::parse(r.text(0));
  auto size = parse_size_class(r.text(4));
  auto date = Date::parse(r.text(5));
  auto status = parse_enterprise_status(r.text(7));
  if (!uscc.is_ok() || !size || !date.is_ok() || !status)
    return internal_error("corrupt enterprises row '" + r.text(0) + "'");
  return Enterprise{*uscc,
                    r.text(1),
                    r.text(2),
                    r.text(3),
                    *size,
                    *date,
                    Money::from_fen(r.integer(6)),
                    *status,
                    instant_from_micros(r.integer(8)),
                    instant_from_micros(r.integer(9))};
}

Status insert(Session& s, const Enterprise& e) {
  static const std::string sql = "INSERT INTO enterprises (" + std::string(kColumns) +
                                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  auto values = to_values(e);
  return s.execute(sql, values).status();
}

Result<Enterprise> select_one(Session& s, const Uscc& uscc) {
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM enterprises WHERE uscc = ?";
  RX_ASSIGN_OR_RETURN(auto rows, s.query(sql, {uscc.str()}));
  if (rows.empty()) return not_found("enterprise " + uscc.str() + " is not registered");
  return from_row(rows[0]);
}

}  // namespace

Status upsert_enterprise(Session& s, const Enterprise& e) {
  static const std::string sql =
      "INSERT INTO enterprises (" + std::string(kColumns) +
      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uscc) DO UPDATE SET "
      "name = excluded.name, district = excluded.district, industry = excluded.industry, "
      "size_class = excluded.size_class, registration_date = excluded.registration_date, "
      "registered_capital_fen = excluded.registered_capital_fen, status = excluded.status, "
      "updated_at = excluded.updated_at";
  auto values = to_values(e);
  return s.execute(sql, values).status();
}

Result<std::vector<Enterprise>> enterprises_after(Session& s, std::string_view after, int limit) {
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM enterprises WHERE uscc > ? ORDER BY uscc LIMIT ?";
  RX_ASSIGN_OR_RETURN(auto rows, s.query(sql, {std::string(after), int64_t{limit}}));
  std::vector<Enterprise> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    RX_ASSIGN_OR_RETURN(Enterprise e, from_row(r));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<Enterprise>> find_enterprises(Session& s, std::span<const std::string> usccs) {
  std::vector<Enterprise> out;
  const std::vector<Value> keys(usccs.begin(), usccs.end());
  RX_RETURN_IF_ERROR(store::for_chunks(keys, [&](const std::string& marks, const auto& chunk) {
    RX_ASSIGN_OR_RETURN(auto rows, s.query("SELECT " + std::string(kColumns) +
                                               " FROM enterprises WHERE uscc IN (" + marks + ")",
                                           chunk));
    for (const Row& r : rows) {
      RX_ASSIGN_OR_RETURN(Enterprise e, from_row(r));
      out.push_back(std::move(e));
    }
    return Status::ok();
  }));
  std::sort(out.begin(), out.end(),
            [](const Enterprise& a, const Enterprise& b) { return a.uscc.str() < b.uscc.str(); });
  return out;
}

Result<bool> is_registered(Session& s, const std::string& uscc) {
  RX_ASSIGN_OR_RETURN(auto rows, s.query("SELECT 1 FROM enterprises WHERE uscc = ?", {uscc}));
  return !rows.empty();
}

Status EnterpriseRepository::create(const Enterprise& e) {
  Status s = db_.write([&](Session& session) { return insert(session, e); });
  if (s.code() == StatusCode::kAlreadyExists)
    return already_exists("enterprise " + e.uscc.str() + " is already registered");
  return s;
}

Status EnterpriseRepository::create_many(std::span<const Enterprise> batch) {
  return db_.write([&](Session& session) -> Status {
    for (const auto& e : batch) RX_RETURN_IF_ERROR(insert(session, e));
    return Status::ok();
  });
}

Result<Enterprise> find_enterprise(Session& s, const Uscc& uscc) {
  return select_one(s, uscc);
}

Result<Enterprise> EnterpriseRepository::get(const Uscc& uscc) {
  std::optional<Enterprise> found;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(found, select_one(s, uscc));
    return Status::ok();
  }));
  return std::move(*found);
}

Result<Enterprise> EnterpriseRepository::update(
    const Uscc& uscc, const std::function<Result<Enterprise>(Enterprise)>& change) {
  std::optional<Enterprise> updated;
  RX_RETURN_IF_ERROR(db_.write([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(Enterprise current, select_one(s, uscc));
    RX_ASSIGN_OR_RETURN(updated, change(std::move(current)));
    return s
        .execute(
            "UPDATE enterprises SET name = ?, district = ?, industry = ?, size_class = ?, "
            "registration_date = ?, registered_capital_fen = ?, status = ?, updated_at = ? "
            "WHERE uscc = ?",
            {updated->name, updated->district, updated->industry,
             std::string(to_string(updated->size)), updated->registration_date.to_string(),
             updated->registered_capital.fen(), std::string(to_string(updated->status)),
             micros(updated->updated_at), uscc.str()})
        .status();
  }));
  return std::move(*updated);
}

Result<EnterprisePage> EnterpriseRepository::list(const EnterpriseQuery& q) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM enterprises WHERE 1 = 1";
  std::vector<Value> params;
  if (!q.text.empty()) {
    sql += " AND (name " + std::string(store::case_insensitive_like(db_.dialect())) +
           " ? ESCAPE '\\' OR uscc LIKE ? ESCAPE '\\')";
    params.emplace_back("%" + store::escape_like(q.text) + "%");
    // USCCs are upper case only; a prefix typed in lower case still finds them.
    std::string prefix = q.text;
    for (auto& ch : prefix) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    params.emplace_back(store::escape_like(prefix) + "%");
  }
  if (q.district) {
    sql += " AND district = ?";
    params.emplace_back(*q.district);
  }
  if (q.industry) {
    sql += q.industry->size() == 1 ? " AND industry LIKE ?" : " AND industry = ?";
    params.emplace_back(q.industry->size() == 1 ? *q.industry + "%" : *q.industry);
  }
  if (q.size) {
    sql += " AND size_class = ?";
    params.emplace_back(std::string(to_string(*q.size)));
  }
  if (q.status) {
    sql += " AND status = ?";
    params.emplace_back(std::string(to_string(*q.status)));
  }
  if (q.only) {
    sql += " AND uscc = ?";
    params.emplace_back(q.only->str());
  }
  if (q.after) {
    sql += " AND uscc > ?";
    params.emplace_back(*q.after);
  }
  // One extra row tells whether another page exists.
  sql += " ORDER BY uscc LIMIT ?";
  params.emplace_back(int64_t{q.limit + 1});

  EnterprisePage page;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto rows, s.query(sql, params));
    for (const auto& row : rows) {
      if (page.items.size() == static_cast<size_t>(q.limit)) {
        page.next_cursor = page.items.back().uscc.str();
        break;
      }
      RX_ASSIGN_OR_RETURN(Enterprise e, from_row(row));
      page.items.push_back(std::move(e));
    }
    return Status::ok();
  }));
  return page;
}

Result<int64_t> EnterpriseRepository::count() {
  int64_t n = 0;
  RX_RETURN_IF_ERROR(db_.read([&](Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto rows, s.query("SELECT count(*) FROM enterprises"));
    n = rows.at(0).integer(0);
    return Status::ok();
  }));
  return n;
}

}  // namespace rx::registry
