// Suspending an institution's API key (from an alert) and resuming it. A suspended key is
// refused by authentication (auth/api_keys.h) until resumed. Each change writes its ledger
// entry (key_suspend; admin_change with reason key_resumed) in the caller's transaction.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "ledger/entry.h"
#include "store/database.h"

namespace rx::monitor {

struct KeyChange {
  std::string key_id;
  std::string note;                           // why; shown to the key's holder when refused
  std::optional<std::string> alert_id;        // the alert it was suspended from
  std::optional<std::string> institution_id;  // when set, the key must belong to it
  ledger::Actor actor;                        // the operator
  std::string request_id;
};

// kNotFound for an unknown key; kFailedPrecondition when it is revoked, already suspended or
// not an institution's key; kInvalidArgument when it belongs to another institution.
Status suspend_key(store::Session& s, const KeyChange& change, const Clock& clock, Random& random);

// kNotFound for an unknown key; kFailedPrecondition when it is not suspended.
Status resume_key(store::Session& s, const KeyChange& change, const Clock& clock, Random& random);

}  // namespace rx::monitor
