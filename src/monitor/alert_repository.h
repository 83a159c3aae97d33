// Alerts in the database (monitor_alerts, monitor_evidence): listed newest first, read with
// their evidence, updated after acknowledge() / resolve(). Each function runs in the caller's
// transaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "monitor/alert.h"
#include "store/database.h"

namespace rx::monitor {

struct AlertQuery {
  std::optional<AlertState> state;
  std::optional<std::string> rule;
  std::optional<std::string> institution_id;
  std::optional<int64_t> after_seq;  // cursor from a previous page
  int limit = 50;
};

struct AlertPage {
  std::vector<Alert> items;  // newest first, without evidence
  std::optional<int64_t> next;
};

Result<AlertPage> list_alerts(store::Session& s, const AlertQuery& q);

// The alert with its evidence; nullopt when there is none with this id.
Result<std::optional<Alert>> find_alert(store::Session& s, const std::string& id);

// Writes the operator's fields (state, acknowledgement, resolution, suspended key).
Status update_alert(store::Session& s, const Alert& a);

// How many alerts are in each state (states without alerts are absent).
Result<std::map<std::string, int64_t>> alert_counts(store::Session& s);

}  // namespace rx::monitor
