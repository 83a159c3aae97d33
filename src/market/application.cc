#include "market/application.h"

#include <array>

namespace rx::market {
namespace {

constexpr std::array<std::string_view, 13> kCodes = {
    "submitted", "accepted",        "under_review", "info_requested", "approved",
    "declined",  "contract_signed", "disbursed",    "repaying",       "settled",
    "overdue",   "defaulted",       "withdrawn"};
constexpr std::array<std::string_view, 13> kLabels = {
    "已提交", "已受理", "审查中", "待补充材料", "已批准", "已拒绝", "已签约",
    "已放款", "还款中", "已结清", "逾期",       "已违约", "已撤回"};

struct Move {
  AppState from, to;
  Mover who;
};

using S = AppState;
using M = Mover;
constexpr std::array<Move, 21> kMoves = {{
    {S::kSubmitted, S::kAccepted, M::kInstitution},
    {S::kAccepted, S::kUnderReview, M::kInstitution},
    {S::kUnderReview, S::kInfoRequested, M::kInstitution},
    {S::kInfoRequested, S::kUnderReview, M::kEnterprise},  // information supplied
    {S::kUnderReview, S::kApproved, M::kInstitution},
    {S::kSubmitted, S::kDeclined, M::kInstitution},
    {S::kAccepted, S::kDeclined, M::kInstitution},
    {S::kUnderReview, S::kDeclined, M::kInstitution},
    {S::kInfoRequested, S::kDeclined, M::kInstitution},
    {S::kSubmitted, S::kWithdrawn, M::kEnterprise},
    {S::kAccepted, S::kWithdrawn, M::kEnterprise},
    {S::kUnderReview, S::kWithdrawn, M::kEnterprise},
    {S::kInfoRequested, S::kWithdrawn, M::kEnterprise},
    {S::kApproved, S::kContractSigned, M::kInstitution},
    {S::kContractSigned, S::kDisbursed, M::kInstitution},
    {S::kDisbursed, S::kRepaying, M::kSystem},
    {S::kRepaying, S::kSettled, M::kSystem},
    {S::kRepaying, S::kOverdue, M::kSystem},
    {S::kOverdue, S::kRepaying, M::kSystem},
    {S::kOverdue, S::kSettled, M::kSystem},
    {S::kOverdue, S::kDefaulted, M::kInstitution},
}};

}  // namespace

std::string_view to_string(AppState s) {
  return kCodes[static_cast<size_t>(s)];
}
std::string_view label(AppState s) {
  return kLabels[static_cast<size_t>(s)];
}

std::optional<AppState> parse_app_state(std::string_view text) {
  for (size_t i = 0; i < kCodes.size(); ++i)
    if (kCodes[i] == text) return static_cast<AppState>(i);
  return std::nullopt;
}

std::vector<AppState> all_app_states() {
  std::vector<AppState> out;
  for (size_t i = 0; i < kCodes.size(); ++i) out.push_back(static_cast<AppState>(i));
  return out;
}

std::string_view to_string(Mover m) {
  switch (m) {
    case Mover::kEnterprise:
      return "enterprise";
    case Mover::kInstitution:
      return "institution";
    case Mover::kSystem:
      return "system";
  }
  return "system";
}

bool may_move(AppState from, AppState to, Mover who) {
  for (const Move& m : kMoves)
    if (m.from == from && m.to == to && m.who == who) return true;
  return false;
}

std::vector<AppState> next_states(AppState from, Mover who) {
  std::vector<AppState> out;
  for (const Move& m : kMoves)
    if (m.from == from && m.who == who) out.push_back(m.to);
  return out;
}

bool awaiting_decision(AppState s) {
  return s == S::kSubmitted || s == S::kAccepted || s == S::kUnderReview || s == S::kInfoRequested;
}

bool is_closed(AppState s) {
  return s == S::kDeclined || s == S::kWithdrawn || s == S::kSettled || s == S::kDefaulted;
}

}  // namespace rx::market
