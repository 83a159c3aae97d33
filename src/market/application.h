// Financing applications and the one state machine they follow (full-process tracking,
// 全流程跟踪). Pure: which moves exist, who may make them, and what each needs.
//
//   submitted -> accepted -> under_review <-> info_requested
//   submitted | accepted | under_review | info_requested -> declined (with a reason)
//   under_review -> approved -> contract_signed -> disbursed -> repaying -> settled
//   repaying <-> overdue -> defaulted;  overdue -> settled
//   submitted | accepted | under_review | info_requested -> withdrawn (the enterprise)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace rx::market {

enum class AppState {
  kSubmitted,
  kAccepted,
  kUnderReview,
  kInfoRequested,
  kApproved,
  kDeclined,
  kContractSigned,
  kDisbursed,
  kRepaying,
  kSettled,
  kOverdue,
  kDefaulted,
  kWithdrawn,
};
std::string_view to_string(AppState s);
std::optional<AppState> parse_app_state(std::string_view text);
std::string_view label(AppState s);  // Chinese
std::vector<AppState> all_app_states();

// Who moves an application: the applicant, the lender, or the platform itself (the daily loan
// assessment moves repaying <-> overdue and to settled).
enum class Mover { kEnterprise, kInstitution, kSystem };
std::string_view to_string(Mover m);

// Whether `who` may move an application from `from` to `to`.
bool may_move(AppState from, AppState to, Mover who);
// The states `who` may move to from `from` (for the portals' buttons).
std::vector<AppState> next_states(AppState from, Mover who);

// Before a decision: still owed an outcome within the SLA, and still withdrawable.
bool awaiting_decision(AppState s);
// Decided and not a loan in progress: a new application to the same product is allowed.
bool is_closed(AppState s);

// The terms an institution approves; required with the move to approved.
struct Offer {
  int64_t amount = 0;  // fen
  int term_months = 0;
  int annual_rate_bp = 0;
  std::string method;  // a RepaymentMethod code
};

struct Transition {
  int seq = 0;  // 1 for the submission
  AppState from = AppState::kSubmitted, to = AppState::kSubmitted;
  std::string actor_role, actor_key;
  Instant at;
  std::string note;
};

struct Application {
  std::string id;  // UUIDv7
  std::string uscc, product_id, institution_id;
  std::optional<std::string> demand_id;
  std::string authorization_id;              // scoped to this institution, purpose and application
  std::optional<std::string> referred_from;  // the declined application it was referred from
  int64_t amount = 0;                        // fen, asked
  int term_months = 0;
  std::string purpose;                   // what the money is for (the demand's words)
  std::vector<std::string> policy_tags;  // copied from the product when applied
  AppState state = AppState::kSubmitted;
  Instant submitted_at, sla_due_at, updated_at;
  std::optional<Instant> decided_at;
  std::optional<std::string> decline_reason;
  std::optional<Offer> offer;
  bool referral_consent = false;  // the enterprise agreed to be referred after a decline
  std::vector<Transition> timeline;
};

}  // namespace rx::market
