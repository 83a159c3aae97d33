// Data push (数据推送) over HTTP: an institution's subscriptions, its feed of events, acks,
// dead letters; the operator's view of who has not acknowledged a correction. See docs/push.md.
#include "api/json_input.h"
#include "api/routes.h"
#include "push/event_repository.h"
#include "push/subscription_repository.h"

namespace rx::api {
namespace {

using auth::Role;

Json subscription_json(const push::Subscription& s) {
  return {{"id", s.id},
          {"institution_id", s.institution_id},
          {"uscc", s.uscc},
          {"authorization_id", s.authorization_id},
          {"delivery", s.webhook_url ? "webhook" : "feed"},
          {"webhook_url", s.webhook_url ? Json(*s.webhook_url) : Json(nullptr)},
          {"created_at", format_instant(s.created_at)}};
}

Json correction_json(const push::Event& e) {
  return {{"event_id", e.id},
          {"institution_id", e.institution_id},
          {"uscc", e.uscc},
          {"category", e.payload.value("category", "")},
          {"record_key", e.payload.value("record_key", "")},
          {"change", e.payload.value("change", "")},
          {"objection_id", e.payload.value("objection_id", Json(nullptr))},
          {"created_at", format_instant(e.created_at)},
          {"delivery", e.delivery},
          {"acked_at", e.acked_at ? Json(format_instant(*e.acked_at)) : Json(nullptr)}};
}

// The caller's institution, or nullopt for the operator (who sees every institution's).
std::optional<std::string> scope_of(const RequestContext& c) {
  if (c.principal->role == Role::kInstitution) return c.principal->institution_id;
  return std::nullopt;
}

}  // namespace

void add_push_routes(Router& router, Services& s) {
  router.add({"POST",
              "/api/v1/subscriptions",
              {Role::kInstitution},
              true,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                BodyReader r(c.body);
                push::NewSubscription n;
                n.institution_id = c.principal->institution_id.value_or("");
                n.uscc = r.string("uscc").value_or("");
                n.authorization_id = r.string("authorization_id").value_or("");
                if (const Json* url = r.value("webhook_url"); url && !url->is_null()) {
                  if (url->is_string())
                    n.webhook_url = url->get<std::string>();
                  else
                    r.fail("webhook_url", "must be a string or null");
                }
                n.key_id = c.principal->key_id;
                RX_RETURN_IF_ERROR(r.finish("subscription"));
                RX_ASSIGN_OR_RETURN(auto created, s.subscriptions.create(n, s.production));
                return json_response({{"subscription", subscription_json(created.subscription)},
                                      {"secret", created.secret}},
                                     201);
              }});
  router.add({"GET",
              "/api/v1/subscriptions",
              {Role::kAdmin, Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto list, s.subscriptions.list(scope_of(c)));
                Json items = Json::array();
                for (const auto& sub : list) items.push_back(subscription_json(sub));
                return json_response({{"items", std::move(items)}});
              }});
  router.add({"DELETE",
              "/api/v1/subscriptions/{id}",
              {Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(s.subscriptions.remove(
                    c.path_param("id"), c.principal->institution_id.value_or("")));
                HttpResponse r;
                r.status = 204;
                r.content_type = "application/json";
                return r;
              }});
  router.add(
      {"GET",
       "/api/v1/push/feed",
       {Role::kInstitution},
       false,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         QueryReader q(c.query);
         const int64_t after = q.integer("after", 0, INT64_MAX).value_or(0);
         const int limit = static_cast<int>(q.integer("limit", 1, 500).value_or(100));
         RX_RETURN_IF_ERROR(q.finish());
         RX_ASSIGN_OR_RETURN(auto page, push::feed(s.db, c.principal->institution_id.value_or(""),
                                                   after, limit, s.clock.now()));
         Json items = Json::array();
         for (const auto& e : page.items) items.push_back(push::event_json(e));
         return json_response({{"items", std::move(items)}, {"next_after", page.next_after}});
       }});
  router.add({"POST",
              "/api/v1/push/events/{id}/ack",
              {Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(
                    auto e,
                    push::acknowledge(s.db, c.path_param("id"),
                                      c.principal->institution_id.value_or(""), s.clock.now()));
                return json_response(push::event_json(e));
              }});
  router.add({"GET",
              "/api/v1/push/dead-letters",
              {Role::kAdmin, Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                const int limit = static_cast<int>(q.integer("limit", 1, 500).value_or(100));
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto list, push::dead_letters(s.db, scope_of(c), limit));
                Json items = Json::array();
                for (const auto& e : list) items.push_back(push::delivery_json(e));
                return json_response({{"items", std::move(items)}});
              }});
  router.add({"POST",
              "/api/v1/push/dead-letters/{id}/retry",
              {Role::kAdmin, Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_ASSIGN_OR_RETURN(
                    auto e, push::retry_dead(s.db, c.path_param("id"), scope_of(c), s.clock.now()));
                return json_response(push::delivery_json(e));
              }});
  router.add({"GET",
              "/api/v1/push/corrections",
              {Role::kAdmin},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                bool unacknowledged = false;
                if (auto v = q.string("unacknowledged")) {
                  if (*v == "true" || *v == "false")
                    unacknowledged = *v == "true";
                  else
                    q.fail("unacknowledged", "must be true or false");
                }
                const int limit = static_cast<int>(q.integer("limit", 1, 500).value_or(100));
                RX_RETURN_IF_ERROR(q.finish());
                RX_ASSIGN_OR_RETURN(auto list, push::corrections(s.db, unacknowledged, limit));
                Json items = Json::array();
                for (const auto& e : list) items.push_back(correction_json(e));
                return json_response({{"items", std::move(items)}});
              }});
}

}  // namespace rx::api
