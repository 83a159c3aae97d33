// Objections (异议) and credit repair (信用修复) over HTTP. An enterprise raises an objection
// against one of its current records; the operator forwards it to the source department or decides
// it; a data provider decides what was forwarded. The operator approves repairs and revocations,
// which hide a record from the query interface. Every change runs in one transaction with its
// events, its inbox notification and the record_changed hook. See docs/objections.md.
#include <limits>

#include "api/json_input.h"
#include "api/routes.h"
#include "core/id.h"
#include "core/text.h"
#include "inbox/inbox_repository.h"
#include "ingest/records.h"
#include "objection/objection.h"
#include "objection/objection_repository.h"
#include "objection/record_key.h"

namespace rx::api {
namespace {

using auth::Role;
using objection::Objection;
using objection::Suppression;

constexpr size_t kMaxRecordKeyChars = 1000;
// Current records of one category read to find the one addressed; enough for any enterprise.
constexpr int kMaxRecordsScanned = 100'000;

Json instant_or_null(const std::optional<Instant>& t) {
  return t ? Json(format_instant(*t)) : Json(nullptr);
}

Json text_or_null(const std::optional<std::string>& t) {
  return t ? Json(*t) : Json(nullptr);
}

Json objection_json(const Objection& o, Instant now) {
  Json timeline = Json::array();
  for (const objection::Event& e : o.events)
    timeline.push_back({{"seq", e.seq},
                        {"at", format_instant(e.at)},
                        {"actor_key_id", e.actor_key_id},
                        {"actor_role", e.actor_role},
                        {"action", e.action},
                        {"note", e.note}});
  const auto due = o.deadline(now);
  return {{"id", o.id},
          {"uscc", o.uscc},
          {"category", o.category},
          {"record_key", o.record_key},
          {"reason", o.reason},
          {"evidence", text_or_null(o.evidence)},
          {"state", objection::to_string(o.state)},
          {"outcome", o.outcome ? Json(objection::to_string(*o.outcome)) : Json(nullptr)},
          {"outcome_note", text_or_null(o.outcome_note)},
          {"submitted_at", format_instant(o.submitted_at)},
          {"marked_at", format_instant(o.marked_at)},
          {"forwarded_at", instant_or_null(o.forwarded_at)},
          {"department", text_or_null(o.department)},
          {"decided_at", instant_or_null(o.decided_at)},
          {"created_by", o.created_by},
          {"deadlines",
           {{"mark_by", format_instant(o.deadlines.mark_by)},
            {"forward_by", format_instant(o.deadlines.forward_by)},
            {"decide_by", format_instant(o.deadlines.decide_by)},
            {"department_decide_by", instant_or_null(o.deadlines.department_decide_by)}}},
          {"deadline",
           due ? Json{{"at", format_instant(due->at)}, {"action", due->action}} : Json(nullptr)},
          {"overdue", o.overdue(now)},
          {"timeline", timeline}};
}

Json suppression_json(const Suppression& r) {
  return {{"uscc", r.uscc},
          {"category", r.category},
          {"record_key", r.record_key},
          {"reason", objection::to_string(r.reason)},
          {"objection_id", text_or_null(r.objection_id)},
          {"approved_at", format_instant(r.approved_at)},
          {"effective_at", format_instant(r.effective_at)},
          {"deadline_at", format_instant(r.deadline_at)},
          {"note", r.note},
          {"created_by", r.created_by}};
}

objection::Actor actor_of(const auth::Principal& p) {
  return {p.key_id, std::string(auth::to_string(p.role))};
}

Status check_own(const auth::Principal& p, const std::string& uscc, std::string_view what) {
  if (p.role == Role::kEnterprise && p.uscc != uscc)
    return permission_denied("an enterprise key may only " + std::string(what) +
                             " its own enterprise");
  return Status::ok();
}

Status check_ready(const Services& s) {
  if (!s.calendar || !s.display_rules)
    return unavailable("the working-day calendar or the display periods are not loaded");
  return Status::ok();
}

// A stored category of the catalogue, or kNotFound.
Result<const catalog::Category*> stored_category(const Services& s, const std::string& id) {
  const catalog::Category* c = s.catalog.category(id);
  if (!c) return not_found("category '" + id + "' is not in the shared catalogue");
  if (c->mode != catalog::Mode::kStored)
    return not_found("category '" + id + "' is held by " + c->department +
                     " and asked live; the platform stores no records of it");
  return c;
}

// The current record of `uscc` in `category` whose record_key is `key`, or kNotFound.
Result<Json> current_record(Services& s, const std::string& uscc, const catalog::Category& category,
                            const std::string& key) {
  ingest::RecordQuery query;
  query.uscc = uscc;
  query.category = category.id;
  query.limit = kMaxRecordsScanned;
  RX_ASSIGN_OR_RETURN(auto records, ingest::RecordStore(s.db).records(s.catalog, query));
  for (const ingest::StoredRecord& r : records) {
    Json payload = Json::parse(r.payload);
    if (objection::record_key(category, payload) == key) return payload;
  }
  return not_found("enterprise " + uscc + " has no current " + category.id + " record '" + key +
                   "'");
}

bool absent(const Json& body, const std::string& name) {
  return body.is_object() && !body.contains(name);
}

// A text field with its length checked; nullopt when absent or invalid (the problem recorded).
std::optional<std::string> text_field(BodyReader& body, const Json& json, const std::string& name,
                                      size_t min, size_t max, bool required) {
  auto value = body.string(name);
  if (!value) {
    if (required && absent(json, name)) body.fail(name, "is required");
    return std::nullopt;
  }
  const size_t chars = utf8_length(*value).value_or(0);
  if (chars < min || chars > max) {
    body.fail(name,
              "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters");
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> cursor_param(QueryReader& q) {
  return q.integer("cursor", 1, std::numeric_limits<int64_t>::max());
}

Json page_json(const std::vector<Objection>& items, std::optional<int64_t> next, Instant now) {
  Json list = Json::array();
  for (const Objection& o : items) list.push_back(objection_json(o, now));
  return {{"items", list}, {"next_cursor", next ? Json(std::to_string(*next)) : Json(nullptr)}};
}

std::optional<objection::State> state_param(QueryReader& q) {
  auto text = q.string("state");
  if (!text) return std::nullopt;
  auto state = objection::parse_state(*text);
  if (!state) q.fail("state", "must be under_dispute, forwarded or decided");
  return state;
}

std::string category_name(const Services& s, const std::string& id) {
  const catalog::Category* c = s.catalog.category(id);
  return c ? c->name : id;
}

std::string shanghai_day(Instant t) {
  return objection::shanghai_date(t).to_string();
}

Status notify_enterprise(Services& s, store::Session& session, const std::string& uscc,
                         std::string kind, std::string title, std::string body, std::string link) {
  return inbox::notify(session, s.clock, s.random,
                       {{inbox::RecipientKind::kEnterprise, uscc},
                        std::move(kind),
                        std::move(title),
                        std::move(body),
                        std::move(link)})
      .status();
}

Status record_changed(Services& s, store::Session& session, objection::RecordChange change) {
  if (!s.record_changed) return Status::ok();
  return s.record_changed(session, change);
}

// Reads an objection and applies `change` to it in one transaction; `after` runs in the same
// transaction once the objection is stored (suppression, hook, notification).
Result<Objection> transition(
    Services& s, const std::string& id, const std::function<Status(Objection&)>& change,
    const std::function<Status(store::Session&, const Objection&)>& after) {
  Objection out;
  RX_RETURN_IF_ERROR(s.db.write([&](store::Session& session) -> Status {
    RX_ASSIGN_OR_RETURN(auto found, objection::find_objection(session, id));
    if (!found) return not_found("no objection " + id);
    const size_t stored = found->events.size();
    RX_RETURN_IF_ERROR(change(*found));
    RX_RETURN_IF_ERROR(objection::update_objection(session, *found, stored));
    RX_RETURN_IF_ERROR(after(session, *found));
    out = std::move(*found);
    return Status::ok();
  }));
  return out;
}

std::string decided_title(objection::Outcome outcome) {
  switch (outcome) {
    case objection::Outcome::kCorrected:
      return "您的异议已处理：信息已更正";
    case objection::Outcome::kConfirmed:
      return "您的异议已处理：信息维持不变";
    case objection::Outcome::kRemoved:
      return "您的异议已处理：信息已删除";
  }
  return "您的异议已处理";
}

}  // namespace

void add_objection_routes(Router& router, Services& s) {
  router.add(
      {"POST",
       "/api/v1/enterprises/{uscc}/objections",
       {Role::kEnterprise},
       true,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
         RX_RETURN_IF_ERROR(check_own(*c.principal, uscc.str(), "raise objections for"));
         BodyReader body(c.body);
         auto category = text_field(body, c.body, "category", 1, 64, true);
         auto key = text_field(body, c.body, "record_key", 1, kMaxRecordKeyChars, true);
         auto reason = body.string("reason");
         auto evidence = body.string("evidence");
         if (absent(c.body, "reason")) body.fail("reason", "is required: why the record is wrong");
         objection::NewObjection input{.uscc = uscc.str(),
                                       .category = category.value_or(""),
                                       .record_key = key.value_or(""),
                                       .reason = reason.value_or(""),
                                       .evidence = evidence};
         for (const FieldError& e : objection::validate(input))
           if (e.field != "reason" || reason) body.fail(e.field, e.reason);
         RX_RETURN_IF_ERROR(body.finish("objection"));
         RX_RETURN_IF_ERROR(check_ready(s));
         RX_RETURN_IF_ERROR(s.enterprises.get(uscc).status());
         RX_ASSIGN_OR_RETURN(const catalog::Category* cat, stored_category(s, input.category));
         RX_RETURN_IF_ERROR(current_record(s, uscc.str(), *cat, input.record_key).status());
         const Instant now = s.clock.now();
         RX_ASSIGN_OR_RETURN(Objection o,
                             objection::submit(*s.calendar, input, new_uuid_v7(s.clock, s.random),
                                               actor_of(*c.principal), now));
         RX_RETURN_IF_ERROR(s.db.write([&](store::Session& session) -> Status {
           RX_ASSIGN_OR_RETURN(
               auto hidden, objection::find_suppression(session, o.uscc, o.category, o.record_key));
           if (hidden)
             return failed_precondition("record '" + o.record_key + "' is no longer shown (" +
                                        std::string(objection::to_string(hidden->reason)) + ")");
           RX_ASSIGN_OR_RETURN(
               auto open, objection::open_objection(session, o.uscc, o.category, o.record_key));
           if (open)
             return already_exists("record '" + o.record_key + "' already has an open objection " +
                                   open->id + " (" +
                                   std::string(objection::to_string(open->state)) + ")");
           return objection::insert_objection(session, o);
         }));
         return json_response(objection_json(o, now), 201);
       }});

  router.add({"GET",
              "/api/v1/enterprises/{uscc}/objections",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
                RX_RETURN_IF_ERROR(check_own(*c.principal, uscc.str(), "read objections of"));
                QueryReader q(c.query);
                objection::ObjectionQuery query;
                query.uscc = uscc.str();
                query.state = state_param(q);
                query.limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
                query.after_seq = cursor_param(q);
                RX_RETURN_IF_ERROR(q.finish());
                RX_RETURN_IF_ERROR(s.enterprises.get(uscc).status());
                objection::ObjectionPage page;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(page, objection::list_objections(session, query));
                  return Status::ok();
                }));
                return json_response(page_json(page.items, page.next, s.clock.now()));
              }});

  router.add({"GET",
              "/api/v1/objections",
              {Role::kAdmin},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                objection::ObjectionQuery query;
                query.state = state_param(q);
                const Instant now = s.clock.now();
                if (auto overdue = q.string("overdue")) {
                  if (*overdue == "true")
                    query.overdue_at = now;
                  else if (*overdue != "false")
                    q.fail("overdue", "must be true or false");
                }
                if (auto uscc = q.string("uscc")) {
                  auto parsed = Uscc::parse(*uscc);
                  if (parsed.is_ok())
                    query.uscc = parsed->str();
                  else
                    q.fail("uscc", parsed.status().message());
                }
                query.limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
                query.after_seq = cursor_param(q);
                RX_RETURN_IF_ERROR(q.finish());
                objection::ObjectionPage page;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(page, objection::list_objections(session, query));
                  return Status::ok();
                }));
                return json_response(page_json(page.items, page.next, now));
              }});

  router.add({"GET",
              "/api/v1/objections/{id}",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                const std::string& id = c.path_param("id");
                std::optional<Objection> found;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(found, objection::find_objection(session, id));
                  return Status::ok();
                }));
                if (!found) return not_found("no objection " + id);
                RX_RETURN_IF_ERROR(check_own(*c.principal, found->uscc, "read objections of"));
                return json_response(objection_json(*found, s.clock.now()));
              }});

  router.add({"POST",
              "/api/v1/objections/{id}/forward",
              {Role::kAdmin},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader body(c.body);
                auto department =
                    text_field(body, c.body, "department", 1, objection::kMaxDepartmentChars, true);
                auto note = text_field(body, c.body, "note", 0, objection::kMaxNoteChars, false);
                RX_RETURN_IF_ERROR(body.finish("forwarding"));
                RX_RETURN_IF_ERROR(check_ready(s));
                const Instant now = s.clock.now();
                RX_ASSIGN_OR_RETURN(
                    Objection o,
                    transition(
                        s, c.path_param("id"),
                        [&](Objection& o) {
                          return objection::forward(o, *s.calendar, *department, note.value_or(""),
                                                    actor_of(*c.principal), now);
                        },
                        [&](store::Session& session, const Objection& o) {
                          return notify_enterprise(
                              s, session, o.uscc, "objection_forwarded",
                              "您的异议已转交数据来源单位核查",
                              "您对" + category_name(s, o.category) + "记录（" + o.record_key +
                                  "）提出的异议已于 " + shanghai_day(now) + " 转交" + *department +
                                  "核查，该单位应在 " +
                                  shanghai_day(*o.deadlines.department_decide_by) + " 前作出处理。",
                              "/api/v1/objections/" + o.id);
                        }));
                return json_response(objection_json(o, now));
              }});

  router.add(
      {"POST",
       "/api/v1/objections/{id}/decide",
       {Role::kAdmin, Role::kDataProvider},
       true,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         BodyReader body(c.body);
         auto outcome_text = body.string("outcome");
         std::optional<objection::Outcome> outcome;
         if (absent(c.body, "outcome"))
           body.fail("outcome", "is required: corrected, confirmed or removed");
         else if (outcome_text && !(outcome = objection::parse_outcome(*outcome_text)))
           body.fail("outcome", "must be corrected, confirmed or removed");
         auto note = text_field(body, c.body, "note", 0, objection::kMaxNoteChars, false);
         if (outcome == objection::Outcome::kCorrected && note.value_or("").empty())
           body.fail("note", "is required for outcome corrected: the corrected value");
         RX_RETURN_IF_ERROR(body.finish("decision"));
         RX_RETURN_IF_ERROR(check_ready(s));
         const Instant now = s.clock.now();
         const auth::Principal& who = *c.principal;
         RX_ASSIGN_OR_RETURN(
             Objection o,
             transition(
                 s, c.path_param("id"),
                 [&](Objection& o) -> Status {
                   if (who.role == Role::kDataProvider && o.state != objection::State::kForwarded)
                     return permission_denied(
                         "a data provider may decide only objections forwarded to a department; "
                         "objection " +
                         o.id + " is " + std::string(objection::to_string(o.state)));
                   return objection::decide(o, *outcome, note.value_or(""), actor_of(who), now);
                 },
                 [&](store::Session& session, const Objection& o) -> Status {
                   if (*outcome == objection::Outcome::kRemoved) {
                     RX_ASSIGN_OR_RETURN(
                         auto hidden,
                         objection::find_suppression(session, o.uscc, o.category, o.record_key));
                     if (!hidden) {
                       RX_ASSIGN_OR_RETURN(Suppression r,
                                           objection::approve_suppression(
                                               *s.calendar, o.uscc, o.category, o.record_key,
                                               objection::SuppressionReason::kRemovedByObjection,
                                               o.id, note.value_or(""), who.key_id, now));
                       RX_RETURN_IF_ERROR(objection::insert_suppression(session, r));
                     }
                   }
                   if (*outcome != objection::Outcome::kConfirmed)
                     RX_RETURN_IF_ERROR(record_changed(
                         s, session,
                         {o.uscc, o.category, o.record_key,
                          *outcome == objection::Outcome::kRemoved ? "removed" : "corrected", o.id,
                          now}));
                   return notify_enterprise(
                       s, session, o.uscc, "objection_decided", decided_title(*outcome),
                       "您对" + category_name(s, o.category) + "记录（" + o.record_key +
                           "）提出的异议已于 " + shanghai_day(now) + " 处理完毕，结果：" +
                           std::string(objection::to_string(*outcome)) +
                           (note && !note->empty() ? "。说明：" + *note : "。"),
                       "/api/v1/objections/" + o.id);
                 }));
         return json_response(objection_json(o, now));
       }});

  router.add(
      {"POST",
       "/api/v1/repairs",
       {Role::kAdmin},
       true,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         BodyReader body(c.body);
         auto uscc_text = body.string("uscc");
         if (absent(c.body, "uscc")) body.fail("uscc", "is required");
         auto category = text_field(body, c.body, "category", 1, 64, true);
         auto key = text_field(body, c.body, "record_key", 1, kMaxRecordKeyChars, true);
         auto kind_text = body.string("kind");
         std::optional<objection::RepairKind> kind;
         if (absent(c.body, "kind"))
           body.fail("kind", "is required: repair or revocation");
         else if (kind_text && !(kind = objection::parse_repair_kind(*kind_text)))
           body.fail("kind", "must be repair or revocation");
         auto note = text_field(body, c.body, "note", 0, objection::kMaxNoteChars, false);
         std::optional<Uscc> uscc;
         if (uscc_text) {
           auto parsed = Uscc::parse(*uscc_text);
           if (parsed.is_ok())
             uscc = *parsed;
           else
             for (const FieldError& e : parsed.status().details()) body.fail(e.field, e.reason);
           if (!parsed.is_ok() && parsed.status().details().empty())
             body.fail("uscc", parsed.status().message());
         }
         RX_RETURN_IF_ERROR(body.finish("repair"));
         RX_RETURN_IF_ERROR(check_ready(s));
         RX_RETURN_IF_ERROR(s.enterprises.get(*uscc).status());
         RX_ASSIGN_OR_RETURN(const catalog::Category* cat, stored_category(s, *category));
         RX_ASSIGN_OR_RETURN(Json payload, current_record(s, uscc->str(), *cat, *key));
         const Instant now = s.clock.now();
         RX_RETURN_IF_ERROR(objection::check_repair_allowed(*s.display_rules, *cat, payload, *kind,
                                                            objection::shanghai_date(now)));
         const bool repair = *kind == objection::RepairKind::kRepair;
         RX_ASSIGN_OR_RETURN(Suppression r,
                             objection::approve_suppression(
                                 *s.calendar, uscc->str(), cat->id, *key,
                                 repair ? objection::SuppressionReason::kRepaired
                                        : objection::SuppressionReason::kDecisionRevoked,
                                 std::nullopt, note.value_or(""), c.principal->key_id, now));
         RX_RETURN_IF_ERROR(s.db.write([&](store::Session& session) -> Status {
           RX_RETURN_IF_ERROR(objection::insert_suppression(session, r));
           RX_RETURN_IF_ERROR(record_changed(s, session,
                                             {r.uscc, r.category, r.record_key,
                                              repair ? "repaired" : "revoked", std::nullopt, now}));
           return notify_enterprise(
               s, session, r.uscc, repair ? "record_repaired" : "decision_revoked",
               repair ? "信用修复申请已通过" : "处罚决定已撤销，相关信息停止公示",
               "您的" + cat->name + "记录（" + r.record_key + "）已于 " + shanghai_day(now) +
                   (repair ? " 完成信用修复" : " 因决定被撤销") + "，自即日起不再在查询接口中展示" +
                   "（法定时限：" + shanghai_day(r.deadline_at) + "）。",
               "/api/v1/enterprises/" + r.uscc + "/repairs");
         }));
         return json_response(suppression_json(r), 201);
       }});

  router.add({"GET",
              "/api/v1/enterprises/{uscc}/repairs",
              {Role::kAdmin, Role::kEnterprise},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(Uscc uscc, Uscc::parse(c.path_param("uscc")));
                RX_RETURN_IF_ERROR(check_own(*c.principal, uscc.str(), "read repairs of"));
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                RX_RETURN_IF_ERROR(s.enterprises.get(uscc).status());
                std::vector<Suppression> rows;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(rows, objection::list_suppressions(session, uscc.str()));
                  return Status::ok();
                }));
                Json items = Json::array();
                for (const Suppression& r : rows) items.push_back(suppression_json(r));
                return json_response({{"uscc", uscc.str()}, {"items", items}});
              }});
}

}  // namespace rx::api
