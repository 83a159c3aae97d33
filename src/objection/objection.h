// Objections (异议) to a record, with the legal clocks of 上海市社会信用条例 Art. 36: the record is
// marked "under dispute" at once (deadline: 1 working day after submission); the platform
// decides itself within 5 working days of submission, or forwards to the source department
// within 2 working days, which then decides within 5 working days of forwarding.
//
//   under_dispute --forward--> forwarded --decide--> decided
//   under_dispute --decide--------------------------> decided
//
// Pure: no SQL, no HTTP. Every transition appends an Event; a transition the state does not
// allow is kFailedPrecondition (HTTP 409) and changes nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "objection/calendar.h"

namespace rx::objection {

enum class State { kUnderDispute, kForwarded, kDecided };
enum class Outcome { kCorrected, kConfirmed, kRemoved };

std::string_view to_string(State s);
std::string_view to_string(Outcome o);
std::optional<State> parse_state(std::string_view text);
std::optional<Outcome> parse_outcome(std::string_view text);

// Who did something: the API key and its role ("admin", "enterprise", ...).
struct Actor {
  std::string key_id;
  std::string role;
};

struct Event {
  int seq = 0;  // 1, 2, ... within the objection
  Instant at;
  std::string actor_key_id;
  std::string actor_role;
  std::string action;  // submitted, marked_disputed, forwarded, decided
  std::string note;
};

struct Deadlines {
  Instant mark_by;     // marked under dispute (Art. 36: 1 working day); met at submission
  Instant forward_by;  // forwarded to the source department (2 working days)
  Instant decide_by;   // decided by the platform itself (5 working days)
  std::optional<Instant> department_decide_by;  // 5 working days after forwarding
};

// The deadline in force: what must happen by when.
struct Due {
  Instant at;
  std::string action;  // "forward_or_decide", "decide", "department_decide"
};

struct NewObjection {
  std::string uscc, category, record_key, reason;
  std::optional<std::string> evidence;
};

inline constexpr size_t kMinReasonChars = 10, kMaxReasonChars = 2000, kMaxEvidenceChars = 10000,
                        kMaxNoteChars = 2000, kMaxDepartmentChars = 100;

// Every problem with the enterprise's text (reason 10-2000 characters, evidence at most 10000).
std::vector<FieldError> validate(const NewObjection& o);

struct Objection {
  std::string id;  // UUIDv7
  std::string uscc, category, record_key, reason;
  std::optional<std::string> evidence;
  State state = State::kUnderDispute;
  std::optional<Outcome> outcome;
  std::optional<std::string> outcome_note;
  Instant submitted_at, marked_at;
  std::optional<Instant> forwarded_at;
  std::optional<std::string> department;
  std::optional<Instant> decided_at;
  Deadlines deadlines;
  std::string created_by;  // the enterprise key's id
  std::vector<Event> events;

  // The deadline in force at `now`; nullopt once decided. Under dispute it is the forwarding
  // deadline while that can still be met, then the platform's own decision deadline; once
  // forwarded, the department's.
  std::optional<Due> deadline(Instant now) const;
  // Whether the deadline in force has passed.
  bool overdue(Instant now) const;
};

// A new objection, marked under dispute at `now` (so marked_at = submitted_at = now), with its
// deadlines from `calendar`. REQUIRES: validate(input) is empty. kFailedPrecondition when the
// calendar does not cover the deadlines.
Result<Objection> submit(const Calendar& calendar, const NewObjection& input, std::string id,
                         const Actor& by, Instant now);

// under_dispute -> forwarded, setting the department's deadline.
Status forward(Objection& o, const Calendar& calendar, std::string department, std::string note,
               const Actor& by, Instant now);

// under_dispute or forwarded -> decided. A `corrected` outcome needs a note describing the
// corrected value (kInvalidArgument otherwise).
Status decide(Objection& o, Outcome outcome, std::string note, const Actor& by, Instant now);

}  // namespace rx::objection
