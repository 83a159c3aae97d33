#include "market/application_repository.h"

#include <nlohmann/json.hpp>

namespace rx::market {
namespace {

using Json = nlohmann::json;
using store::Row;
using store::Rows;
using store::Value;

constexpr std::string_view kColumns =
    "SELECT id, uscc, product_id, institution_id, demand_id, authorization_id, referred_from, "
    "amount, term_months, state, body, submitted_at, sla_due_at, decided_at, updated_at FROM "
    "market_applications";

std::string body_of(const Application& a) {
  Json j = {{"purpose", a.purpose},
            {"policy_tags", a.policy_tags},
            {"referral_consent", a.referral_consent}};
  if (a.decline_reason) j["decline_reason"] = *a.decline_reason;
  if (a.offer)
    j["offer"] = {{"amount_fen", a.offer->amount},
                  {"term_months", a.offer->term_months},
                  {"annual_rate_bp", a.offer->annual_rate_bp},
                  {"method", a.offer->method}};
  return j.dump();
}

Value open_product(const Application& a) {
  return is_closed(a.state) ? Value() : Value(a.product_id);
}

std::optional<std::string> maybe_text(const Row& r, size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<std::string>(r.text(i));
}

Result<Application> application_of(const Row& r) {
  Application a;
  a.id = r.text(0);
  a.uscc = r.text(1);
  a.product_id = r.text(2);
  a.institution_id = r.text(3);
  a.demand_id = maybe_text(r, 4);
  a.authorization_id = r.text(5);
  a.referred_from = maybe_text(r, 6);
  a.amount = r.integer(7);
  a.term_months = static_cast<int>(r.integer(8));
  auto state = parse_app_state(r.text(9));
  if (!state) return data_loss("application " + a.id + " has an unknown state");
  a.state = *state;
  try {
    Json body = Json::parse(r.text(10));
    a.purpose = body.at("purpose").get<std::string>();
    a.policy_tags = body.at("policy_tags").get<std::vector<std::string>>();
    a.referral_consent = body.at("referral_consent").get<bool>();
    if (body.contains("decline_reason"))
      a.decline_reason = body["decline_reason"].get<std::string>();
    if (body.contains("offer")) {
      const Json& o = body["offer"];
      a.offer = Offer{o.at("amount_fen").get<int64_t>(), o.at("term_months").get<int>(),
                      o.at("annual_rate_bp").get<int>(), o.at("method").get<std::string>()};
    }
  } catch (const Json::exception&) {
    return data_loss("application " + a.id + " is damaged");
  }
  a.submitted_at = instant_from_micros(r.integer(11));
  a.sla_due_at = instant_from_micros(r.integer(12));
  if (!r.is_null(13)) a.decided_at = instant_from_micros(r.integer(13));
  a.updated_at = instant_from_micros(r.integer(14));
  return a;
}

Status insert_transition(store::Session& s, const std::string& id, const Transition& t) {
  return s
      .execute(
          "INSERT INTO market_transitions (application_id, seq, from_state, to_state, "
          "actor_role, actor_key, at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {id, int64_t{t.seq}, std::string(to_string(t.from)), std::string(to_string(t.to)),
           t.actor_role, t.actor_key, micros(t.at), t.note})
      .status();
}

}  // namespace

Status insert_application(store::Session& s, const Application& a) {
  RX_RETURN_IF_ERROR(
      s.execute(
           "INSERT INTO market_applications (id, uscc, product_id, institution_id, "
           "demand_id, authorization_id, referred_from, amount, term_months, state, "
           "open_product, body, submitted_at, sla_due_at, decided_at, updated_at) VALUES "
           "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           {a.id, a.uscc, a.product_id, a.institution_id, store::nullable(a.demand_id),
            a.authorization_id, store::nullable(a.referred_from), a.amount, int64_t{a.term_months},
            std::string(to_string(a.state)), open_product(a), body_of(a), micros(a.submitted_at),
            micros(a.sla_due_at), Value(), micros(a.updated_at)})
          .status());
  for (const Transition& t : a.timeline) RX_RETURN_IF_ERROR(insert_transition(s, a.id, t));
  // Support policies count take-up by these (policy/policy_repository.h).
  for (const std::string& tag : a.policy_tags)
    RX_RETURN_IF_ERROR(s.execute("INSERT INTO market_application_tags (application_id, tag, uscc, "
                                 "submitted_at) VALUES (?, ?, ?, ?)",
                                 {a.id, tag, a.uscc, micros(a.submitted_at)})
                           .status());
  return Status::ok();
}

Status save_transition(store::Session& s, const Application& a) {
  RX_RETURN_IF_ERROR(
      s.execute("UPDATE market_applications SET state = ?, open_product = ?, body = ?, "
                "decided_at = ?, updated_at = ? WHERE id = ?",
                {std::string(to_string(a.state)), open_product(a), body_of(a),
                 a.decided_at ? Value(micros(*a.decided_at)) : Value(), micros(a.updated_at), a.id})
          .status());
  if (a.timeline.empty()) return Status::ok();
  return insert_transition(s, a.id, a.timeline.back());
}

Result<std::optional<Application>> find_application(store::Session& s, const std::string& id) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(std::string(kColumns) + " WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<Application>();
  RX_ASSIGN_OR_RETURN(Application a, application_of(rows[0]));
  RX_ASSIGN_OR_RETURN(Rows steps,
                      s.query("SELECT seq, from_state, to_state, actor_role, actor_key, at, note "
                              "FROM market_transitions WHERE application_id = ? ORDER BY seq",
                              {id}));
  for (const Row& r : steps) {
    auto from = parse_app_state(r.text(1)), to = parse_app_state(r.text(2));
    if (!from || !to) return data_loss("application " + id + " has a damaged timeline");
    a.timeline.push_back({static_cast<int>(r.integer(0)), *from, *to, r.text(3), r.text(4),
                          instant_from_micros(r.integer(5)), r.text(6)});
  }
  return std::optional<Application>(std::move(a));
}

Result<std::vector<Application>> list_applications(store::Session& s, const ApplicationFilter& f) {
  std::string sql = std::string(kColumns) + " WHERE 1 = 1";
  std::vector<Value> params;
  auto where = [&](std::string_view clause, Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (f.uscc) where(" AND uscc = ?", *f.uscc);
  if (f.institution_id) where(" AND institution_id = ?", *f.institution_id);
  if (f.product_id) where(" AND product_id = ?", *f.product_id);
  if (f.state) where(" AND state = ?", std::string(to_string(*f.state)));
  if (f.overdue_sla_only)
    where(
        " AND state IN ('submitted', 'accepted', 'under_review', 'info_requested') AND "
        "sla_due_at < ?",
        micros(f.now));
  where(" ORDER BY submitted_at DESC, id DESC LIMIT ?", int64_t{f.limit});
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
  std::vector<Application> out;
  for (const Row& r : rows) {
    RX_ASSIGN_OR_RETURN(Application a, application_of(r));
    out.push_back(std::move(a));
  }
  return out;
}

std::string_view to_string(ReminderKind k) {
  return k == ReminderKind::kSlaNear ? "sla_near" : "sla_breached";
}

Status schedule_reminder(store::Session& s, const Reminder& r) {
  return s
      .execute("INSERT INTO market_reminders (application_id, kind, due_at) VALUES (?, ?, ?)",
               {r.application_id, std::string(to_string(r.kind)), micros(r.due_at)})
      .status();
}

Result<std::vector<Reminder>> due_reminders(store::Session& s, Instant now, int limit) {
  RX_ASSIGN_OR_RETURN(Rows rows,
                      s.query("SELECT application_id, kind, due_at FROM market_reminders WHERE "
                              "sent_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ?",
                              {micros(now), int64_t{limit}}));
  std::vector<Reminder> out;
  for (const Row& r : rows)
    out.push_back({r.text(0),
                   r.text(1) == "sla_near" ? ReminderKind::kSlaNear : ReminderKind::kSlaBreached,
                   instant_from_micros(r.integer(2))});
  return out;
}

Status mark_reminder_sent(store::Session& s, const Reminder& r, Instant at) {
  return s
      .execute("UPDATE market_reminders SET sent_at = ? WHERE application_id = ? AND kind = ?",
               {micros(at), r.application_id, std::string(to_string(r.kind))})
      .status();
}

}  // namespace rx::market
