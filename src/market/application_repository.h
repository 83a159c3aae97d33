// Applications, their timelines and SLA reminders in the database, inside the caller's
// transaction. Reminders are rows with a due time, so a restart loses none.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "market/application.h"
#include "store/database.h"

namespace rx::market {

// kAlreadyExists when the enterprise has an open application for the product.
Status insert_application(store::Session& s, const Application& a);
// Stores the state (and what a decision sets) and appends the last transition of a.timeline.
Status save_transition(store::Session& s, const Application& a);
// With its timeline.
Result<std::optional<Application>> find_application(store::Session& s, const std::string& id);

struct ApplicationFilter {
  std::optional<std::string> uscc{}, institution_id{}, product_id{};
  std::optional<AppState> state{};
  bool overdue_sla_only = false;  // awaiting a decision past the SLA at `now`
  Instant now{};
  int limit = 100;
};
// Newest first, without timelines.
Result<std::vector<Application>> list_applications(store::Session& s, const ApplicationFilter& f);

enum class ReminderKind { kSlaNear, kSlaBreached };
std::string_view to_string(ReminderKind k);

struct Reminder {
  std::string application_id;
  ReminderKind kind = ReminderKind::kSlaNear;
  Instant due_at;
};
Status schedule_reminder(store::Session& s, const Reminder& r);
// Due and unsent, oldest first, at most `limit`.
Result<std::vector<Reminder>> due_reminders(store::Session& s, Instant now, int limit);
Status mark_reminder_sent(store::Session& s, const Reminder& r, Instant at);

}  // namespace rx::market
