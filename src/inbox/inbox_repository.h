// The inbox (站内信): notifications for an enterprise (by USCC) or an institution (by its id).
// notify() takes the caller's Session so that a notification commits with the change it
// announces, or not at all.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "core/time.h"
#include "store/database.h"

namespace rx::inbox {

enum class RecipientKind { kEnterprise, kInstitution };
std::string_view to_string(RecipientKind k);  // "enterprise", "institution"

struct Recipient {
  RecipientKind kind = RecipientKind::kEnterprise;
  std::string id;  // the USCC, or the institution id
};

struct NewMessage {
  Recipient recipient;
  std::string kind;   // machine-readable, e.g. "objection_forwarded"
  std::string title;  // Chinese, for people
  std::string body;
  std::string link;  // an API path or portal path about the subject; may be empty
};

struct Message {
  std::string id;  // UUIDv7
  Recipient recipient;
  std::string kind, title, body, link;
  Instant created_at;
  std::optional<Instant> read_at;
};

// Stores `m` for its recipient in the caller's transaction, created now, unread; and, when the
// recipient registered a webhook, queues its delivery (push/inbox_delivery.h sends it).
Result<Message> notify(store::Session& s, const Clock& clock, Random& random, const NewMessage& m);

struct InboxQuery {
  Recipient recipient;
  bool unread_only = false;
  std::optional<int64_t> after = std::nullopt;  // cursor from a previous page
  int limit = 50;
};

struct InboxPage {
  std::vector<Message> items;  // newest first
  std::optional<int64_t> next;
  int64_t unread = 0;  // unread messages of the recipient in all
};

Result<InboxPage> list_messages(store::Session& s, const InboxQuery& q);

// Marks the recipient's message read (the first reading's time stays). kNotFound when there is
// no such message for this recipient: other recipients' messages do not exist for them.
Result<Message> mark_read(store::Session& s, const Recipient& recipient, std::string_view id,
                          Instant now);

// A recipient's webhook: every new message is POSTed to `url`, signed with `secret`
// (X-Rongxin-Signature, as data pushes are; docs/push.md).
struct Webhook {
  Recipient recipient;
  std::string url;
  std::string secret;  // "whsec_..."; shown once when set
  Instant created_at;
};
// Sets (or replaces) the recipient's webhook. The caller checks the URL's policy.
Status set_webhook(store::Session& s, const Webhook& w);
Result<std::optional<Webhook>> find_webhook(store::Session& s, const Recipient& r);
// kNotFound when there is none.
Status remove_webhook(store::Session& s, const Recipient& r);

struct Delivery {
  std::string message_id;
  std::string url;
  int attempts = 0;
  Instant next_at;
  std::optional<Instant> delivered_at, dead_at;
  std::optional<int> last_status;
  std::optional<std::string> last_error;
};
// The recipient's latest deliveries, newest first.
Result<std::vector<Delivery>> recent_deliveries(store::Session& s, const Recipient& r, int limit);

}  // namespace rx::inbox
