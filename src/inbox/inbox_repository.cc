#include "inbox/inbox_repository.h"

#include "core/id.h"

namespace rx::inbox {
namespace {

using store::Row;
using store::Rows;
using store::Value;

constexpr std::string_view kColumns =
    "id, recipient_kind, recipient_id, kind, title, body, link, created_at, read_at, seq";

Message message_of(const Row& r) {
  return Message{.id = r.text(0),
                 .recipient = {r.text(1) == "institution" ? RecipientKind::kInstitution
                                                          : RecipientKind::kEnterprise,
                               r.text(2)},
                 .kind = r.text(3),
                 .title = r.text(4),
                 .body = r.text(5),
                 .link = r.text(6),
                 .created_at = instant_from_micros(r.integer(7)),
                 .read_at = r.is_null(8)
                                ? std::nullopt
                                : std::optional<Instant>(instant_from_micros(r.integer(8)))};
}

}  // namespace

std::string_view to_string(RecipientKind k) {
  return k == RecipientKind::kInstitution ? "institution" : "enterprise";
}

Result<Message> notify(store::Session& s, const Clock& clock, Random& random, const NewMessage& m) {
  Message out{.id = new_uuid_v7(clock, random),
              .recipient = m.recipient,
              .kind = m.kind,
              .title = m.title,
              .body = m.body,
              .link = m.link,
              .created_at = clock.now(),
              .read_at = std::nullopt};
  RX_RETURN_IF_ERROR(
      s.execute("INSERT INTO inbox_messages (id, recipient_kind, recipient_id, kind, title, body, "
                "link, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {Value(out.id), Value(std::string(to_string(out.recipient.kind))),
                 Value(out.recipient.id), Value(out.kind), Value(out.title), Value(out.body),
                 Value(out.link), Value(micros(out.created_at))})
          .status());
  RX_RETURN_IF_ERROR(
      s.execute("INSERT INTO inbox_deliveries (message_id, recipient_kind, recipient_id, url, "
                "attempts, next_at) SELECT ?, recipient_kind, recipient_id, url, 0, ? FROM "
                "inbox_webhooks WHERE recipient_kind = ? AND recipient_id = ?",
                {Value(out.id), Value(micros(out.created_at)),
                 Value(std::string(to_string(out.recipient.kind))), Value(out.recipient.id)})
          .status());
  return out;
}

Result<InboxPage> list_messages(store::Session& s, const InboxQuery& q) {
  const Value kind{std::string(to_string(q.recipient.kind))}, id{q.recipient.id};
  std::string sql = "SELECT " + std::string(kColumns) +
                    " FROM inbox_messages WHERE recipient_kind = ? AND recipient_id = ?";
  std::vector<Value> params{kind, id};
  if (q.unread_only) sql += " AND read_at IS NULL";
  if (q.after) {
    sql += " AND seq < ?";
    params.emplace_back(*q.after);
  }
  sql += " ORDER BY seq DESC LIMIT ?";
  params.emplace_back(int64_t{q.limit} + 1);
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
  InboxPage page;
  for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(q.limit); ++i)
    page.items.push_back(message_of(rows[i]));
  if (rows.size() > static_cast<size_t>(q.limit))
    page.next = rows[static_cast<size_t>(q.limit) - 1].integer(9);
  RX_ASSIGN_OR_RETURN(Rows unread, s.query("SELECT count(*) FROM inbox_messages WHERE "
                                           "recipient_kind = ? AND recipient_id = ? AND read_at "
                                           "IS NULL",
                                           {kind, id}));
  page.unread = unread.at(0).integer(0);
  return page;
}

Result<Message> mark_read(store::Session& s, const Recipient& recipient, std::string_view id,
                          Instant now) {
  const Value kind{std::string(to_string(recipient.kind))}, who{recipient.id},
      message{std::string(id)};
  RX_RETURN_IF_ERROR(s.execute("UPDATE inbox_messages SET read_at = ? WHERE id = ? AND "
                               "recipient_kind = ? AND recipient_id = ? AND read_at IS NULL",
                               {Value(micros(now)), message, kind, who})
                         .status());
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT " + std::string(kColumns) +
                                             " FROM inbox_messages WHERE id = ? AND "
                                             "recipient_kind = ? AND recipient_id = ?",
                                         {message, kind, who}));
  if (rows.empty()) return not_found("no message " + std::string(id) + " in this inbox");
  return message_of(rows[0]);
}

Status set_webhook(store::Session& s, const Webhook& w) {
  const Value kind{std::string(to_string(w.recipient.kind))}, id{w.recipient.id};
  RX_RETURN_IF_ERROR(s.execute("DELETE FROM inbox_webhooks WHERE recipient_kind = ? AND "
                               "recipient_id = ?",
                               {kind, id})
                         .status());
  return s
      .execute(
          "INSERT INTO inbox_webhooks (recipient_kind, recipient_id, url, secret, "
          "created_at) VALUES (?, ?, ?, ?, ?)",
          {kind, id, Value(w.url), Value(w.secret), Value(micros(w.created_at))})
      .status();
}

Result<std::optional<Webhook>> find_webhook(store::Session& s, const Recipient& r) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT url, secret, created_at FROM inbox_webhooks "
                                         "WHERE recipient_kind = ? AND recipient_id = ?",
                                         {Value(std::string(to_string(r.kind))), Value(r.id)}));
  if (rows.empty()) return std::optional<Webhook>();
  return std::optional<Webhook>(
      Webhook{r, rows[0].text(0), rows[0].text(1), instant_from_micros(rows[0].integer(2))});
}

Status remove_webhook(store::Session& s, const Recipient& r) {
  RX_ASSIGN_OR_RETURN(int64_t n, s.execute("DELETE FROM inbox_webhooks WHERE recipient_kind = ? "
                                           "AND recipient_id = ?",
                                           {Value(std::string(to_string(r.kind))), Value(r.id)}));
  if (n == 0) return not_found("no webhook is registered");
  return Status::ok();
}

Result<std::vector<Delivery>> recent_deliveries(store::Session& s, const Recipient& r, int limit) {
  RX_ASSIGN_OR_RETURN(
      Rows rows,
      s.query("SELECT message_id, url, attempts, next_at, delivered_at, dead_at, last_status, "
              "last_error FROM inbox_deliveries WHERE recipient_kind = ? AND recipient_id = ? "
              "ORDER BY next_at DESC LIMIT ?",
              {Value(std::string(to_string(r.kind))), Value(r.id), Value(int64_t{limit})}));
  std::vector<Delivery> out;
  auto instant = [](const Row& row, size_t i) {
    return row.is_null(i) ? std::nullopt
                          : std::optional<Instant>(instant_from_micros(row.integer(i)));
  };
  for (const Row& row : rows)
    out.push_back(
        {row.text(0), row.text(1), static_cast<int>(row.integer(2)),
         instant_from_micros(row.integer(3)), instant(row, 4), instant(row, 5),
         row.is_null(6) ? std::nullopt : std::optional<int>(static_cast<int>(row.integer(6))),
         row.is_null(7) ? std::nullopt : std::optional<std::string>(row.text(7))});
  return out;
}

}  // namespace rx::inbox
