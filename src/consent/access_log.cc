#include "consent/access_log.h"

#include <set>

#include "core/text.h"
#include "ledger/ledger.h"

namespace rx::consent {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

Status record_access(store::Session& s, const Access& a) {
  ledger::Entry e;
  e.id = a.id;
  e.at = a.at;
  e.actor = {"institution", a.key_id, a.institution_id, ""};
  e.action = a.action;
  e.outcome = a.outcome;
  e.reason = a.outcome == "allowed" ? a.view : a.reason;
  e.subject = a.uscc;
  e.categories = a.categories;
  e.purpose = a.purpose;
  e.authorization_id = a.authorization_id.value_or("");
  e.application_id = a.application_id.value_or("");
  e.request_id = a.request_id;
  e.result_sha256 = a.result_sha256;
  e.ref = a.id;
  RX_RETURN_IF_ERROR(ledger::append(s, e));
  return s
      .execute(
          "INSERT INTO data_accesses (id, at, institution_id, key_id, uscc, action, purpose, view, "
          "authorization_id, categories, outcome, reason, request_id, result_sha256) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {a.id, micros(a.at), a.institution_id, a.key_id, a.uscc, a.action, a.purpose, a.view,
           store::nullable(a.authorization_id), join(a.categories), a.outcome, a.reason,
           a.request_id, a.result_sha256})
      .status();
}

Result<AccessPage> list_accesses(store::Database& db, std::optional<std::string> uscc,
                                 std::optional<std::string> institution_id,
                                 std::optional<int64_t> before, int limit) {
  std::string sql =
      "SELECT seq, id, at, institution_id, key_id, uscc, action, purpose, view, authorization_id, "
      "categories, outcome, reason, request_id, result_sha256 FROM data_accesses WHERE 1 = 1";
  std::vector<store::Value> params;
  if (uscc) sql += " AND uscc = ?", params.emplace_back(*uscc);
  if (institution_id) sql += " AND institution_id = ?", params.emplace_back(*institution_id);
  if (before) sql += " AND seq < ?", params.emplace_back(*before);
  sql += " ORDER BY seq DESC LIMIT " + std::to_string(limit + 1);
  AccessPage page;
  RX_RETURN_IF_ERROR(db.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(store::Rows rows, s.query(sql, params));
    for (const store::Row& r : rows) {
      if (static_cast<int>(page.items.size()) == limit) {
        page.next_before = page.items.back().seq;
        break;
      }
      Access a;
      a.seq = r.integer(0);
      a.id = r.text(1);
      a.at = instant_from_micros(r.integer(2));
      a.institution_id = r.text(3);
      a.key_id = r.text(4);
      a.uscc = r.text(5);
      a.action = r.text(6);
      a.purpose = r.text(7);
      a.view = r.text(8);
      if (!r.is_null(9)) a.authorization_id = r.text(9);
      a.categories = split(r.text(10));
      a.outcome = r.text(11);
      a.reason = r.text(12);
      a.request_id = r.text(13);
      a.result_sha256 = r.text(14);
      page.items.push_back(std::move(a));
    }
    return Status::ok();
  }));
  return page;
}

Result<std::vector<std::string>> recipients_of(store::Session& s, std::string_view uscc,
                                               std::string_view category) {
  RX_ASSIGN_OR_RETURN(store::Rows rows,
                      s.query("SELECT DISTINCT institution_id, categories FROM data_accesses "
                              "WHERE uscc = ? AND outcome = 'allowed'",
                              {std::string(uscc)}));
  std::set<std::string> out;
  for (const store::Row& r : rows)
    for (const std::string& c : split(r.text(1)))
      if (c == category) out.insert(r.text(0));
  return std::vector<std::string>(out.begin(), out.end());
}

}  // namespace rx::consent
