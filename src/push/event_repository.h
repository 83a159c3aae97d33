// Push events (push_events): what an institution is told about an enterprise it subscribed to
// (data_changed, evaluation_changed) or holds data of (record_correction). Every event is in the
// institution's feed; events of a webhook subscription are also delivered by the dispatcher.
//
// Delivery states: feed (no webhook), pending (waiting for its next attempt), delivered, dead
// (every attempt failed: the dead-letter list) and withheld (the authorization ended before the
// event was sent, or the subscription was deleted; never sent).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "core/time.h"
#include "store/database.h"

namespace rx::push {

inline constexpr std::string_view kDataChanged = "data_changed";
inline constexpr std::string_view kEvaluationChanged = "evaluation_changed";
inline constexpr std::string_view kRecordCorrection = "record_correction";

struct Event {
  int64_t seq = 0;  // the feed's cursor; set when stored
  std::string id;   // UUIDv7
  std::optional<std::string> subscription_id;
  std::optional<std::string> authorization_id;  // absent for record_correction
  std::string institution_id, uscc;
  std::string kind;
  nlohmann::json payload;
  Instant created_at;
  bool requires_ack = false;
  std::optional<Instant> acked_at;
  std::string delivery;  // feed, pending, delivered, dead, withheld
  int64_t attempts = 0;
  std::optional<Instant> next_attempt_at;
  std::string last_error;
  std::optional<Instant> delivered_at;
};

// The event as the institution sees it (feed items and webhook bodies): id, seq, kind, uscc,
// payload, created_at, requires_ack, acked_at.
nlohmann::json event_json(const Event& e);
// event_json plus the delivery fields (dead-letter list).
nlohmann::json delivery_json(const Event& e);

// Stores the event and sets e.seq. Inside the caller's transaction.
Status insert_event(store::Session& s, Event& e);

// Up to `limit` events, by seq.
Result<std::vector<Event>> select_events(store::Session& s, const std::string& where,
                                         const std::vector<store::Value>& params, int limit);

struct FeedPage {
  std::vector<Event> items;
  int64_t next_after = 0;  // pass as `after` for the next page
};

// The institution's events with seq > after, oldest first. Events whose authorization has ended
// (revoked, paused, expired) are left out, except record_correction events, which concern data
// the institution already holds; next_after moves past them all the same.
Result<FeedPage> feed(store::Database& db, const std::string& institution_id, int64_t after,
                      int limit, Instant now);

// Sets acked_at once (idempotent: a second ack returns the event unchanged). kNotFound when the
// event is unknown or another institution's.
Result<Event> acknowledge(store::Database& db, const std::string& event_id,
                          const std::string& institution_id, Instant now);

// Dead events, newest first; all institutions' when institution_id is absent.
Result<std::vector<Event>> dead_letters(store::Database& db,
                                        const std::optional<std::string>& institution_id,
                                        int limit);

// Puts a dead event back in the queue (attempts reset, due now). kNotFound when unknown or
// another institution's (institution_id absent: the operator, any); kFailedPrecondition when the
// event is not dead.
Result<Event> retry_dead(store::Database& db, const std::string& event_id,
                         const std::optional<std::string>& institution_id, Instant now);

// record_correction events, newest first; only those not acknowledged yet when asked.
Result<std::vector<Event>> corrections(store::Database& db, bool unacknowledged_only, int limit);

}  // namespace rx::push
