#include "objection/objection.h"

#include "core/text.h"

namespace rx::objection {
namespace {

constexpr std::string_view kStates[] = {"under_dispute", "forwarded", "decided"};
constexpr std::string_view kOutcomes[] = {"corrected", "confirmed", "removed"};

Result<Instant> working_days_after(const Calendar& calendar, Instant from, int n) {
  RX_ASSIGN_OR_RETURN(Date day, calendar.add_working_days(shanghai_date(from), n));
  return calendar.end_of_working_day(day);
}

void append(Objection& o, const Actor& by, Instant at, std::string action, std::string note) {
  o.events.push_back({static_cast<int>(o.events.size()) + 1, at, by.key_id, by.role,
                      std::move(action), std::move(note)});
}

}  // namespace

std::string_view to_string(State s) {
  return kStates[static_cast<int>(s)];
}

std::string_view to_string(Outcome o) {
  return kOutcomes[static_cast<int>(o)];
}

std::optional<State> parse_state(std::string_view text) {
  for (int i = 0; i < 3; ++i)
    if (text == kStates[i]) return static_cast<State>(i);
  return std::nullopt;
}

std::optional<Outcome> parse_outcome(std::string_view text) {
  for (int i = 0; i < 3; ++i)
    if (text == kOutcomes[i]) return static_cast<Outcome>(i);
  return std::nullopt;
}

std::vector<FieldError> validate(const NewObjection& o) {
  std::vector<FieldError> errors;
  const auto reason = utf8_length(o.reason);
  if (!reason || *reason < kMinReasonChars || *reason > kMaxReasonChars)
    errors.push_back({"reason", "must be " + std::to_string(kMinReasonChars) + " to " +
                                    std::to_string(kMaxReasonChars) + " characters"});
  if (o.evidence) {
    const auto evidence = utf8_length(*o.evidence);
    if (!evidence || *evidence > kMaxEvidenceChars)
      errors.push_back(
          {"evidence", "must be at most " + std::to_string(kMaxEvidenceChars) + " characters"});
  }
  return errors;
}

std::optional<Due> Objection::deadline(Instant now) const {
  switch (state) {
    case State::kUnderDispute:
      if (now <= deadlines.forward_by) return Due{deadlines.forward_by, "forward_or_decide"};
      return Due{deadlines.decide_by, "decide"};
    case State::kForwarded:
      if (deadlines.department_decide_by)
        return Due{*deadlines.department_decide_by, "department_decide"};
      return Due{deadlines.decide_by, "department_decide"};
    case State::kDecided:
      return std::nullopt;
  }
  return std::nullopt;
}

bool Objection::overdue(Instant now) const {
  const auto due = deadline(now);
  return due && now > due->at;
}

Result<Objection> submit(const Calendar& calendar, const NewObjection& input, std::string id,
                         const Actor& by, Instant now) {
  Objection o;
  o.id = std::move(id);
  o.uscc = input.uscc;
  o.category = input.category;
  o.record_key = input.record_key;
  o.reason = input.reason;
  o.evidence = input.evidence;
  o.state = State::kUnderDispute;
  o.submitted_at = now;
  o.marked_at = now;
  o.created_by = by.key_id;
  RX_ASSIGN_OR_RETURN(o.deadlines.mark_by, working_days_after(calendar, now, 1));
  RX_ASSIGN_OR_RETURN(o.deadlines.forward_by, working_days_after(calendar, now, 2));
  RX_ASSIGN_OR_RETURN(o.deadlines.decide_by, working_days_after(calendar, now, 5));
  append(o, by, now, "submitted", "");
  append(o, by, now, "marked_disputed", "");
  return o;
}

Status forward(Objection& o, const Calendar& calendar, std::string department, std::string note,
               const Actor& by, Instant now) {
  if (o.state != State::kUnderDispute)
    return failed_precondition("objection " + o.id + " is " + std::string(to_string(o.state)) +
                               "; only an objection under dispute can be forwarded");
  RX_ASSIGN_OR_RETURN(Instant due, working_days_after(calendar, now, 5));
  o.state = State::kForwarded;
  o.forwarded_at = now;
  o.department = department;
  o.deadlines.department_decide_by = due;
  append(o, by, now, "forwarded", note.empty() ? "转 " + department : std::move(note));
  return Status::ok();
}

Status decide(Objection& o, Outcome outcome, std::string note, const Actor& by, Instant now) {
  if (o.state == State::kDecided)
    return failed_precondition("objection " + o.id + " is already decided (" +
                               std::string(to_string(*o.outcome)) + ")");
  if (outcome == Outcome::kCorrected && note.empty())
    return invalid_argument("a corrected outcome needs a note describing the corrected value",
                            {{"note", "is required for outcome corrected: the corrected value"}});
  o.state = State::kDecided;
  o.outcome = outcome;
  o.outcome_note = note.empty() ? std::nullopt : std::optional<std::string>(note);
  o.decided_at = now;
  append(o, by, now, "decided",
         std::string(to_string(outcome)) + (note.empty() ? "" : ": " + note));
  return Status::ok();
}

}  // namespace rx::objection
