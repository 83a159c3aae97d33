#include "monitor/alert_repository.h"

namespace rx::monitor {
namespace {

using store::Row;
using store::Rows;
using store::Value;

constexpr std::string_view kColumns =
    "seq, id, rule, institution_id, key_id, window_start, window_end, n, threshold, "
    "raised_index, raised_entry_at, last_index, last_at, raised_at, updated_at, state, "
    "acknowledged_at, acknowledged_by, acknowledge_note, resolved_at, resolved_by, resolve_note, "
    "suspended_key_id, who";

std::optional<Instant> maybe_instant(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return instant_from_micros(r.integer(i));
}

std::optional<std::string> maybe_text(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.text(i);
}

Result<Alert> alert_of(const Row& r) {
  auto state = parse_alert_state(r.text(15));
  if (!state) return data_loss("alert " + r.text(1) + " has an unknown state '" + r.text(15) + "'");
  Alert a;
  a.seq = r.integer(0);
  a.id = r.text(1);
  a.rule = r.text(2);
  a.institution_id = r.text(3);
  a.key_id = r.text(4);
  a.window_start = instant_from_micros(r.integer(5));
  a.window_end = instant_from_micros(r.integer(6));
  a.count = r.integer(7);
  a.threshold = r.integer(8);
  a.raised_index = r.integer(9);
  a.raised_entry_at = instant_from_micros(r.integer(10));
  a.last_index = r.integer(11);
  a.last_at = instant_from_micros(r.integer(12));
  a.raised_at = instant_from_micros(r.integer(13));
  a.updated_at = instant_from_micros(r.integer(14));
  a.state = *state;
  a.acknowledged_at = maybe_instant(r, 16);
  a.acknowledged_by = maybe_text(r, 17);
  a.acknowledge_note = maybe_text(r, 18);
  a.resolved_at = maybe_instant(r, 19);
  a.resolved_by = maybe_text(r, 20);
  a.resolve_note = maybe_text(r, 21);
  a.suspended_key_id = maybe_text(r, 22);
  return a;
}

}  // namespace

Result<AlertPage> list_alerts(store::Session& s, const AlertQuery& q) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM monitor_alerts WHERE 1 = 1";
  std::vector<Value> params;
  if (q.state) {
    sql += " AND state = ?";
    params.emplace_back(std::string(to_string(*q.state)));
  }
  if (q.rule) {
    sql += " AND rule = ?";
    params.emplace_back(*q.rule);
  }
  if (q.institution_id) {
    sql += " AND institution_id = ?";
    params.emplace_back(*q.institution_id);
  }
  if (q.after_seq) {
    sql += " AND seq < ?";
    params.emplace_back(*q.after_seq);
  }
  sql += " ORDER BY seq DESC LIMIT ?";
  params.emplace_back(int64_t{q.limit} + 1);
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
  AlertPage page;
  for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(q.limit); ++i) {
    RX_ASSIGN_OR_RETURN(Alert a, alert_of(rows[i]));
    page.items.push_back(std::move(a));
  }
  if (rows.size() > static_cast<size_t>(q.limit)) page.next = page.items.back().seq;
  return page;
}

Result<std::optional<Alert>> find_alert(store::Session& s, const std::string& id) {
  RX_ASSIGN_OR_RETURN(
      Rows rows, s.query("SELECT " + std::string(kColumns) + " FROM monitor_alerts WHERE id = ?",
                         {Value(id)}));
  if (rows.empty()) return std::optional<Alert>();
  RX_ASSIGN_OR_RETURN(Alert a, alert_of(rows[0]));
  RX_ASSIGN_OR_RETURN(Rows evidence,
                      s.query("SELECT leaf_index, entry_id, key_id, entry_at FROM monitor_evidence "
                              "WHERE rule = ? AND who = ? AND window_start = ? ORDER BY leaf_index",
                              {Value(a.rule), rows[0].values[23], rows[0].values[5]}));
  for (const Row& r : evidence)
    a.evidence.push_back({r.integer(0), r.text(1), r.text(2), instant_from_micros(r.integer(3))});
  return std::optional<Alert>(std::move(a));
}

Status update_alert(store::Session& s, const Alert& a) {
  auto instant = [](const std::optional<Instant>& t) { return t ? Value(micros(*t)) : Value(); };
  RX_ASSIGN_OR_RETURN(
      int64_t changed,
      s.execute("UPDATE monitor_alerts SET state = ?, updated_at = ?, acknowledged_at = ?, "
                "acknowledged_by = ?, acknowledge_note = ?, resolved_at = ?, resolved_by = ?, "
                "resolve_note = ?, suspended_key_id = ? WHERE id = ?",
                {Value(std::string(to_string(a.state))), Value(micros(a.updated_at)),
                 instant(a.acknowledged_at), store::nullable(a.acknowledged_by),
                 store::nullable(a.acknowledge_note), instant(a.resolved_at),
                 store::nullable(a.resolved_by), store::nullable(a.resolve_note),
                 store::nullable(a.suspended_key_id), Value(a.id)}));
  if (changed != 1) return not_found("no alert " + a.id);
  return Status::ok();
}

Result<std::map<std::string, int64_t>> alert_counts(store::Session& s) {
  RX_ASSIGN_OR_RETURN(Rows rows,
                      s.query("SELECT state, count(*) FROM monitor_alerts GROUP BY state"));
  std::map<std::string, int64_t> out;
  for (const Row& r : rows) out[r.text(0)] = r.integer(1);
  return out;
}

}  // namespace rx::monitor
