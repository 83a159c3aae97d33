#include "objection/objection.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace rx::objection {
namespace {

using testing::d;
using testing::shanghai;
using testing::shipped_calendar;

const Actor kEnterprise{"key-ent", "enterprise"};
const Actor kAdmin{"key-admin", "admin"};

NewObjection input() {
  return {.uscc = "91310115MA1K3YJ662",
          .category = "admin_penalty",
          .record_key = "decision_number=沪市监罚〔2025〕1号",
          .reason = "该处罚决定已被复议机关撤销，请核实。",
          .evidence = "复议决定书 沪府复字〔2025〕9号"};
}

Objection submitted_on_friday_before_national_day() {
  // Friday 2025-09-26 10:00 in Shanghai: Sunday 9-28 is a working day, 10-01..10-08 are not.
  auto o = submit(shipped_calendar(), input(), "obj-1", kEnterprise, shanghai("2025-09-26", 10));
  EXPECT_TRUE(o.is_ok()) << o.status().to_string();
  return std::move(o).value();
}

TEST(ObjectionTest, ValidatesReasonAndEvidenceLength) {
  EXPECT_TRUE(validate(input()).empty());
  NewObjection bad = input();
  bad.reason = "太短了";
  bad.evidence = std::string(10001, 'x');
  auto errors = validate(bad);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "reason");
  EXPECT_EQ(errors[1].field, "evidence");
  bad.reason = std::string(10, 'a');
  bad.evidence.reset();
  EXPECT_TRUE(validate(bad).empty());
  bad.reason = "\xff\xfe invalid utf-8 text";
  EXPECT_EQ(validate(bad).size(), 1u);
}

TEST(ObjectionTest, SubmissionMarksUnderDisputeAtOnceWithLegalDeadlines) {
  const Objection o = submitted_on_friday_before_national_day();
  EXPECT_EQ(o.state, State::kUnderDispute);
  EXPECT_EQ(o.marked_at, o.submitted_at);
  EXPECT_EQ(o.deadlines.mark_by, shipped_calendar().end_of_working_day(d("2025-09-28")));
  EXPECT_EQ(o.deadlines.forward_by, shipped_calendar().end_of_working_day(d("2025-09-29")));
  EXPECT_EQ(o.deadlines.decide_by, shipped_calendar().end_of_working_day(d("2025-10-10")));
  EXPECT_FALSE(o.deadlines.department_decide_by);
  ASSERT_EQ(o.events.size(), 2u);
  EXPECT_EQ(o.events[0].action, "submitted");
  EXPECT_EQ(o.events[1].action, "marked_disputed");
  EXPECT_EQ(o.events[1].seq, 2);
  EXPECT_EQ(o.events[0].actor_role, "enterprise");
  EXPECT_EQ(o.created_by, "key-ent");
}

TEST(ObjectionTest, DeadlineInForceAndOverdue) {
  const Objection o = submitted_on_friday_before_national_day();
  auto due = o.deadline(shanghai("2025-09-29", 12));
  ASSERT_TRUE(due);
  EXPECT_EQ(due->action, "forward_or_decide");
  EXPECT_EQ(due->at, o.deadlines.forward_by);
  // Past the forwarding deadline the platform may still decide itself: not overdue.
  due = o.deadline(shanghai("2025-10-09", 12));
  EXPECT_EQ(due->action, "decide");
  EXPECT_FALSE(o.overdue(shanghai("2025-10-10", 23, 59)));
  EXPECT_TRUE(o.overdue(shanghai("2025-10-11", 0, 0)));
}

TEST(ObjectionTest, ForwardThenDecide) {
  Objection o = submitted_on_friday_before_national_day();
  ASSERT_TRUE(forward(o, shipped_calendar(), "市市场监管局", "", kAdmin, shanghai("2025-09-29", 9))
                  .is_ok());
  EXPECT_EQ(o.state, State::kForwarded);
  EXPECT_EQ(o.department, "市市场监管局");
  // Five working days after Monday 9-29: 9-30, 10-09, 10-10, 10-11 (Saturday, 调休), 10-13.
  EXPECT_EQ(*o.deadlines.department_decide_by,
            shipped_calendar().end_of_working_day(d("2025-10-13")));
  EXPECT_EQ(o.deadline(shanghai("2025-10-01", 0))->action, "department_decide");
  EXPECT_TRUE(o.overdue(shanghai("2025-10-14", 0)));
  EXPECT_EQ(o.events.back().action, "forwarded");
  EXPECT_EQ(o.events.back().note, "转 市市场监管局");

  // A second forwarding is not allowed.
  EXPECT_EQ(forward(o, shipped_calendar(), "x", "", kAdmin, shanghai("2025-09-29", 10)).code(),
            StatusCode::kFailedPrecondition);

  Actor provider{"key-dp", "data_provider"};
  ASSERT_TRUE(
      decide(o, Outcome::kRemoved, "处罚决定已撤销", provider, shanghai("2025-10-09", 15)).is_ok());
  EXPECT_EQ(o.state, State::kDecided);
  EXPECT_EQ(o.outcome, Outcome::kRemoved);
  EXPECT_EQ(o.outcome_note, "处罚决定已撤销");
  EXPECT_FALSE(o.deadline(shanghai("2025-12-01", 0)));
  EXPECT_FALSE(o.overdue(shanghai("2025-12-01", 0)));
  EXPECT_EQ(o.events.size(), 4u);
  EXPECT_EQ(o.events.back().note, "removed: 处罚决定已撤销");
  EXPECT_EQ(o.events.back().actor_role, "data_provider");

  // Decided is final.
  const size_t events = o.events.size();
  EXPECT_EQ(decide(o, Outcome::kConfirmed, "", kAdmin, shanghai("2025-10-10", 9)).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(forward(o, shipped_calendar(), "x", "", kAdmin, shanghai("2025-10-10", 9)).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(o.events.size(), events);
  EXPECT_EQ(o.outcome, Outcome::kRemoved);
}

TEST(ObjectionTest, PlatformDecidesDirectly) {
  Objection o = submitted_on_friday_before_national_day();
  EXPECT_EQ(decide(o, Outcome::kCorrected, "", kAdmin, shanghai("2025-09-29", 9)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(o.state, State::kUnderDispute);
  ASSERT_TRUE(decide(o, Outcome::kConfirmed, "", kAdmin, shanghai("2025-09-29", 9)).is_ok());
  EXPECT_EQ(o.outcome, Outcome::kConfirmed);
  EXPECT_FALSE(o.outcome_note);
}

TEST(ObjectionTest, NamesRoundTrip) {
  for (State s : {State::kUnderDispute, State::kForwarded, State::kDecided})
    EXPECT_EQ(parse_state(to_string(s)), s);
  for (Outcome x : {Outcome::kCorrected, Outcome::kConfirmed, Outcome::kRemoved})
    EXPECT_EQ(parse_outcome(to_string(x)), x);
  EXPECT_FALSE(parse_state("open"));
  EXPECT_FALSE(parse_outcome("deleted"));
}

TEST(ObjectionTest, SubmissionBeyondTheCalendarFails) {
  auto o = submit(shipped_calendar(), input(), "obj-2", kEnterprise, shanghai("2027-12-30", 10));
  EXPECT_EQ(o.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace rx::objection
