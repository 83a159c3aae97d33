#include "push/inbox_delivery.h"

#include <nlohmann/json.hpp>

#include "push/signing.h"

namespace rx::push {
namespace {

using store::Row;
using store::Rows;
using store::Value;

struct Due {
  std::string message_id, url, secret, body;
  int attempts = 0;
};

}  // namespace

Result<DispatchStats> InboxDelivery::run_once() {
  const Instant now = clock_.now();
  std::vector<Due> due;
  RX_RETURN_IF_ERROR(db_.read([&](store::Session& s) -> Status {
    RX_ASSIGN_OR_RETURN(
        Rows rows,
        s.query("SELECT d.message_id, d.url, w.secret, d.attempts, m.recipient_kind, "
                "m.recipient_id, m.kind, m.title, m.body, m.link, m.created_at FROM "
                "inbox_deliveries d JOIN inbox_messages m ON m.id = d.message_id JOIN "
                "inbox_webhooks w ON w.recipient_kind = d.recipient_kind AND w.recipient_id = "
                "d.recipient_id WHERE d.delivered_at IS NULL AND d.dead_at IS NULL AND d.next_at "
                "<= ? ORDER BY d.next_at LIMIT ?",
                {Value(micros(now)), Value(int64_t{options_.batch})}));
    for (const Row& r : rows) {
      const nlohmann::json body = {
          {"type", "inbox.message"},
          {"id", r.text(0)},
          {"recipient", {{"kind", r.text(4)}, {"id", r.text(5)}}},
          {"kind", r.text(6)},
          {"title", r.text(7)},
          {"body", r.text(8)},
          {"link", r.text(9)},
          {"created_at", format_instant(instant_from_micros(r.integer(10)))}};
      due.push_back({r.text(0), r.text(1), r.text(2), body.dump(), static_cast<int>(r.integer(3))});
    }
    return Status::ok();
  }));
  DispatchStats stats;
  for (const Due& d : due) {
    const int64_t timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const Headers headers = {
        {"Content-Type", "application/json"},
        {"X-Rongxin-Event", d.message_id},
        {"X-Rongxin-Timestamp", std::to_string(timestamp)},
        {"X-Rongxin-Signature", signature_header(d.secret, timestamp, d.body)}};
    const Result<int> answer = post_(d.url, headers, d.body, options_.timeout);
    const bool ok = answer.is_ok() && *answer >= 200 && *answer < 300;
    const int attempts = d.attempts + 1;
    const bool dead = !ok && attempts >= options_.retry.max_attempts;
    const Instant after = clock_.now();
    const Value status = answer.is_ok() ? Value(int64_t{*answer}) : Value();
    const Value error = answer.is_ok() ? (ok ? Value() : Value("HTTP " + std::to_string(*answer)))
                                       : Value(answer.status().message());
    RX_RETURN_IF_ERROR(db_.write([&](store::Session& s) {
      if (ok)
        return s
            .execute(
                "UPDATE inbox_deliveries SET attempts = ?, delivered_at = ?, last_status = "
                "?, last_error = NULL WHERE message_id = ?",
                {Value(int64_t{attempts}), Value(micros(after)), status, Value(d.message_id)})
            .status();
      const Instant next = after + retry_delay(options_.retry, attempts);
      return s
          .execute(
              "UPDATE inbox_deliveries SET attempts = ?, next_at = ?, dead_at = ?, "
              "last_status = ?, last_error = ? WHERE message_id = ?",
              {Value(int64_t{attempts}), Value(micros(next)), dead ? Value(micros(after)) : Value(),
               status, error, Value(d.message_id)})
          .status();
    }));
    ++(ok ? stats.delivered : dead ? stats.dead : stats.failed);
  }
  return stats;
}

}  // namespace rx::push
