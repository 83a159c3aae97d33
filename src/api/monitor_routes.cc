// Real-time use monitoring over HTTP (docs/monitoring.md): the operator's dashboard of live
// counters, the anomaly alerts (acknowledge, resolve, suspend the key involved), resuming a
// suspended key, and each institution's view of its own usage.
#include <limits>

#include "api/json_input.h"
#include "api/resources.h"
#include "api/routes.h"
#include "core/text.h"
#include "monitor/alert_repository.h"
#include "monitor/key_suspension.h"
#include "monitor/rules.h"
#include "monitor/usage.h"

namespace rx::api {
namespace {

using auth::Role;
using monitor::Alert;

constexpr int64_t kHourUs = 3'600'000'000;
constexpr int64_t kMaxHours = 24 * 31;

Json text_or_null(const std::string& t) {
  return t.empty() ? Json(nullptr) : Json(t);
}

template <typename T>
Json optional_json(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json instant_or_null(const std::optional<Instant>& t) {
  return t ? Json(format_instant(*t)) : Json(nullptr);
}

Json alert_json(const Alert& a, bool with_evidence) {
  Json out = {{"id", a.id},
              {"rule", a.rule},
              {"institution_id", text_or_null(a.institution_id)},
              {"key_id", text_or_null(a.key_id)},
              {"window_start", format_instant(a.window_start)},
              {"window_end", format_instant(a.window_end)},
              {"count", a.count},
              {"threshold", a.threshold},
              {"raised_index", a.raised_index},
              {"raised_entry_at", format_instant(a.raised_entry_at)},
              {"last_index", a.last_index},
              {"last_at", format_instant(a.last_at)},
              {"raised_at", format_instant(a.raised_at)},
              {"updated_at", format_instant(a.updated_at)},
              {"state", monitor::to_string(a.state)},
              {"acknowledged_at", instant_or_null(a.acknowledged_at)},
              {"acknowledged_by", optional_json(a.acknowledged_by)},
              {"acknowledge_note", optional_json(a.acknowledge_note)},
              {"resolved_at", instant_or_null(a.resolved_at)},
              {"resolved_by", optional_json(a.resolved_by)},
              {"resolve_note", optional_json(a.resolve_note)},
              {"suspended_key_id", optional_json(a.suspended_key_id)}};
  if (with_evidence) {
    Json evidence = Json::array();
    for (const monitor::Evidence& e : a.evidence)
      evidence.push_back({{"index", e.index},
                          {"entry_id", e.entry_id},
                          {"key_id", text_or_null(e.key_id)},
                          {"at", format_instant(e.at)}});
    out["evidence"] = evidence;
  }
  return out;
}

Json ranked_json(const std::vector<monitor::Ranked>& items, bool named) {
  Json out = Json::array();
  for (const monitor::Ranked& r : items) {
    Json item = {{"item", r.item}, {"count", r.count}, {"denied", r.denied}};
    if (named) item["name"] = text_or_null(r.name);
    out.push_back(item);
  }
  return out;
}

Json usage_json(const monitor::Usage& u, const monitor::UsageQuery& q) {
  Json hours = Json::array();
  for (const monitor::HourPoint& p : u.hours)
    hours.push_back({{"hour", format_instant(instant_from_micros(p.hour_start))},
                     {"allowed", p.allowed},
                     {"denied", p.denied},
                     {"done", p.done}});
  return {{"from", format_instant(instant_from_micros(q.from_hour))},
          {"to", format_instant(instant_from_micros(q.to_hour))},
          {"total", u.total},
          {"denied", u.denied},
          {"hours", hours},
          {"institutions", ranked_json(u.institutions, true)},
          {"enterprises", ranked_json(u.enterprises, false)},
          {"categories", ranked_json(u.categories, false)},
          {"purposes", ranked_json(u.purposes, false)},
          {"reasons", ranked_json(u.reasons, false)},
          {"actions", ranked_json(u.actions, false)},
          {"keys", ranked_json(u.keys, false)}};
}

// The hours up to and including the current one; `hours` and `top` from the query string.
monitor::UsageQuery usage_query(QueryReader& q, Instant now) {
  const int64_t hours = q.integer("hours", 1, kMaxHours).value_or(24);
  const int64_t top = q.integer("top", 1, 100).value_or(10);
  monitor::UsageQuery out;
  out.to_hour = monitor::hour_start(now) + kHourUs;
  out.from_hour = out.to_hour - hours * kHourUs;
  out.top = static_cast<int>(top);
  return out;
}

Result<Json> usage_response(Services& s, monitor::UsageQuery q) {
  monitor::Usage usage;
  RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
    RX_ASSIGN_OR_RETURN(usage, monitor::read_usage(session, q));
    return Status::ok();
  }));
  return usage_json(usage, q);
}

// A note of at most kMaxNoteChars characters; `required` makes absence an error.
std::optional<std::string> note_field(BodyReader& body, const Json& json, bool required) {
  auto note = body.string("note");
  if (!note) {
    if (required && json.is_object() && !json.contains("note")) body.fail("note", "is required");
    return std::nullopt;
  }
  const size_t chars = utf8_length(*note).value_or(0);
  if ((required && chars == 0) || chars > monitor::kMaxNoteChars) {
    body.fail("note", "must be " + std::string(required ? "1" : "0") + " to " +
                          std::to_string(monitor::kMaxNoteChars) + " characters");
    return std::nullopt;
  }
  return note;
}

// Reads the alert and applies `change` to it in one transaction.
Result<Alert> change_alert(Services& s, const std::string& id,
                           const std::function<Status(store::Session&, Alert&)>& change) {
  Alert out;
  RX_RETURN_IF_ERROR(s.db.write([&](store::Session& session) -> Status {
    RX_ASSIGN_OR_RETURN(auto found, monitor::find_alert(session, id));
    if (!found) return not_found("no alert " + id);
    RX_RETURN_IF_ERROR(change(session, *found));
    RX_RETURN_IF_ERROR(monitor::update_alert(session, *found));
    out = std::move(*found);
    return Status::ok();
  }));
  return out;
}

ledger::Actor actor_of(const auth::Principal& p) {
  return {std::string(auth::to_string(p.role)), p.key_id, p.institution_id.value_or(""),
          p.uscc.value_or("")};
}

Json thresholds_json(const monitor::Thresholds& t) {
  return {{"application_purposes", t.application_purposes},
          {"no_application_min", t.no_application_min},
          {"volume_multiple", t.volume_multiple},
          {"volume_min", t.volume_min},
          {"baseline_hours", t.baseline_hours},
          {"distinct_enterprises", t.distinct_enterprises},
          {"distinct_window_minutes", t.distinct_window_minutes},
          {"quiet_start_hour", t.quiet_start_hour},
          {"quiet_end_hour", t.quiet_end_hour},
          {"quiet_min", t.quiet_min},
          {"denials", t.denials},
          {"denial_window_minutes", t.denial_window_minutes},
          {"evidence_limit", t.evidence_limit}};
}

}  // namespace

void add_monitor_routes(Router& router, Services& s) {
  router.add({"GET",
              "/api/v1/monitor/dashboard",
              {Role::kAdmin},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                const Instant now = s.clock.now();
                auto query = usage_query(q, now);
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(Json body, usage_response(s, query));
                std::map<std::string, int64_t> counts;
                monitor::AlertPage recent;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(counts, monitor::alert_counts(session));
                  monitor::AlertQuery newest;
                  newest.limit = 10;
                  RX_ASSIGN_OR_RETURN(recent, monitor::list_alerts(session, newest));
                  return Status::ok();
                }));
                Json by_state = Json::object();
                for (auto st : {monitor::AlertState::kOpen, monitor::AlertState::kAcknowledged,
                                monitor::AlertState::kResolved}) {
                  auto it = counts.find(std::string(monitor::to_string(st)));
                  by_state[std::string(monitor::to_string(st))] =
                      it == counts.end() ? 0 : it->second;
                }
                Json items = Json::array();
                for (const Alert& a : recent.items) items.push_back(alert_json(a, false));
                body["alerts"] = by_state;
                body["recent_alerts"] = items;
                body["generated_at"] = format_instant(now);
                return json_response(body);
              }});

  router.add({"GET",
              "/api/v1/monitor/rules",
              {Role::kAdmin},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                Json rules = Json::array();
                for (std::string_view r : monitor::all_rules()) rules.push_back(r);
                return json_response(
                    {{"rules", rules}, {"thresholds", thresholds_json(s.monitor_thresholds)}});
              }});

  router.add({"GET",
              "/api/v1/monitor/alerts",
              {Role::kAdmin},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                monitor::AlertQuery query;
                if (auto state = q.string("state")) {
                  query.state = monitor::parse_alert_state(*state);
                  if (!query.state) q.fail("state", "must be open, acknowledged or resolved");
                }
                if (auto rule = q.string("rule")) {
                  if (monitor::is_rule(*rule))
                    query.rule = *rule;
                  else
                    q.fail("rule",
                           "must be no_application, volume, distinct_enterprises, quiet_hours "
                           "or denials");
                }
                query.institution_id = q.string("institution_id");
                query.limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
                query.after_seq = q.integer("cursor", 1, std::numeric_limits<int64_t>::max());
                RX_RETURN_IF_ERROR(q.finish());
                monitor::AlertPage page;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(page, monitor::list_alerts(session, query));
                  return Status::ok();
                }));
                Json items = Json::array();
                for (const Alert& a : page.items) items.push_back(alert_json(a, false));
                return json_response({{"items", items},
                                      {"next_cursor", page.next ? Json(std::to_string(*page.next))
                                                                : Json(nullptr)}});
              }});

  router.add({"GET",
              "/api/v1/monitor/alerts/{id}",
              {Role::kAdmin},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                const std::string& id = c.path_param("id");
                std::optional<Alert> found;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(found, monitor::find_alert(session, id));
                  return Status::ok();
                }));
                if (!found) return not_found("no alert " + id);
                return json_response(alert_json(*found, true));
              }});

  router.add({"POST",
              "/api/v1/monitor/alerts/{id}/acknowledge",
              {Role::kAdmin},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                auto note = note_field(body, c.body, false);
                RX_RETURN_IF_ERROR(body.finish("acknowledgement"));
                const Instant now = s.clock.now();
                RX_ASSIGN_OR_RETURN(
                    Alert a, change_alert(s, c.path_param("id"), [&](store::Session&, Alert& a) {
                      return monitor::acknowledge(a, note.value_or(""), c.principal->key_id, now);
                    }));
                return json_response(alert_json(a, true));
              }});

  router.add({"POST",
              "/api/v1/monitor/alerts/{id}/resolve",
              {Role::kAdmin},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                auto note = note_field(body, c.body, true);
                RX_RETURN_IF_ERROR(body.finish("resolution"));
                const Instant now = s.clock.now();
                RX_ASSIGN_OR_RETURN(
                    Alert a, change_alert(s, c.path_param("id"), [&](store::Session&, Alert& a) {
                      return monitor::resolve(a, *note, c.principal->key_id, now);
                    }));
                return json_response(alert_json(a, true));
              }});

  router.add({"POST",
              "/api/v1/monitor/alerts/{id}/suspend-key",
              {Role::kAdmin},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                auto key_id = body.string("key_id");
                auto note = note_field(body, c.body, true);
                RX_RETURN_IF_ERROR(body.finish("suspension"));
                RX_ASSIGN_OR_RETURN(
                    Alert a,
                    change_alert(s, c.path_param("id"), [&](store::Session& session, Alert& a) {
                      RX_ASSIGN_OR_RETURN(std::string key, monitor::key_to_suspend(a, key_id));
                      monitor::KeyChange change{
                          key,
                          *note,
                          a.id,
                          a.institution_id.empty() ? std::nullopt : std::optional(a.institution_id),
                          actor_of(*c.principal),
                          c.request_id};
                      RX_RETURN_IF_ERROR(monitor::suspend_key(session, change, s.clock, s.random));
                      a.suspended_key_id = key;
                      a.updated_at = s.clock.now();
                      return Status::ok();
                    }));
                return json_response(alert_json(a, true));
              }});

  router.add({"POST",
              "/api/v1/keys/{id}/resume",
              {Role::kAdmin},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                auto note = note_field(body, c.body, false);
                RX_RETURN_IF_ERROR(body.finish("resumption"));
                const std::string& id = c.path_param("id");
                RX_RETURN_IF_ERROR(s.db.write([&](store::Session& session) {
                  return monitor::resume_key(session,
                                             {id, note.value_or(""), std::nullopt, std::nullopt,
                                              actor_of(*c.principal), c.request_id},
                                             s.clock, s.random);
                }));
                RX_ASSIGN_OR_RETURN(auto keys, s.keys.list());
                for (const auth::ApiKeyRecord& k : keys)
                  if (k.id == id) return json_response(api_key_json(k));
                return not_found("API key " + id + " does not exist");
              }});

  router.add({"GET",
              "/api/v1/institutions/me/usage",
              {Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                auto query = usage_query(q, s.clock.now());
                RX_RETURN_IF_ERROR(q.finish());
                query.institution_id = c.principal->institution_id.value_or("");
                RX_ASSIGN_OR_RETURN(Json body, usage_response(s, query));
                body["institution_id"] = *query.institution_id;
                return json_response(body);
              }});

  router.add({"GET",
              "/api/v1/institutions/{id}/usage",
              {Role::kAdmin},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                auto query = usage_query(q, s.clock.now());
                RX_RETURN_IF_ERROR(q.finish());
                query.institution_id = c.path_param("id");
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(auto rows, session.query("SELECT 1 FROM institutions WHERE "
                                                               "id = ?",
                                                               {*query.institution_id}));
                  if (rows.empty())
                    return not_found("institution " + *query.institution_id + " is not registered");
                  return Status::ok();
                }));
                RX_ASSIGN_OR_RETURN(Json body, usage_response(s, query));
                body["institution_id"] = *query.institution_id;
                return json_response(body);
              }});
}

}  // namespace rx::api
