#include "market/loan.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>

namespace rx::market {
namespace {

struct MethodInfo {
  RepaymentMethod method;
  std::string_view code, zh;
};

constexpr std::array<MethodInfo, 3> kMethods = {{
    {RepaymentMethod::kEqualInstalment, "equal_instalment", "等额本息"},
    {RepaymentMethod::kEqualPrincipal, "equal_principal", "等额本金"},
    {RepaymentMethod::kInterestOnly, "interest_only", "先息后本"},
}};

const MethodInfo* find(RepaymentMethod m) {
  for (const MethodInfo& i : kMethods)
    if (i.method == m) return &i;
  return nullptr;
}

// The monthly rate is bp / 120000: 10000 bp per unit, 12 months a year.
constexpr int64_t kMonthlyRateDenominator = 120000;

// round-half-up(outstanding * bp / 120000) in fen. REQUIRES: outstanding >= 0, and
// outstanding * bp fits in int64 (true for validated terms).
int64_t monthly_interest(int64_t outstanding, int32_t bp) {
  return (outstanding * bp + kMonthlyRateDenominator / 2) / kMonthlyRateDenominator;
}

// The annuity payment P * r / (1 - (1 + r)^-n) rounded half up to the fen. REQUIRES: bp > 0.
// 1 - (1 + r)^-n is -expm1(-n * log1p(r)): forming 1 + r first would lose the low bits of a
// small r, and subtracting from 1 afterwards would cancel them.
int64_t annuity_payment(int64_t principal, int32_t bp, int n) {
  const long double monthly_interest_fen =
      static_cast<long double>(principal * bp) / static_cast<long double>(kMonthlyRateDenominator);
  const long double r =
      static_cast<long double>(bp) / static_cast<long double>(kMonthlyRateDenominator);
  const long double one_minus_discount = -std::expm1(-static_cast<long double>(n) * std::log1p(r));
  return static_cast<int64_t>(std::floor(monthly_interest_fen / one_minus_discount + 0.5L));
}

unsigned last_day_of(int y, unsigned m) {
  const std::chrono::year_month_day_last last{std::chrono::year{y},
                                              std::chrono::month_day_last{std::chrono::month{m}}};
  return static_cast<unsigned>(last.day());
}

// Sum of the positive amounts paid on or before `until`, saturating instead of overflowing.
int64_t paid_until(const std::vector<Repayment>& repayments, std::optional<Date> until) {
  int64_t sum = 0;
  for (const Repayment& r : repayments) {
    if (r.amount.fen() <= 0 || (until && r.paid_on > *until)) continue;
    sum = r.amount.fen() > std::numeric_limits<int64_t>::max() - sum
              ? std::numeric_limits<int64_t>::max()
              : sum + r.amount.fen();
  }
  return sum;
}

}  // namespace

std::string_view to_string(RepaymentMethod m) {
  const MethodInfo* i = find(m);
  return i ? i->code : "unknown";
}

std::optional<RepaymentMethod> parse_repayment_method(std::string_view text) {
  for (const MethodInfo& i : kMethods)
    if (i.code == text) return i.method;
  return std::nullopt;
}

std::string_view repayment_method_label(RepaymentMethod m) {
  const MethodInfo* i = find(m);
  return i ? i->zh : "未知";
}

Status validate(const LoanTerms& t) {
  std::vector<FieldError> errors;
  if (t.principal.fen() <= 0 || t.principal.fen() > kMaxPrincipalFen)
    errors.push_back({"principal", "must be more than 0 and at most " +
                                       Money::from_fen(kMaxPrincipalFen).to_yuan_string() +
                                       " yuan"});
  if (t.annual_rate_bp < 0 || t.annual_rate_bp > kMaxAnnualRateBp)
    errors.push_back({"annual_rate_bp", "must be between 0 and " +
                                            std::to_string(kMaxAnnualRateBp) +
                                            " basis points (0% to 36% a year)"});
  if (t.term_months < 1 || t.term_months > kMaxTermMonths)
    errors.push_back(
        {"term_months", "must be between 1 and " + std::to_string(kMaxTermMonths) + " months"});
  if (!find(t.method))
    errors.push_back({"method", "must be equal_instalment, equal_principal or interest_only"});
  if (!errors.empty()) return invalid_argument("the loan terms are not valid", std::move(errors));
  return Status::ok();
}

Date due_date(Date first_due_date, int number) {
  const int months = static_cast<int>(first_due_date.month()) - 1 + (number - 1);
  const int year = first_due_date.year() + months / 12;
  const auto month = static_cast<unsigned>(months % 12 + 1);
  const unsigned day = std::min(first_due_date.day(), last_day_of(year, month));
  return *Date::from_ymd(year, month, day);
}

Result<std::vector<Instalment>> schedule(const LoanTerms& terms) {
  RX_RETURN_IF_ERROR(validate(terms));
  const int n = terms.term_months;
  const int32_t bp = terms.annual_rate_bp;
  const int64_t principal = terms.principal.fen();
  RepaymentMethod method = terms.method;
  if (method == RepaymentMethod::kEqualInstalment && bp == 0)
    method = RepaymentMethod::kEqualPrincipal;
  const int64_t payment =
      method == RepaymentMethod::kEqualInstalment ? annuity_payment(principal, bp, n) : 0;

  std::vector<Instalment> out;
  out.reserve(static_cast<size_t>(n));
  int64_t outstanding = principal;
  for (int k = 1; k <= n; ++k) {
    const int64_t interest = monthly_interest(outstanding, bp);
    int64_t repaid = 0;
    if (k == n) {
      repaid = outstanding;
    } else if (method == RepaymentMethod::kEqualInstalment) {
      // payment >= round(P * r) >= interest while outstanding <= P: the lower clamp never bites.
      // The upper one stops a loan of a few fen, whose payment is rounded up to a whole fen,
      // from repaying more than is outstanding.
      repaid = std::clamp<int64_t>(payment - interest, 0, outstanding);
    } else if (method == RepaymentMethod::kEqualPrincipal) {
      repaid = principal / n;
    }
    outstanding -= repaid;
    out.push_back({k, due_date(terms.first_due_date, k), Money::from_fen(repaid),
                   Money::from_fen(interest), Money::from_fen(repaid + interest)});
  }
  return out;
}

std::string_view delinquency_bucket(int overdue_days) {
  if (overdue_days <= 0) return "current";
  if (overdue_days <= 30) return "1-30";
  if (overdue_days <= 60) return "31-60";
  if (overdue_days <= 90) return "61-90";
  return "90+";
}

LoanStanding standing(const std::vector<Instalment>& schedule,
                      const std::vector<Repayment>& repayments, Date as_of) {
  // Date order does not change the allocation (no penalty interest), so the repayments are
  // summed and poured over the instalments, oldest first, interest before principal.
  int64_t available = paid_until(repayments, as_of);
  LoanStanding s;
  int64_t outstanding = 0, overdue = 0;
  bool all_paid = true;
  for (const Instalment& i : schedule) {
    const int64_t to_interest = std::min(available, i.interest.fen());
    available -= to_interest;
    const int64_t to_principal = std::min(available, i.principal.fen());
    available -= to_principal;
    const int64_t unpaid = i.total.fen() - to_interest - to_principal;
    outstanding += i.principal.fen() - to_principal;
    if (unpaid <= 0) continue;
    all_paid = false;
    if (i.due_date < as_of) {
      overdue += unpaid;
      if (s.overdue_days == 0)
        s.overdue_days = as_of.days_since_epoch() - i.due_date.days_since_epoch();
    } else if (s.next_due_number == 0) {
      s.next_due_number = i.number;
      s.next_due_date = i.due_date;
    }
  }
  s.outstanding_principal = Money::from_fen(outstanding);
  s.overdue_amount = Money::from_fen(overdue);
  s.bucket = std::string(delinquency_bucket(s.overdue_days));
  s.settled = all_paid;
  return s;
}

Money remaining_due(const std::vector<Instalment>& schedule,
                    const std::vector<Repayment>& repayments) {
  int64_t total = 0;
  for (const Instalment& i : schedule) total += i.total.fen();
  // total >= 0 and the sum paid <= INT64_MAX, so the difference cannot overflow.
  return Money::from_fen(std::max<int64_t>(0, total - paid_until(repayments, std::nullopt)));
}

Status validate_repayment(const Repayment& repayment, Money remaining_total_due) {
  const int64_t amount = repayment.amount.fen();
  if (amount <= 0)
    return invalid_argument("the repayment is not valid", {{"amount", "must be more than 0"}});
  if (remaining_total_due.fen() <= 0)
    return invalid_argument("the repayment is not valid",
                            {{"amount", "nothing is due: the loan is settled"}});
  if (amount > remaining_total_due.fen())
    return invalid_argument(
        "the repayment is not valid",
        {{"amount", "exceeds the " + remaining_total_due.to_yuan_string() + " yuan still due"}});
  return Status::ok();
}

}  // namespace rx::market
