// Objections with their timelines (objections, objection_events) and the records hidden from the
// query interface (record_suppressions). Every function runs inside the caller's transaction, so
// a state change, its events, its notification and its data-push hook commit together.
#pragma once

#include <compare>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "objection/objection.h"
#include "objection/repair.h"
#include "store/database.h"

namespace rx::objection {

// Inserts a new objection and its events. kAlreadyExists when the record already has an open
// (not decided) objection: a unique index guarantees it under concurrency.
Status insert_objection(store::Session& s, const Objection& o);

// Writes the objection's state columns and appends its events numbered after `stored_events`
// (the events it had when read).
Status update_objection(store::Session& s, const Objection& o, size_t stored_events);

// The objection with its events, or nullopt.
Result<std::optional<Objection>> find_objection(store::Session& s, std::string_view id);

// The open (not decided) objection on a record, if any (without events).
Result<std::optional<Objection>> open_objection(store::Session& s, std::string_view uscc,
                                                std::string_view category,
                                                std::string_view record_key);

struct ObjectionQuery {
  std::optional<std::string> uscc = std::nullopt;
  std::optional<State> state = std::nullopt;
  std::optional<Instant> overdue_at = std::nullopt;  // only those overdue at this instant
  std::optional<int64_t> after_seq = std::nullopt;   // cursor: older than this position
  int limit = 50;
};

struct ObjectionPage {
  std::vector<Objection> items;  // newest first, each with its events
  std::optional<int64_t> next;   // pass as after_seq for the next page
};

Result<ObjectionPage> list_objections(store::Session& s, const ObjectionQuery& q);

// kAlreadyExists when the record is already suppressed.
Status insert_suppression(store::Session& s, const Suppression& r);
Result<std::optional<Suppression>> find_suppression(store::Session& s, std::string_view uscc,
                                                    std::string_view category,
                                                    std::string_view record_key);
// Every suppressed record of the enterprise, newest approval first.
Result<std::vector<Suppression>> list_suppressions(store::Session& s, std::string_view uscc);

struct RecordRef {
  std::string category, record_key;
  auto operator<=>(const RecordRef&) const = default;
};

struct RecordFlags {
  std::set<RecordRef> hidden;    // suppressed: must not be shown by the query interface
  std::set<RecordRef> disputed;  // under an objection not yet decided: show marked "有异议"
};

// The enterprise's hidden and disputed records, for the query and report code.
Result<RecordFlags> record_flags(store::Session& s, std::string_view uscc);

}  // namespace rx::objection
