#include "push/event_repository.h"

#include <map>

#include "consent/authorization_repository.h"

namespace rx::push {
namespace {

using nlohmann::json;

constexpr std::string_view kColumns =
    "SELECT seq, id, subscription_id, authorization_id, institution_id, uscc, kind, payload, "
    "created_at, requires_ack, acked_at, delivery, attempts, next_attempt_at, last_error, "
    "delivered_at FROM push_events";

std::optional<Instant> maybe_instant(const store::Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return instant_from_micros(r.integer(i));
}

std::optional<std::string> maybe_text(const store::Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.text(i);
}

Event from_row(const store::Row& r) {
  Event e;
  e.seq = r.integer(0);
  e.id = r.text(1);
  e.subscription_id = maybe_text(r, 2);
  e.authorization_id = maybe_text(r, 3);
  e.institution_id = r.text(4);
  e.uscc = r.text(5);
  e.kind = r.text(6);
  e.payload = json::parse(r.text(7), nullptr, false);
  e.created_at = instant_from_micros(r.integer(8));
  e.requires_ack = r.integer(9) != 0;
  e.acked_at = maybe_instant(r, 10);
  e.delivery = r.text(11);
  e.attempts = r.integer(12);
  e.next_attempt_at = maybe_instant(r, 13);
  e.last_error = r.text(14);
  e.delivered_at = maybe_instant(r, 15);
  return e;
}

json instant_or_null(const std::optional<Instant>& t) {
  return t ? json(format_instant(*t)) : json(nullptr);
}

std::optional<int64_t> micros_of(const std::optional<Instant>& t) {
  return t ? std::optional(micros(*t)) : std::nullopt;
}

}  // namespace

json event_json(const Event& e) {
  return {{"id", e.id},
          {"seq", e.seq},
          {"kind", e.kind},
          {"uscc", e.uscc},
          {"payload", e.payload},
          {"created_at", format_instant(e.created_at)},
          {"requires_ack", e.requires_ack},
          {"acked_at", instant_or_null(e.acked_at)}};
}

json delivery_json(const Event& e) {
  json out = event_json(e);
  out.update({{"institution_id", e.institution_id},
              {"subscription_id", e.subscription_id ? json(*e.subscription_id) : json(nullptr)},
              {"delivery", e.delivery},
              {"attempts", e.attempts},
              {"last_error", e.last_error},
              {"delivered_at", instant_or_null(e.delivered_at)}});
  return out;
}

Status insert_event(store::Session& s, Event& e) {
  RX_ASSIGN_OR_RETURN(
      store::Rows rows,
      s.query("INSERT INTO push_events (id, subscription_id, authorization_id, institution_id, "
              "uscc, kind, payload, created_at, requires_ack, delivery, next_attempt_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
              {e.id, store::nullable(e.subscription_id), store::nullable(e.authorization_id),
               e.institution_id, e.uscc, e.kind, e.payload.dump(), micros(e.created_at),
               int64_t{e.requires_ack ? 1 : 0}, e.delivery,
               store::nullable(micros_of(e.next_attempt_at))}));
  e.seq = rows.at(0).integer(0);
  return Status::ok();
}

Result<std::vector<Event>> select_events(store::Session& s, const std::string& where,
                                         const std::vector<store::Value>& params, int limit) {
  RX_ASSIGN_OR_RETURN(store::Rows rows, s.query(std::string(kColumns) + " WHERE " + where +
                                                    " LIMIT " + std::to_string(limit),
                                                params));
  std::vector<Event> out;
  out.reserve(rows.size());
  for (const store::Row& r : rows) out.push_back(from_row(r));
  return out;
}

Result<FeedPage> feed(store::Database& db, const std::string& institution_id, int64_t after,
                      int limit, Instant now) {
  FeedPage page;
  page.next_after = after;
  RX_RETURN_IF_ERROR(db.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(std::vector<Event> events,
                        select_events(s, "institution_id = ? AND seq > ? ORDER BY seq",
                                      {institution_id, after}, limit));
    std::map<std::string, bool> live;  // authorization id -> still in force
    for (Event& e : events) {
      page.next_after = e.seq;
      if (e.kind != kRecordCorrection && e.authorization_id) {
        auto it = live.find(*e.authorization_id);
        if (it == live.end()) {
          RX_ASSIGN_OR_RETURN(auto a, consent::load_authorization(s, *e.authorization_id));
          const bool in_force = a && a->state_at(now) == consent::State::kActive;
          it = live.emplace(*e.authorization_id, in_force).first;
        }
        if (!it->second) continue;
      }
      page.items.push_back(std::move(e));
    }
    return Status::ok();
  }));
  return page;
}

Result<Event> acknowledge(store::Database& db, const std::string& event_id,
                          const std::string& institution_id, Instant now) {
  std::optional<Event> out;
  RX_RETURN_IF_ERROR(db.write([&](store::Session& s) -> Status {
    RX_RETURN_IF_ERROR(s.execute("UPDATE push_events SET acked_at = ? WHERE id = ? AND "
                                 "institution_id = ? AND acked_at IS NULL",
                                 {micros(now), event_id, institution_id})
                           .status());
    RX_ASSIGN_OR_RETURN(auto found, select_events(s, "id = ? AND institution_id = ?",
                                                  {event_id, institution_id}, 1));
    if (!found.empty()) out = std::move(found[0]);
    return Status::ok();
  }));
  if (!out) return not_found("no push event " + event_id);
  return *out;
}

Result<std::vector<Event>> dead_letters(store::Database& db,
                                        const std::optional<std::string>& institution_id,
                                        int limit) {
  std::vector<Event> out;
  RX_RETURN_IF_ERROR(db.read([&](store::Session& s) -> Status {
    if (institution_id) {
      RX_ASSIGN_OR_RETURN(out, select_events(s,
                                             "delivery = 'dead' AND institution_id = ? "
                                             "ORDER BY seq DESC",
                                             {*institution_id}, limit));
    } else {
      RX_ASSIGN_OR_RETURN(out, select_events(s, "delivery = 'dead' ORDER BY seq DESC", {}, limit));
    }
    return Status::ok();
  }));
  return out;
}

Result<Event> retry_dead(store::Database& db, const std::string& event_id,
                         const std::optional<std::string>& institution_id, Instant now) {
  std::optional<Event> out;
  RX_RETURN_IF_ERROR(db.write([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(auto found, select_events(s, "id = ?", {event_id}, 1));
    if (found.empty() || (institution_id && found[0].institution_id != *institution_id))
      return not_found("no push event " + event_id);
    if (found[0].delivery != "dead")
      return failed_precondition("only a dead event can be retried (this one is " +
                                 found[0].delivery + ")");
    RX_RETURN_IF_ERROR(s.execute("UPDATE push_events SET delivery = 'pending', attempts = 0, "
                                 "next_attempt_at = ?, last_error = '' WHERE id = ?",
                                 {micros(now), event_id})
                           .status());
    out = std::move(found[0]);
    out->delivery = "pending";
    out->attempts = 0;
    out->next_attempt_at = now;
    out->last_error.clear();
    return Status::ok();
  }));
  return *out;
}

Result<std::vector<Event>> corrections(store::Database& db, bool unacknowledged_only, int limit) {
  std::vector<Event> out;
  RX_RETURN_IF_ERROR(db.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(out,
                        select_events(s,
                                      std::string("kind = 'record_correction'") +
                                          (unacknowledged_only ? " AND acked_at IS NULL" : "") +
                                          " ORDER BY seq DESC",
                                      {}, limit));
    return Status::ok();
  }));
  return out;
}

}  // namespace rx::push
