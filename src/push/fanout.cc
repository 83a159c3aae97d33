#include "push/fanout.h"

#include <map>
#include <optional>
#include <set>

#include "consent/access_log.h"
#include "consent/authorization_repository.h"
#include "consent/masking.h"
#include "core/id.h"
#include "crypto/crypto.h"
#include "ingest/record_table.h"
#include "push/event_repository.h"

namespace rx::push {
namespace {

using nlohmann::json;

constexpr auto kAbandonedAfter = std::chrono::hours(24);

// The subscription columns joined to every change.
constexpr std::string_view kSubscriptionColumns =
    "s.id, s.institution_id, s.authorization_id, s.webhook_url, s.created_by";

struct Target {
  std::string id, institution_id, authorization_id, key_id;
  std::optional<std::string> webhook_url;
};

Target target_at(const store::Row& r, size_t i) {
  Target t{r.text(i), r.text(i + 1), r.text(i + 2), r.text(i + 4), std::nullopt};
  if (!r.is_null(i + 3)) t.webhook_url = r.text(i + 3);
  return t;
}

struct Change {
  int64_t seq;
  std::string id, subject;  // batch: category; run: as_of
  Instant finished_at;
};

class Pass {
 public:
  Pass(store::Session& s, const catalog::Catalog& catalog, const Clock& clock, Random& random,
       Instant now)
      : s_(s), catalog_(catalog), clock_(clock), random_(random), now_(now) {}

  int64_t events() const { return events_; }

  // The authorization when it lets `t` receive `category` of `uscc` now.
  Result<const consent::Authorization*> in_force(const Target& t, const std::string& uscc,
                                                 const std::string& category) {
    auto it = authorizations_.find(t.authorization_id);
    if (it == authorizations_.end()) {
      RX_ASSIGN_OR_RETURN(auto a, consent::load_authorization(s_, t.authorization_id));
      it = authorizations_.emplace(t.authorization_id, std::move(a)).first;
    }
    if (!it->second) return nullptr;
    const consent::Authorization& a = *it->second;
    consent::AccessAsk ask;
    ask.uscc = uscc;
    ask.institution_id = t.institution_id;
    ask.purpose = a.grant.purpose;
    ask.categories = {category};
    ask.now = now_;
    return consent::check(a, ask) == consent::Deny::kNone ? &a : nullptr;
  }

  Status emit(const Target& t, const consent::Authorization& a, const std::string& uscc,
              std::string_view kind, const std::string& category, json payload) {
    Event e;
    e.id = new_uuid_v7(clock_, random_);
    e.subscription_id = t.id;
    e.authorization_id = a.id;
    e.institution_id = t.institution_id;
    e.uscc = uscc;
    e.kind = std::string(kind);
    e.payload = std::move(payload);
    e.created_at = now_;
    e.delivery = t.webhook_url ? "pending" : "feed";
    if (t.webhook_url) e.next_attempt_at = now_;
    RX_RETURN_IF_ERROR(insert_event(s_, e));
    consent::Access access;
    access.id = new_uuid_v7(clock_, random_);
    access.at = now_;
    access.institution_id = t.institution_id;
    access.key_id = t.key_id;
    access.uscc = uscc;
    access.action = "push";
    access.purpose = std::string(consent::to_string(a.grant.purpose));
    access.view = "authorized";
    access.authorization_id = a.id;
    access.application_id = a.grant.application_id;
    access.categories = {category};
    access.outcome = "allowed";
    access.reason = "allowed";
    access.request_id = e.id;
    access.result_sha256 = crypto::sha256_hex(e.payload.dump());
    RX_RETURN_IF_ERROR(consent::record_access(s_, access));
    ++events_;
    return Status::ok();
  }

  Status batch(const Change& b) {
    const catalog::Category* c = catalog_.category(b.subject);
    if (!c || c->mode != catalog::Mode::kStored) return Status::ok();
    std::string columns;
    for (const auto& f : c->fields) columns += "t." + ingest::sql_identifier(f.name) + ", ";
    const std::string uscc_column = "t." + ingest::sql_identifier("uscc");
    RX_ASSIGN_OR_RETURN(store::Rows rows,
                        s_.query("SELECT " + columns + std::string(kSubscriptionColumns) +
                                     " FROM " + ingest::table_name(*c) +
                                     " t JOIN push_subscriptions s ON s.uscc = " + uscc_column +
                                     " WHERE t._batch = ? AND t._superseded_at IS NULL AND " +
                                     "s.created_at <= ? ORDER BY s.id, t._id",
                                 {b.seq, micros(b.finished_at)}));
    const size_t n = c->fields.size();
    const int uscc_index = c->field_index("uscc");
    const int time_index = c->time_field.empty() ? -1 : c->field_index(c->time_field);
    if (uscc_index < 0) return Status::ok();
    // Rows come grouped by subscription.
    size_t i = 0;
    while (i < rows.size()) {
      const Target t = target_at(rows[i], n);
      const std::string uscc = rows[i].text(static_cast<size_t>(uscc_index));
      RX_ASSIGN_OR_RETURN(const consent::Authorization* a, in_force(t, uscc, c->id));
      json records = json::array();
      for (; i < rows.size() && rows[i].text(n) == t.id; ++i) {
        if (!a) continue;
        std::string text = "{";
        for (size_t f = 0; f < n; ++f) {
          text += (f ? ",\"" : "\"") + c->fields[f].name + "\":";
          ingest::append_json_value(c->fields[f].type, rows[i].values[f], text);
        }
        text += "}";
        const json record = json::parse(text, nullptr, false);
        if (record.is_discarded()) return internal_error("unreadable record in " + c->id);
        if (time_index >= 0) {
          const json& when = record[c->fields[static_cast<size_t>(time_index)].name];
          if (when.is_string() && when.get<std::string>().size() >= 7) {
            const std::string month = when.get<std::string>().substr(0, 7);
            if (month < a->grant.period_from || month > a->grant.period_to) continue;
          }
        }
        records.push_back(consent::present_record(
            *c, catalog_.masking, record,
            [&](std::string_view field) { return a->covers(c->id, field); }));
      }
      if (!a || records.empty()) continue;
      RX_RETURN_IF_ERROR(emit(t, *a, uscc, kDataChanged, c->id,
                              {{"uscc", uscc},
                               {"category", c->id},
                               {"batch_id", b.id},
                               {"records", std::move(records)}}));
    }
    return Status::ok();
  }

  Status run(const Change& r) {
    const std::string scope(consent::kEvaluationScope);
    RX_ASSIGN_OR_RETURN(
        store::Rows rows,
        s_.query("SELECT e.uscc, e.as_of, e.score, e.grade, " + std::string(kSubscriptionColumns) +
                     " FROM credit_evaluations e JOIN push_subscriptions s ON s.uscc = e.uscc "
                     "WHERE e.run_id = ? AND s.created_at <= ? ORDER BY s.id",
                 {r.id, micros(r.finished_at)}));
    for (const store::Row& row : rows) {
      const Target t = target_at(row, 4);
      const std::string uscc = row.text(0), as_of = row.text(1);
      RX_ASSIGN_OR_RETURN(const consent::Authorization* a, in_force(t, uscc, scope));
      if (!a || as_of < a->grant.period_from || as_of > a->grant.period_to) continue;
      RX_ASSIGN_OR_RETURN(store::Rows previous,
                          s_.query("SELECT as_of, grade FROM credit_evaluations WHERE uscc = ? "
                                   "AND as_of < ? ORDER BY as_of DESC LIMIT 1",
                                   {uscc, as_of}));
      json payload = {
          {"uscc", uscc},
          {"as_of", as_of},
          {"run_id", r.id},
          {"score", row.real(2)},
          {"grade", row.text(3)},
          {"previous_as_of", previous.empty() ? json(nullptr) : json(previous[0].text(0))},
          {"previous_grade", previous.empty() ? json(nullptr) : json(previous[0].text(1))}};
      RX_RETURN_IF_ERROR(emit(t, *a, uscc, kEvaluationChanged, scope, std::move(payload)));
    }
    return Status::ok();
  }

 private:
  store::Session& s_;
  const catalog::Catalog& catalog_;
  const Clock& clock_;
  Random& random_;
  const Instant now_;
  std::map<std::string, std::optional<consent::Authorization>> authorizations_;
  int64_t events_ = 0;
};

// One source in one transaction: lock its cursor, take what ended after it, store the events and
// move the cursor. Returns how many changes were taken.
Result<int64_t> drain(store::Database& db, const std::string& source, const std::string& table,
                      const std::string& subject_column, const catalog::Catalog& catalog,
                      const Clock& clock, Random& random, int limit, int64_t& events) {
  int64_t taken = 0;
  RX_RETURN_IF_ERROR(db.write([&](store::Session& s) -> Status {
    taken = 0;
    const Instant now = clock.now();
    RX_RETURN_IF_ERROR(s.execute("INSERT INTO push_cursors (name, position) VALUES (?, 0) "
                                 "ON CONFLICT (name) DO NOTHING",
                                 {source})
                           .status());
    // Takes the row lock on PostgreSQL before anything is read.
    RX_RETURN_IF_ERROR(
        s.execute("UPDATE push_cursors SET position = position WHERE name = ?", {source}).status());
    RX_ASSIGN_OR_RETURN(store::Rows cursor,
                        s.query("SELECT position FROM push_cursors WHERE name = ?", {source}));
    int64_t position = cursor.at(0).integer(0);
    RX_ASSIGN_OR_RETURN(store::Rows done_rows,
                        s.query("SELECT seq FROM push_fanned_out WHERE source = ? AND seq > ?",
                                {source, position}));
    std::set<int64_t> done;
    for (const store::Row& r : done_rows) done.insert(r.integer(0));
    RX_ASSIGN_OR_RETURN(
        store::Rows changes,
        s.query("SELECT seq, id, " + subject_column + ", status, started_at, finished_at FROM " +
                    table + " WHERE seq > ? ORDER BY seq LIMIT " + std::to_string(limit),
                {position}));
    Pass pass(s, catalog, clock, random, now);
    bool blocked = false;  // a change still running holds the cursor back
    for (const store::Row& r : changes) {
      const int64_t seq = r.integer(0);
      const bool running = r.text(3) == "running";
      const bool abandoned = running && instant_from_micros(r.integer(4)) + kAbandonedAfter < now;
      if (done.count(seq)) {
        // Already fanned out while an earlier change was running.
      } else if (running && !abandoned) {
        blocked = true;
        continue;
      } else {
        ++taken;
        if (!abandoned) {
          Change change{seq, r.text(1), r.text(2),
                        r.is_null(5) ? now : instant_from_micros(r.integer(5))};
          RX_RETURN_IF_ERROR(table == "ingest_batches" ? pass.batch(change) : pass.run(change));
        }
        if (blocked)
          RX_RETURN_IF_ERROR(
              s.execute("INSERT INTO push_fanned_out (source, seq) VALUES (?, ?)", {source, seq})
                  .status());
      }
      if (!blocked) position = seq;
    }
    RX_RETURN_IF_ERROR(
        s.execute("DELETE FROM push_fanned_out WHERE source = ? AND seq <= ?", {source, position})
            .status());
    RX_RETURN_IF_ERROR(
        s.execute("UPDATE push_cursors SET position = ? WHERE name = ?", {position, source})
            .status());
    events += pass.events();
    return Status::ok();
  }));
  return taken;
}

}  // namespace

Result<FanoutStats> fan_out(store::Database& db, const catalog::Catalog& catalog,
                            const Clock& clock, Random& random, int max_per_source) {
  FanoutStats stats;
  RX_ASSIGN_OR_RETURN(stats.batches, drain(db, "ingest_batches", "ingest_batches", "category",
                                           catalog, clock, random, max_per_source, stats.events));
  RX_ASSIGN_OR_RETURN(stats.runs, drain(db, "credit_runs", "credit_runs", "as_of", catalog, clock,
                                        random, max_per_source, stats.events));
  return stats;
}

}  // namespace rx::push
