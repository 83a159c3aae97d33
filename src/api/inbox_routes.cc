// The inbox (站内信) of the caller: an enterprise key reads its enterprise's notifications, an
// institution key its institution's. Nobody reads another recipient's messages.
#include <limits>

#include "api/json_input.h"
#include "api/routes.h"
#include "crypto/crypto.h"
#include "inbox/inbox_repository.h"
#include "push/url_policy.h"

namespace rx::api {
namespace {

using auth::Role;

inbox::Recipient recipient_of(const auth::Principal& p) {
  if (p.role == Role::kInstitution)
    return {inbox::RecipientKind::kInstitution, p.institution_id.value_or("")};
  return {inbox::RecipientKind::kEnterprise, p.uscc.value_or("")};
}

Json message_json(const inbox::Message& m) {
  return {{"id", m.id},
          {"kind", m.kind},
          {"title", m.title},
          {"body", m.body},
          {"link", m.link},
          {"created_at", format_instant(m.created_at)},
          {"read_at", m.read_at ? Json(format_instant(*m.read_at)) : Json(nullptr)}};
}

Json delivery_json(const inbox::Delivery& d) {
  auto instant = [](const std::optional<Instant>& t) {
    return t ? Json(format_instant(*t)) : Json(nullptr);
  };
  return {{"message_id", d.message_id},
          {"url", d.url},
          {"attempts", d.attempts},
          {"next_at", format_instant(d.next_at)},
          {"delivered_at", instant(d.delivered_at)},
          {"dead_at", instant(d.dead_at)},
          {"last_status", d.last_status ? Json(*d.last_status) : Json(nullptr)},
          {"last_error", d.last_error ? Json(*d.last_error) : Json(nullptr)}};
}

}  // namespace

void add_inbox_routes(Router& router, Services& s) {
  router.add({"GET",
              "/api/v1/inbox",
              {Role::kEnterprise, Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                QueryReader q(c.query);
                inbox::InboxQuery query;
                query.recipient = recipient_of(*c.principal);
                if (auto unread = q.string("unread")) {
                  if (*unread == "true")
                    query.unread_only = true;
                  else if (*unread != "false")
                    q.fail("unread", "must be true or false");
                }
                query.limit = static_cast<int>(q.integer("limit", 1, 200).value_or(50));
                query.after = q.integer("cursor", 1, std::numeric_limits<int64_t>::max());
                RX_RETURN_IF_ERROR(q.finish());
                inbox::InboxPage page;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(page, inbox::list_messages(session, query));
                  return Status::ok();
                }));
                Json items = Json::array();
                for (const inbox::Message& m : page.items) items.push_back(message_json(m));
                return json_response(
                    {{"items", items},
                     {"next_cursor", page.next ? Json(std::to_string(*page.next)) : Json(nullptr)},
                     {"unread", page.unread}});
              }});

  router.add({"POST",
              "/api/v1/inbox/{id}/read",
              {Role::kEnterprise, Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                inbox::Message message;
                const Instant now = s.clock.now();
                RX_RETURN_IF_ERROR(s.db.write([&](store::Session& session) -> Status {
                  RX_ASSIGN_OR_RETURN(message, inbox::mark_read(session, recipient_of(*c.principal),
                                                                c.path_param("id"), now));
                  return Status::ok();
                }));
                return json_response(message_json(message));
              }});

  // The caller's webhook: every new inbox message is also POSTed there, signed.
  router.add(
      {"PUT",
       "/api/v1/inbox/webhook",
       {Role::kEnterprise, Role::kInstitution},
       true,
       [&s](RequestContext& c) -> Result<HttpResponse> {
         BodyReader body(c.body);
         auto url = body.string("url");
         if (!url && c.body.is_object() && !c.body.contains("url")) body.fail("url", "is required");
         RX_RETURN_IF_ERROR(body.finish("webhook"));
         if (Status st = push::check_webhook_url(*url, s.production); !st.is_ok())
           return invalid_argument("invalid webhook", {{"url", st.message()}});
         uint8_t bytes[32];
         s.random.fill(bytes);
         const inbox::Webhook w{recipient_of(*c.principal), *url,
                                "whsec_" + crypto::base64url(bytes), s.clock.now()};
         RX_RETURN_IF_ERROR(
             s.db.write([&](store::Session& session) { return inbox::set_webhook(session, w); }));
         return json_response(
             {{"url", w.url}, {"secret", w.secret}, {"created_at", format_instant(w.created_at)}},
             201);
       }});

  router.add({"GET",
              "/api/v1/inbox/webhook",
              {Role::kEnterprise, Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(QueryReader(c.query).finish());
                std::optional<inbox::Webhook> w;
                std::vector<inbox::Delivery> deliveries;
                RX_RETURN_IF_ERROR(s.db.read([&](store::Session& session) -> Status {
                  const inbox::Recipient r = recipient_of(*c.principal);
                  RX_ASSIGN_OR_RETURN(w, inbox::find_webhook(session, r));
                  RX_ASSIGN_OR_RETURN(deliveries, inbox::recent_deliveries(session, r, 20));
                  return Status::ok();
                }));
                if (!w) return not_found("no webhook is registered");
                Json items = Json::array();
                for (const inbox::Delivery& d : deliveries) items.push_back(delivery_json(d));
                return json_response({{"url", w->url},
                                      {"created_at", format_instant(w->created_at)},
                                      {"deliveries", items}});
              }});

  router.add({"DELETE",
              "/api/v1/inbox/webhook",
              {Role::kEnterprise, Role::kInstitution},
              false,
              [&s](RequestContext& c) -> Result<HttpResponse> {
                RX_RETURN_IF_ERROR(s.db.write([&](store::Session& session) {
                  return inbox::remove_webhook(session, recipient_of(*c.principal));
                }));
                HttpResponse r;
                r.status = 204;
                return r;
              }});
}

}  // namespace rx::api
