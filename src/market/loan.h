// Loan-lifecycle arithmetic of the financing market: the repayment schedule of a loan and its
// standing (arrears, delinquency bucket, next due instalment) on a day. Pure: no I/O, no clock
// (the day is passed in), no SQL. Money is integer fen throughout; every function is
// deterministic and thread-safe.
//
// Rounding, once for every method:
//  - The monthly rate is annual_rate_bp / 120000 (annual / 12), kept as that exact fraction.
//  - Each instalment's interest is round-half-up(outstanding principal * monthly rate) to the
//    fen, computed in integers (outstanding * bp <= 10^14 * 3600 < 2^63 for valid terms).
//  - The principals add up to the loan's principal exactly: the last instalment takes whatever
//    is still outstanding, so it absorbs all rounding.
//  - Equal instalment (等额本息): the payment is the annuity formula
//    P * r / (1 - (1 + r)^-n), evaluated in long double (via log1p/expm1, so that small rates
//    do not cancel) and rounded half up to the fen. Each instalment but the last pays that
//    amount: its interest as above and the rest as principal, never more than is outstanding
//    (a loan of a few fen may end with zero instalments). The long double payment is within
//    10^-3 fen of the exact one, so only a payment that lies that close to half a fen could
//    round differently on another platform. At rate 0 the method degenerates to equal
//    principal.
//  - Equal principal (等额本金): each instalment but the last repays floor(P / n); the last
//    repays the remaining P - (n - 1) * floor(P / n) (up to n - 1 fen more).
//  - Interest only (先息后本): interest every month, the whole principal with the last one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/status.h"
#include "core/time.h"

namespace rx::market {

enum class RepaymentMethod {
  kEqualInstalment,  // 等额本息: equal total payments (annuity)
  kEqualPrincipal,   // 等额本金: equal principal, interest on the falling balance
  kInterestOnly,     // 先息后本: interest monthly, bullet principal at the end
};

std::string_view to_string(RepaymentMethod m);  // equal_instalment, equal_principal, interest_only
std::optional<RepaymentMethod> parse_repayment_method(std::string_view text);
std::string_view repayment_method_label(RepaymentMethod m);  // 等额本息, 等额本金, 先息后本

// The limits validate() enforces.
inline constexpr int64_t kMaxPrincipalFen = 100'000'000'000'000;  // 10^14 fen = 10^12 yuan
inline constexpr int32_t kMaxAnnualRateBp = 3600;                 // 36% p.a.
inline constexpr int kMaxTermMonths = 360;

struct LoanTerms {
  Money principal;
  int32_t annual_rate_bp = 0;  // basis points of the annual rate: 385 = 3.85%
  int term_months = 0;
  RepaymentMethod method = RepaymentMethod::kEqualInstalment;
  // Instalment k (1-based) falls due k - 1 months after this, on the same day of the month,
  // clamped to the month's end: a loan first due on Jan 31 is then due Feb 28 (29 in leap
  // years), Mar 31, Apr 30, ...
  Date first_due_date;
};

// Every bad field at once (kInvalidArgument, one FieldError each): principal must be
// 1..kMaxPrincipalFen fen, annual_rate_bp 0..kMaxAnnualRateBp, term_months 1..kMaxTermMonths,
// method one of the enumerators.
Status validate(const LoanTerms& terms);

struct Instalment {
  int number = 0;  // 1-based
  Date due_date;
  Money principal, interest, total;  // total = principal + interest
  bool operator==(const Instalment&) const = default;
};

// The full schedule, term_months instalments in due order, by the rounding rules at the top of
// this file; validate()'s error when the terms are not valid.
Result<std::vector<Instalment>> schedule(const LoanTerms& terms);

// The due date of instalment `number` (1-based) of a loan first due on `first_due_date`.
// REQUIRES: number >= 1.
Date due_date(Date first_due_date, int number);

struct Repayment {
  Date paid_on;
  Money amount;
};

struct LoanStanding {
  Money outstanding_principal;  // principal not yet repaid
  Money overdue_amount;         // unpaid principal + interest of instalments past due
  int overdue_days = 0;  // days since the oldest instalment not fully paid fell due; 0 if none
  std::string bucket;    // delinquency_bucket(overdue_days)
  // The first instalment not fully paid that falls due on or after as_of (an upcoming due date;
  // arrears are in overdue_amount). 0 and nullopt when there is none: the loan is settled, or
  // every unpaid instalment is already overdue.
  int next_due_number = 0;
  std::optional<Date> next_due_date;
  bool settled = false;  // every instalment is fully paid
};

// The standing of a loan with `schedule` on day `as_of`, counting only the repayments made on or
// before as_of (any order; amounts <= 0 are ignored). Repayments are applied in date order to
// the instalments oldest first, interest before principal within an instalment. There is no
// penalty interest, so the allocation depends only on the sum paid. An instalment is overdue
// on as_of when its due date is before as_of and it is not fully paid: one due today is not
// overdue yet. Paying more than the whole schedule settles the loan; the excess is ignored here
// (validate_repayment refuses it at entry, refunds are the caller's business).
// REQUIRES: schedule in due order, as schedule() returns it.
LoanStanding standing(const std::vector<Instalment>& schedule,
                      const std::vector<Repayment>& repayments, Date as_of);

// "current" (0 days or fewer), "1-30", "31-60", "61-90", "90+" (91 days and more).
std::string_view delinquency_bucket(int overdue_days);

// What is still due on the whole schedule after every repayment (whatever its date): the sum
// of the instalments' totals less the sum of the positive repayments, never below zero.
Money remaining_due(const std::vector<Instalment>& schedule,
                    const std::vector<Repayment>& repayments);

// A repayment about to be recorded: kInvalidArgument with a FieldError on "amount" when the
// amount is not positive or exceeds `remaining_total_due` (e.g. from remaining_due()).
Status validate_repayment(const Repayment& repayment, Money remaining_total_due);

}  // namespace rx::market
