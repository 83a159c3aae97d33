// Loan-lifecycle arithmetic of the financing market: the repayment schedule of a loan. Pure:
// no I/O, no clock, no SQL. Money is integer fen throughout; every function is
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

}  // namespace rx::market
