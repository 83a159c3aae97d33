// The inbox (站内信) of the caller: an enterprise key reads its enterprise's notifications, an
// institution key its institution's. Nobody reads another recipient's messages.
#include <limits>

#include "api/json_input.h"
#include "api/routes.h"
#include "inbox/inbox_repository.h"

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
}

}  // namespace rx::api
