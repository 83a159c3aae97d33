#include "objection/objection_repository.h"

#include "ledger/ledger.h"

namespace rx::objection {
namespace {

using store::Row;
using store::Rows;
using store::Value;

constexpr std::string_view kColumns =
    "id, uscc, category, record_key, reason, evidence, state, outcome, outcome_note, "
    "submitted_at, marked_at, forwarded_at, department, decided_at, mark_by, forward_by, "
    "decide_by, department_decide_by, created_by, seq";

Value opt_text(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value();
}

Value opt_instant(const std::optional<Instant>& v) {
  return v ? Value(micros(*v)) : Value();
}

std::optional<std::string> maybe_text(const Row& r, size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<std::string>(r.text(i));
}

std::optional<Instant> maybe_instant(const Row& r, size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<Instant>(instant_from_micros(r.integer(i)));
}

Result<Objection> objection_of(const Row& r) {
  Objection o;
  o.id = r.text(0);
  o.uscc = r.text(1);
  o.category = r.text(2);
  o.record_key = r.text(3);
  o.reason = r.text(4);
  o.evidence = maybe_text(r, 5);
  auto state = parse_state(r.text(6));
  if (!state) return internal_error("objection " + o.id + " has unknown state " + r.text(6));
  o.state = *state;
  if (!r.is_null(7)) {
    auto outcome = parse_outcome(r.text(7));
    if (!outcome) return internal_error("objection " + o.id + " has unknown outcome");
    o.outcome = *outcome;
  }
  o.outcome_note = maybe_text(r, 8);
  o.submitted_at = instant_from_micros(r.integer(9));
  o.marked_at = instant_from_micros(r.integer(10));
  o.forwarded_at = maybe_instant(r, 11);
  o.department = maybe_text(r, 12);
  o.decided_at = maybe_instant(r, 13);
  o.deadlines.mark_by = instant_from_micros(r.integer(14));
  o.deadlines.forward_by = instant_from_micros(r.integer(15));
  o.deadlines.decide_by = instant_from_micros(r.integer(16));
  o.deadlines.department_decide_by = maybe_instant(r, 17);
  o.created_by = r.text(18);
  return o;
}

Status load_events(store::Session& s, Objection& o) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT seq, at, actor_key_id, actor_role, action, note "
                                         "FROM objection_events WHERE objection_id = ? ORDER BY "
                                         "seq",
                                         {Value(o.id)}));
  o.events.clear();
  for (const Row& r : rows)
    o.events.push_back({static_cast<int>(r.integer(0)), instant_from_micros(r.integer(1)),
                        r.text(2), r.text(3), r.text(4), r.text(5)});
  return Status::ok();
}

Status insert_events(store::Session& s, const Objection& o, size_t from) {
  for (size_t i = from; i < o.events.size(); ++i) {
    const Event& e = o.events[i];
    RX_RETURN_IF_ERROR(
        s.execute("INSERT INTO objection_events (objection_id, seq, at, "
                  "actor_key_id, actor_role, action, note) VALUES (?, ?, ?, ?, ?, "
                  "?, ?)",
                  {Value(o.id), Value(int64_t{e.seq}), Value(micros(e.at)), Value(e.actor_key_id),
                   Value(e.actor_role), Value(e.action), Value(e.note)})
            .status());
    // Each step of the objection is an audit entry too; the note stays in the platform (it
    // may carry personal details), the ledger keeps who did what to which record.
    ledger::Entry entry;
    entry.id = o.id + "/" + std::to_string(e.seq);
    entry.at = e.at;
    entry.actor = {e.actor_role, e.actor_key_id, "",
                   e.actor_role == "enterprise" ? o.uscc : std::string()};
    entry.action = std::string(ledger::action::kObjection);
    entry.outcome = "done";
    entry.reason =
        e.action + (o.outcome && e.action == "decided" ? "=" + std::string(to_string(*o.outcome))
                                                       : std::string());
    entry.subject = o.uscc;
    entry.categories = {o.category};
    entry.ref = o.id + "#" + o.record_key;
    RX_RETURN_IF_ERROR(ledger::append(s, entry));
  }
  return Status::ok();
}

constexpr std::string_view kSuppressionColumns =
    "uscc, category, record_key, reason, objection_id, approved_at, effective_at, deadline_at, "
    "note, created_by";

Result<Suppression> suppression_of(const Row& r) {
  auto reason = parse_suppression_reason(r.text(3));
  if (!reason) return internal_error("record suppression with unknown reason " + r.text(3));
  return Suppression{.uscc = r.text(0),
                     .category = r.text(1),
                     .record_key = r.text(2),
                     .reason = *reason,
                     .objection_id = maybe_text(r, 4),
                     .approved_at = instant_from_micros(r.integer(5)),
                     .effective_at = instant_from_micros(r.integer(6)),
                     .deadline_at = instant_from_micros(r.integer(7)),
                     .note = r.text(8),
                     .created_by = r.text(9)};
}

}  // namespace

Status insert_objection(store::Session& s, const Objection& o) {
  auto inserted = s.execute(
      "INSERT INTO objections (id, uscc, category, record_key, reason, evidence, state, outcome, "
      "outcome_note, submitted_at, marked_at, forwarded_at, department, decided_at, mark_by, "
      "forward_by, decide_by, department_decide_by, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Value(o.id), Value(o.uscc), Value(o.category), Value(o.record_key), Value(o.reason),
       opt_text(o.evidence), Value(std::string(to_string(o.state))),
       o.outcome ? Value(std::string(to_string(*o.outcome))) : Value(), opt_text(o.outcome_note),
       Value(micros(o.submitted_at)), Value(micros(o.marked_at)), opt_instant(o.forwarded_at),
       opt_text(o.department), opt_instant(o.decided_at), Value(micros(o.deadlines.mark_by)),
       Value(micros(o.deadlines.forward_by)), Value(micros(o.deadlines.decide_by)),
       opt_instant(o.deadlines.department_decide_by), Value(o.created_by)});
  if (!inserted.is_ok()) {
    if (inserted.status().code() == StatusCode::kAlreadyExists)
      return already_exists("record " + o.record_key + " of " + o.category + " already has an " +
                            "open objection");
    return inserted.status();
  }
  return insert_events(s, o, 0);
}

Status update_objection(store::Session& s, const Objection& o, size_t stored_events) {
  RX_ASSIGN_OR_RETURN(
      int64_t changed,
      s.execute(
          "UPDATE objections SET state = ?, outcome = ?, outcome_note = ?, forwarded_at = "
          "?, department = ?, decided_at = ?, department_decide_by = ? WHERE id = ?",
          {Value(std::string(to_string(o.state))),
           o.outcome ? Value(std::string(to_string(*o.outcome))) : Value(),
           opt_text(o.outcome_note), opt_instant(o.forwarded_at), opt_text(o.department),
           opt_instant(o.decided_at), opt_instant(o.deadlines.department_decide_by), Value(o.id)}));
  if (changed != 1) return not_found("no objection " + o.id);
  return insert_events(s, o, stored_events);
}

Result<std::optional<Objection>> find_objection(store::Session& s, std::string_view id) {
  RX_ASSIGN_OR_RETURN(Rows rows,
                      s.query("SELECT " + std::string(kColumns) + " FROM objections WHERE id = ?",
                              {Value(std::string(id))}));
  if (rows.empty()) return std::optional<Objection>();
  RX_ASSIGN_OR_RETURN(Objection o, objection_of(rows[0]));
  RX_RETURN_IF_ERROR(load_events(s, o));
  return std::optional<Objection>(std::move(o));
}

Result<std::optional<Objection>> open_objection(store::Session& s, std::string_view uscc,
                                                std::string_view category,
                                                std::string_view record_key) {
  RX_ASSIGN_OR_RETURN(
      Rows rows,
      s.query("SELECT " + std::string(kColumns) +
                  " FROM objections WHERE uscc = ? AND category = ? AND record_key = ? AND state "
                  "<> 'decided'",
              {Value(std::string(uscc)), Value(std::string(category)),
               Value(std::string(record_key))}));
  if (rows.empty()) return std::optional<Objection>();
  RX_ASSIGN_OR_RETURN(Objection o, objection_of(rows[0]));
  return std::optional<Objection>(std::move(o));
}

Result<ObjectionPage> list_objections(store::Session& s, const ObjectionQuery& q) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM objections WHERE 1 = 1";
  std::vector<Value> params;
  if (q.uscc) {
    sql += " AND uscc = ?";
    params.emplace_back(*q.uscc);
  }
  if (q.state) {
    sql += " AND state = ?";
    params.emplace_back(std::string(to_string(*q.state)));
  }
  if (q.overdue_at) {
    // As Objection::overdue: under dispute past the platform's own deadline (the forwarding
    // deadline alone is no breach while the platform can still decide), or forwarded past the
    // department's.
    sql +=
        " AND ((state = 'under_dispute' AND decide_by < ?) OR (state = 'forwarded' AND "
        "COALESCE(department_decide_by, decide_by) < ?))";
    params.emplace_back(micros(*q.overdue_at));
    params.emplace_back(micros(*q.overdue_at));
  }
  if (q.after_seq) {
    sql += " AND seq < ?";
    params.emplace_back(*q.after_seq);
  }
  sql += " ORDER BY seq DESC LIMIT ?";
  params.emplace_back(int64_t{q.limit} + 1);
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
  ObjectionPage page;
  for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(q.limit); ++i) {
    RX_ASSIGN_OR_RETURN(Objection o, objection_of(rows[i]));
    RX_RETURN_IF_ERROR(load_events(s, o));
    page.items.push_back(std::move(o));
  }
  if (rows.size() > static_cast<size_t>(q.limit))
    page.next = rows[static_cast<size_t>(q.limit) - 1].integer(19);
  return page;
}

Status insert_suppression(store::Session& s, const Suppression& r) {
  auto inserted = s.execute("INSERT INTO record_suppressions (" + std::string(kSuppressionColumns) +
                                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            {Value(r.uscc), Value(r.category), Value(r.record_key),
                             Value(std::string(to_string(r.reason))), opt_text(r.objection_id),
                             Value(micros(r.approved_at)), Value(micros(r.effective_at)),
                             Value(micros(r.deadline_at)), Value(r.note), Value(r.created_by)});
  if (!inserted.is_ok() && inserted.status().code() == StatusCode::kAlreadyExists)
    return already_exists("record " + r.record_key + " of " + r.category + " is already hidden");
  RX_RETURN_IF_ERROR(inserted.status());
  ledger::Entry entry;
  entry.id = "suppression/" + r.uscc + "/" + r.category + "/" + r.record_key;
  entry.at = r.approved_at;
  entry.actor = {"admin", r.created_by, "", ""};
  entry.action = std::string(ledger::action::kRecordHidden);
  entry.outcome = "done";
  entry.reason = std::string(to_string(r.reason));
  entry.subject = r.uscc;
  entry.categories = {r.category};
  entry.ref = r.objection_id.value_or(r.record_key);
  return ledger::append(s, entry);
}

Result<std::optional<Suppression>> find_suppression(store::Session& s, std::string_view uscc,
                                                    std::string_view category,
                                                    std::string_view record_key) {
  RX_ASSIGN_OR_RETURN(Rows rows,
                      s.query("SELECT " + std::string(kSuppressionColumns) +
                                  " FROM record_suppressions WHERE uscc = ? AND category = ? AND "
                                  "record_key = ?",
                              {Value(std::string(uscc)), Value(std::string(category)),
                               Value(std::string(record_key))}));
  if (rows.empty()) return std::optional<Suppression>();
  RX_ASSIGN_OR_RETURN(Suppression r, suppression_of(rows[0]));
  return std::optional<Suppression>(std::move(r));
}

Result<std::vector<Suppression>> list_suppressions(store::Session& s, std::string_view uscc) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT " + std::string(kSuppressionColumns) +
                                             " FROM record_suppressions WHERE uscc = ? ORDER BY "
                                             "approved_at DESC, category, record_key",
                                         {Value(std::string(uscc))}));
  std::vector<Suppression> out;
  for (const Row& r : rows) {
    RX_ASSIGN_OR_RETURN(Suppression one, suppression_of(r));
    out.push_back(std::move(one));
  }
  return out;
}

Result<RecordFlags> record_flags(store::Session& s, std::string_view uscc) {
  RecordFlags flags;
  RX_ASSIGN_OR_RETURN(Rows hidden, s.query("SELECT category, record_key FROM "
                                           "record_suppressions WHERE uscc = ?",
                                           {Value(std::string(uscc))}));
  for (const Row& r : hidden) flags.hidden.insert({r.text(0), r.text(1)});
  RX_ASSIGN_OR_RETURN(Rows open, s.query("SELECT category, record_key FROM objections WHERE "
                                         "uscc = ? AND state <> 'decided'",
                                         {Value(std::string(uscc))}));
  for (const Row& r : open) flags.disputed.insert({r.text(0), r.text(1)});
  return flags;
}

}  // namespace rx::objection
