#include "market/application.h"

#include <gtest/gtest.h>

namespace rx::market {
namespace {

using S = AppState;
using M = Mover;

TEST(ApplicationStates, CodesRoundTripAndHaveChineseLabels) {
  for (AppState s : all_app_states()) {
    EXPECT_EQ(parse_app_state(to_string(s)), s);
    EXPECT_FALSE(label(s).empty());
  }
  EXPECT_EQ(all_app_states().size(), 13u);
  EXPECT_FALSE(parse_app_state("approved "));
}

TEST(ApplicationStates, TheLenderDrivesTheReviewAndTheEnterpriseSuppliesInformation) {
  EXPECT_TRUE(may_move(S::kSubmitted, S::kAccepted, M::kInstitution));
  EXPECT_TRUE(may_move(S::kAccepted, S::kUnderReview, M::kInstitution));
  EXPECT_TRUE(may_move(S::kUnderReview, S::kInfoRequested, M::kInstitution));
  EXPECT_TRUE(may_move(S::kInfoRequested, S::kUnderReview, M::kEnterprise));
  EXPECT_FALSE(may_move(S::kInfoRequested, S::kUnderReview, M::kInstitution));
  EXPECT_TRUE(may_move(S::kUnderReview, S::kApproved, M::kInstitution));
  EXPECT_FALSE(may_move(S::kUnderReview, S::kApproved, M::kEnterprise));
  EXPECT_TRUE(may_move(S::kApproved, S::kContractSigned, M::kInstitution));
  EXPECT_TRUE(may_move(S::kContractSigned, S::kDisbursed, M::kInstitution));
}

TEST(ApplicationStates, StepsCannotBeSkipped) {
  EXPECT_FALSE(may_move(S::kSubmitted, S::kApproved, M::kInstitution));
  EXPECT_FALSE(may_move(S::kSubmitted, S::kUnderReview, M::kInstitution));
  EXPECT_FALSE(may_move(S::kApproved, S::kDisbursed, M::kInstitution));
  EXPECT_FALSE(may_move(S::kDeclined, S::kApproved, M::kInstitution));
}

TEST(ApplicationStates, WithdrawalOnlyBeforeADecisionAndOnlyByTheEnterprise) {
  for (AppState s : all_app_states()) {
    EXPECT_EQ(may_move(s, S::kWithdrawn, M::kEnterprise), awaiting_decision(s)) << to_string(s);
    EXPECT_FALSE(may_move(s, S::kWithdrawn, M::kInstitution));
  }
}

TEST(ApplicationStates, DeclineNeedsTheLenderBeforeADecision) {
  for (AppState s : all_app_states())
    EXPECT_EQ(may_move(s, S::kDeclined, M::kInstitution), awaiting_decision(s)) << to_string(s);
}

TEST(ApplicationStates, RepaymentStatesBelongToThePlatformExceptDefault) {
  EXPECT_TRUE(may_move(S::kDisbursed, S::kRepaying, M::kSystem));
  EXPECT_TRUE(may_move(S::kRepaying, S::kOverdue, M::kSystem));
  EXPECT_TRUE(may_move(S::kOverdue, S::kRepaying, M::kSystem));
  EXPECT_TRUE(may_move(S::kRepaying, S::kSettled, M::kSystem));
  EXPECT_TRUE(may_move(S::kOverdue, S::kSettled, M::kSystem));
  EXPECT_FALSE(may_move(S::kRepaying, S::kOverdue, M::kInstitution));
  EXPECT_TRUE(may_move(S::kOverdue, S::kDefaulted, M::kInstitution));
  EXPECT_FALSE(may_move(S::kRepaying, S::kDefaulted, M::kInstitution));
}

TEST(ApplicationStates, FinalStatesHaveNoWayOut) {
  for (AppState final_state : {S::kDeclined, S::kWithdrawn, S::kSettled, S::kDefaulted}) {
    EXPECT_TRUE(is_closed(final_state));
    for (Mover m : {M::kEnterprise, M::kInstitution, M::kSystem})
      EXPECT_TRUE(next_states(final_state, m).empty()) << to_string(final_state);
  }
  EXPECT_FALSE(is_closed(S::kApproved));
  EXPECT_FALSE(is_closed(S::kRepaying));
}

TEST(ApplicationStates, NextStatesListWhatMayMoveAllows) {
  EXPECT_EQ(next_states(S::kUnderReview, M::kInstitution),
            (std::vector<AppState>{S::kInfoRequested, S::kApproved, S::kDeclined}));
  EXPECT_EQ(next_states(S::kSubmitted, M::kEnterprise), (std::vector<AppState>{S::kWithdrawn}));
}

}  // namespace
}  // namespace rx::market
