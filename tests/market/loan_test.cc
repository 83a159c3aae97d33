#include "market/loan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace rx {
// Failures print money as yuan rather than as bytes.
inline void PrintTo(const Money& m, std::ostream* os) {
  *os << m.to_yuan_string() << " yuan";
}
}  // namespace rx

namespace rx::market {
namespace {

Date d(std::string_view text) {
  auto parsed = Date::parse(text);
  EXPECT_TRUE(parsed.is_ok()) << text;
  return parsed.is_ok() ? *parsed : Date();
}

Money fen(int64_t f) {
  return Money::from_fen(f);
}

Date plus_days(Date day, int n) {
  return Date::from_days(day.days_since_epoch() + n);
}

LoanTerms terms(int64_t principal_fen, int32_t bp, int months, RepaymentMethod method,
                std::string_view first_due = "2026-01-15") {
  return {fen(principal_fen), bp, months, method, d(first_due)};
}

std::vector<Instalment> must_schedule(const LoanTerms& t) {
  auto s = schedule(t);
  EXPECT_TRUE(s.is_ok()) << s.status().to_string();
  return s.is_ok() ? *s : std::vector<Instalment>{};
}

int64_t sum_principal(const std::vector<Instalment>& s) {
  int64_t sum = 0;
  for (const Instalment& i : s) sum += i.principal.fen();
  return sum;
}

int64_t sum_interest(const std::vector<Instalment>& s) {
  int64_t sum = 0;
  for (const Instalment& i : s) sum += i.interest.fen();
  return sum;
}

// The annuity payment in fen by the textbook formula P * r * (1 + r)^n / ((1 + r)^n - 1), in long
// double with std::pow: a different evaluation from the library's log1p/expm1 one.
long double textbook_annuity(int64_t principal_fen, int32_t bp, int n) {
  const long double r = static_cast<long double>(bp) / 10000.0L / 12.0L;
  const long double growth = std::pow(1.0L + r, static_cast<long double>(n));
  return static_cast<long double>(principal_fen) * r * growth / (growth - 1.0L);
}

// Half-up rounding of outstanding * bp / 120000 by quotient and remainder.
int64_t half_up_interest(int64_t outstanding, int32_t bp) {
  const int64_t num = outstanding * bp;
  return num / 120000 + (num % 120000 >= 60000 ? 1 : 0);
}

std::vector<FieldError> errors_of(const Status& s) {
  return s.details();
}

bool has_field(const Status& s, std::string_view field) {
  for (const FieldError& e : s.details())
    if (e.field == field) return true;
  return false;
}

// --- names -------------------------------------------------------------------------------------

TEST(RepaymentMethodTest, NamesParseAndChineseLabels) {
  EXPECT_EQ(to_string(RepaymentMethod::kEqualInstalment), "equal_instalment");
  EXPECT_EQ(to_string(RepaymentMethod::kEqualPrincipal), "equal_principal");
  EXPECT_EQ(to_string(RepaymentMethod::kInterestOnly), "interest_only");
  EXPECT_EQ(repayment_method_label(RepaymentMethod::kEqualInstalment), "等额本息");
  EXPECT_EQ(repayment_method_label(RepaymentMethod::kEqualPrincipal), "等额本金");
  EXPECT_EQ(repayment_method_label(RepaymentMethod::kInterestOnly), "先息后本");
  for (RepaymentMethod m : {RepaymentMethod::kEqualInstalment, RepaymentMethod::kEqualPrincipal,
                            RepaymentMethod::kInterestOnly})
    EXPECT_EQ(parse_repayment_method(to_string(m)), m);
  EXPECT_EQ(parse_repayment_method(""), std::nullopt);
  EXPECT_EQ(parse_repayment_method("Equal_Instalment"), std::nullopt);
  EXPECT_EQ(parse_repayment_method("等额本息"), std::nullopt);
  EXPECT_EQ(parse_repayment_method("equal_installment"), std::nullopt);
}

// --- validation --------------------------------------------------------------------------------

TEST(LoanTermsTest, AcceptsTheLimits) {
  for (int64_t p : {int64_t{1}, kMaxPrincipalFen})
    for (int32_t bp : {0, kMaxAnnualRateBp})
      for (int n : {1, kMaxTermMonths})
        EXPECT_TRUE(validate(terms(p, bp, n, RepaymentMethod::kEqualInstalment)).is_ok())
            << p << " " << bp << " " << n;
}

TEST(LoanTermsTest, RejectsEachBadFieldByName) {
  struct Case {
    LoanTerms t;
    std::string field;
  };
  const std::vector<Case> cases = {
      {terms(0, 385, 12, RepaymentMethod::kEqualInstalment), "principal"},
      {terms(-100, 385, 12, RepaymentMethod::kEqualInstalment), "principal"},
      {terms(kMaxPrincipalFen + 1, 385, 12, RepaymentMethod::kEqualInstalment), "principal"},
      {terms(100, -1, 12, RepaymentMethod::kEqualInstalment), "annual_rate_bp"},
      {terms(100, 3601, 12, RepaymentMethod::kEqualInstalment), "annual_rate_bp"},
      {terms(100, 385, 0, RepaymentMethod::kEqualInstalment), "term_months"},
      {terms(100, 385, -3, RepaymentMethod::kEqualInstalment), "term_months"},
      {terms(100, 385, 361, RepaymentMethod::kEqualInstalment), "term_months"},
      {terms(100, 385, 12, static_cast<RepaymentMethod>(7)), "method"},
  };
  for (const Case& c : cases) {
    const Status s = validate(c.t);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.field;
    ASSERT_EQ(s.details().size(), 1u) << s.to_string();
    EXPECT_EQ(s.details()[0].field, c.field) << s.to_string();
  }
}

TEST(LoanTermsTest, ReportsEveryBadFieldAtOnceAndScheduleRefusesThem) {
  const LoanTerms bad = terms(0, 5000, 400, static_cast<RepaymentMethod>(-1));
  const Status s = validate(bad);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.details().size(), 4u) << s.to_string();
  for (std::string_view f : {"principal", "annual_rate_bp", "term_months", "method"})
    EXPECT_TRUE(has_field(s, f)) << f;
  auto sched = schedule(bad);
  ASSERT_FALSE(sched.is_ok());
  EXPECT_EQ(errors_of(sched.status()), errors_of(s));
}

// --- schedules ---------------------------------------------------------------------------------

TEST(ScheduleTest, EqualInstalmentOneMillionYuanAt4Point9PercentOverTwelveMonths) {
  const auto t = terms(100'000'000, 490, 12, RepaymentMethod::kEqualInstalment);
  const auto s = must_schedule(t);
  ASSERT_EQ(s.size(), 12u);
  // The textbook formula gives 85,561.6623... yuan: the payment is 85,561.66 (not 85,598.15).
  const long double exact = textbook_annuity(100'000'000, 490, 12);
  EXPECT_NEAR(static_cast<double>(exact), 8'556'166.2334, 0.001);
  const int64_t payment = static_cast<int64_t>(std::floor(exact + 0.5L));
  EXPECT_EQ(payment, 8'556'166);
  for (size_t k = 0; k + 1 < s.size(); ++k) EXPECT_EQ(s[k].total, fen(payment)) << k + 1;
  // Month 1: interest on the full principal, 1e8 * 0.049 / 12 = 408,333.33 -> 408,333 fen.
  EXPECT_EQ(s[0].interest, fen(408'333));
  EXPECT_EQ(s[0].principal, fen(8'147'833));
  EXPECT_EQ(s[1].interest, fen(375'063));  // on 100,000,000 - 8,147,833
  // The last instalment takes the remaining principal: 4 fen more than the payment.
  EXPECT_EQ(s[11].principal, fen(8'521'374));
  EXPECT_EQ(s[11].interest, fen(34'796));
  EXPECT_EQ(s[11].total, fen(8'556'170));
  EXPECT_EQ(sum_principal(s), 100'000'000);
  EXPECT_EQ(sum_interest(s), 2'673'996);  // 26,739.96 yuan
}

TEST(ScheduleTest, EqualPrincipalOneMillionYuanAt4Point9Percent) {
  const auto s = must_schedule(terms(100'000'000, 490, 12, RepaymentMethod::kEqualPrincipal));
  ASSERT_EQ(s.size(), 12u);
  EXPECT_EQ(s[0].principal, fen(8'333'333));
  EXPECT_EQ(s[0].interest, fen(408'333));
  EXPECT_EQ(s[0].total, fen(8'741'666));
  EXPECT_EQ(s[1].interest, fen(374'306));  // 91,666,667 * 0.049 / 12 = 374,305.56
  for (size_t k = 0; k + 1 < s.size(); ++k) {
    EXPECT_EQ(s[k].principal, fen(8'333'333));
    if (k > 0) {
      EXPECT_LT(s[k].total, s[k - 1].total);  // the payment falls every month
    }
  }
  EXPECT_EQ(s[11].principal, fen(8'333'337));  // 10^8 - 11 * 8,333,333
  EXPECT_EQ(s[11].interest, fen(34'028));
  EXPECT_EQ(sum_principal(s), 100'000'000);
  // Interest on a linearly falling balance: P * r * (n + 1) / 2 = 2,654,166.67, within the
  // half fen of rounding each month.
  const double closed_form = 1e8 * 0.049 / 12 * 13 / 2;
  EXPECT_NEAR(static_cast<double>(sum_interest(s)), closed_form, 6.0);
  EXPECT_EQ(sum_interest(s), 2'654'167);
  // Equal principal costs less interest than equal instalment on the same terms.
  EXPECT_LT(
      sum_interest(s),
      sum_interest(must_schedule(terms(100'000'000, 490, 12, RepaymentMethod::kEqualInstalment))));
}

TEST(ScheduleTest, InterestOnlyPaysThePrincipalWithTheLastInstalment) {
  const auto s = must_schedule(terms(100'000'000, 490, 12, RepaymentMethod::kInterestOnly));
  ASSERT_EQ(s.size(), 12u);
  for (size_t k = 0; k + 1 < s.size(); ++k) {
    EXPECT_EQ(s[k].principal, fen(0));
    EXPECT_EQ(s[k].interest, fen(408'333));
    EXPECT_EQ(s[k].total, fen(408'333));
  }
  EXPECT_EQ(s[11].principal, fen(100'000'000));
  EXPECT_EQ(s[11].total, fen(100'408'333));
  EXPECT_EQ(sum_interest(s), 12 * 408'333);
}

TEST(ScheduleTest, ZeroRateEqualInstalmentIsAnEqualPrincipalSplit) {
  const auto ei = must_schedule(terms(100'000'000, 0, 7, RepaymentMethod::kEqualInstalment));
  const auto ep = must_schedule(terms(100'000'000, 0, 7, RepaymentMethod::kEqualPrincipal));
  EXPECT_EQ(ei, ep);
  ASSERT_EQ(ei.size(), 7u);
  for (size_t k = 0; k < 6; ++k) {
    EXPECT_EQ(ei[k].principal, fen(14'285'714));
    EXPECT_EQ(ei[k].interest, fen(0));
  }
  EXPECT_EQ(ei[6].principal, fen(14'285'716));
  EXPECT_EQ(sum_principal(ei), 100'000'000);
  const auto io = must_schedule(terms(100'000'000, 0, 7, RepaymentMethod::kInterestOnly));
  EXPECT_EQ(sum_interest(io), 0);
  EXPECT_EQ(io[6].total, fen(100'000'000));
}

TEST(ScheduleTest, AnnuityPaymentsAtTheExtremesMatchExactRationalArithmetic) {
  // Payments computed with exact fractions (Python's fractions.Fraction) and rounded half up.
  struct Case {
    int64_t principal;
    int32_t bp;
    int n;
    int64_t payment;
  };
  const std::vector<Case> cases = {
      {kMaxPrincipalFen, 3600, 360, 3'000'071'734'941},
      {kMaxPrincipalFen, 1, 360, 278'195'810'183},
      {kMaxPrincipalFen, 1, 2, 50'000'625'000'868},
      {kMaxPrincipalFen, 1, 1, 100'000'833'333'333},
      {kMaxPrincipalFen, 3600, 1, 103'000'000'000'000},
      {123'456'789, 385, 36, 3'636'704},
      {100'000'000, 490, 360, 530'727},
  };
  for (const Case& c : cases) {
    const auto s = must_schedule(terms(c.principal, c.bp, c.n, RepaymentMethod::kEqualInstalment));
    ASSERT_EQ(s.size(), static_cast<size_t>(c.n));
    // With n = 1 the one instalment is P + round(P * r) = round(P * (1 + r)): the payment too.
    EXPECT_EQ(s[0].total, fen(c.payment)) << c.principal << " " << c.bp << " " << c.n;
    EXPECT_EQ(sum_principal(s), c.principal);
  }
  // 3.85% over 3 months on 10,000 yuan: payment 3,354.75, the last one 3,354.73.
  const auto s = must_schedule(terms(1'000'000, 385, 3, RepaymentMethod::kEqualInstalment));
  EXPECT_EQ(s[0].total, fen(335'475));
  EXPECT_EQ(s[1].total, fen(335'475));
  EXPECT_EQ(s[2].total, fen(335'473));
  EXPECT_EQ(sum_interest(s), 6'423);
  // The largest loan at the highest rate and longest term: interest near 10^16 fen, no overflow.
  const auto big =
      must_schedule(terms(kMaxPrincipalFen, 3600, 360, RepaymentMethod::kInterestOnly));
  EXPECT_EQ(sum_interest(big), 360 * int64_t{3'000'000'000'000});
}

// The invariants of every schedule: numbering, half-up interest on the balance, principals
// that never overshoot and add up to the loan, and each method's shape.
void check_invariants(int64_t p, int32_t bp, int n, RepaymentMethod m) {
  SCOPED_TRACE(std::to_string(p) + " fen, " + std::to_string(bp) + " bp, " + std::to_string(n) +
               " months, " + std::string(to_string(m)));
  const auto s = must_schedule(terms(p, bp, n, m));
  ASSERT_EQ(s.size(), static_cast<size_t>(n));
  int64_t outstanding = p;
  for (const Instalment& i : s) {
    SCOPED_TRACE("#" + std::to_string(i.number));
    ASSERT_EQ(i.number, &i - s.data() + 1);
    ASSERT_EQ(i.interest.fen(), half_up_interest(outstanding, bp));
    ASSERT_GE(i.principal.fen(), 0);
    ASSERT_LE(i.principal.fen(), outstanding);
    ASSERT_EQ(i.total, i.principal + i.interest);
    const bool last = i.number == n;
    const bool equal_principal = m == RepaymentMethod::kEqualPrincipal ||
                                 (m == RepaymentMethod::kEqualInstalment && bp == 0);
    if (!last && equal_principal) {
      ASSERT_EQ(i.principal.fen(), p / n);
    }
    if (!last && m == RepaymentMethod::kInterestOnly) {
      ASSERT_EQ(i.principal.fen(), 0);
    }
    if (!last && m == RepaymentMethod::kEqualInstalment && bp > 0) {
      // Every instalment but the last pays the annuity rounded half up; only a loan of a few
      // fen, repaid early, pays less (p >= 1e8 is far from that).
      ASSERT_LE(i.total, s[0].total);
      if (p >= 100'000'000) {
        ASSERT_EQ(i.total, s[0].total);
      }
    }
    outstanding -= i.principal.fen();
  }
  ASSERT_EQ(outstanding, 0);
  ASSERT_EQ(sum_principal(s), p);
  if (m == RepaymentMethod::kEqualInstalment && bp > 0 && n > 1) {
    // The textbook formula loses ~1e-14 relative when (1 + r)^n - 1 is small; the exact
    // figures at the extremes are checked above.
    const long double exact = textbook_annuity(p, bp, n);
    ASSERT_LE(std::fabs(static_cast<long double>(s[0].total.fen()) - exact), 0.5L + 1e-14L * exact);
  }
}

TEST(ScheduleTest, RoundingIsExactForEveryMethodOverAGrid) {
  for (int64_t p : {int64_t{1}, int64_t{7}, int64_t{99}, int64_t{12'345}, int64_t{100'000'000},
                    int64_t{123'456'789}, int64_t{987'654'321'012}, kMaxPrincipalFen})
    for (int32_t bp : {0, 1, 385, 490, 1234, 3600})
      for (int n : {1, 2, 3, 12, 37, 360})
        for (RepaymentMethod m : {RepaymentMethod::kEqualInstalment,
                                  RepaymentMethod::kEqualPrincipal, RepaymentMethod::kInterestOnly})
          check_invariants(p, bp, n, m);
}

TEST(ScheduleTest, TinyLoansRepayWholeFenAndMayEndWithEmptyInstalments) {
  // 10 fen at 3.85% over 12 months: the payment rounds to 1 fen, interest to 0, so ten
  // instalments of 1 fen repay the loan and the last two are empty.
  const auto s = must_schedule(terms(10, 385, 12, RepaymentMethod::kEqualInstalment));
  ASSERT_EQ(s.size(), 12u);
  for (size_t k = 0; k < 10; ++k) EXPECT_EQ(s[k].total, fen(1)) << k;
  EXPECT_EQ(s[10].total, fen(0));
  EXPECT_EQ(s[11].total, fen(0));
  EXPECT_EQ(sum_principal(s), 10);
  // 1 fen at 36% over 30 years: the payment rounds to 0; the last instalment repays it.
  const auto one = must_schedule(terms(1, 3600, 360, RepaymentMethod::kEqualInstalment));
  EXPECT_EQ(one[0].total, fen(0));
  EXPECT_EQ(one[359].principal, fen(1));
  EXPECT_EQ(one[359].interest, fen(0));
}

// --- due dates ---------------------------------------------------------------------------------

TEST(DueDateTest, MonthEndClampsEachMonthFromTheOriginalDay) {
  const auto s =
      must_schedule(terms(1'200'000, 1200, 14, RepaymentMethod::kEqualPrincipal, "2024-01-31"));
  const std::vector<std::string> expected = {"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30",
                                             "2024-05-31", "2024-06-30", "2024-07-31", "2024-08-31",
                                             "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31",
                                             "2025-01-31", "2025-02-28"};
  ASSERT_EQ(s.size(), expected.size());
  for (size_t k = 0; k < s.size(); ++k) EXPECT_EQ(s[k].due_date.to_string(), expected[k]) << k;
  // Interest does not depend on the month's length: 1% of the balance every month.
  EXPECT_EQ(s[1].interest, fen(11'143));  // February: (1,200,000 - 85,714) * 1%
  EXPECT_EQ(s[2].interest, fen(10'286));
}

TEST(DueDateTest, LeapYearsYearEndsAndCenturies) {
  EXPECT_EQ(due_date(d("2023-01-31"), 2), d("2023-02-28"));
  EXPECT_EQ(due_date(d("2024-01-30"), 2), d("2024-02-29"));
  EXPECT_EQ(due_date(d("2024-01-29"), 2), d("2024-02-29"));
  EXPECT_EQ(due_date(d("2024-01-28"), 2), d("2024-02-28"));
  EXPECT_EQ(due_date(d("2024-02-29"), 1), d("2024-02-29"));
  EXPECT_EQ(due_date(d("2024-02-29"), 2), d("2024-03-29"));
  EXPECT_EQ(due_date(d("2024-02-29"), 13), d("2025-02-28"));
  EXPECT_EQ(due_date(d("2024-02-29"), 49), d("2028-02-29"));
  EXPECT_EQ(due_date(d("2024-11-30"), 4), d("2025-02-28"));
  EXPECT_EQ(due_date(d("2024-11-30"), 5), d("2025-03-30"));
  EXPECT_EQ(due_date(d("2025-12-15"), 2), d("2026-01-15"));
  EXPECT_EQ(due_date(d("2025-12-31"), 13), d("2026-12-31"));
  EXPECT_EQ(due_date(d("2099-12-31"), 3), d("2100-02-28"));  // 2100 is not a leap year
  EXPECT_EQ(due_date(d("1999-12-31"), 3), d("2000-02-29"));  // 2000 is
  EXPECT_EQ(due_date(d("2026-01-31"), 360), d("2055-12-31"));
  const auto s = must_schedule(terms(100, 0, 360, RepaymentMethod::kInterestOnly, "2026-01-31"));
  EXPECT_EQ(s.back().due_date, d("2055-12-31"));
}

// --- standing ----------------------------------------------------------------------------------

// 12,000 yuan at 12% a year (1% a month), equal principal over 12 months, first due
// 2026-01-15: instalment k repays 1,000.00 yuan plus 1% of the balance, so #1 is 1,120.00,
// #2 1,110.00, ... #12 1,010.00.
std::vector<Instalment> simple_loan() {
  return must_schedule(terms(1'200'000, 1200, 12, RepaymentMethod::kEqualPrincipal));
}

TEST(StandingTest, TheSimpleLoanHasRoundFigures) {
  const auto s = simple_loan();
  ASSERT_EQ(s.size(), 12u);
  EXPECT_EQ(s[0].total, fen(112'000));
  EXPECT_EQ(s[1].total, fen(111'000));
  EXPECT_EQ(s[11].total, fen(101'000));
  EXPECT_EQ(s[11].due_date, d("2026-12-15"));
  EXPECT_EQ(remaining_due(s, {}), fen(1'278'000));
}

TEST(StandingTest, CurrentBeforeAndOnTheFirstDueDate) {
  const auto s = simple_loan();
  for (std::string_view day : {"2025-12-20", "2026-01-15"}) {
    const LoanStanding st = standing(s, {}, d(day));
    EXPECT_EQ(st.outstanding_principal, fen(1'200'000)) << day;
    EXPECT_EQ(st.overdue_amount, fen(0)) << day;
    EXPECT_EQ(st.overdue_days, 0) << day;
    EXPECT_EQ(st.bucket, "current") << day;
    EXPECT_EQ(st.next_due_number, 1) << day;
    EXPECT_EQ(st.next_due_date, d("2026-01-15")) << day;
    EXPECT_FALSE(st.settled) << day;
  }
}

TEST(StandingTest, UnpaidTheDayAfterIsOneDayOverdue) {
  const LoanStanding st = standing(simple_loan(), {}, d("2026-01-16"));
  EXPECT_EQ(st.overdue_days, 1);
  EXPECT_EQ(st.bucket, "1-30");
  EXPECT_EQ(st.overdue_amount, fen(112'000));
  EXPECT_EQ(st.outstanding_principal, fen(1'200'000));
  EXPECT_EQ(st.next_due_number, 2);
  EXPECT_EQ(st.next_due_date, d("2026-02-15"));
}

TEST(StandingTest, PaidOnTimeIsCurrent) {
  const auto s = simple_loan();
  const std::vector<Repayment> paid = {{d("2026-01-15"), fen(112'000)}};
  const LoanStanding st = standing(s, paid, d("2026-01-16"));
  EXPECT_EQ(st.bucket, "current");
  EXPECT_EQ(st.overdue_days, 0);
  EXPECT_EQ(st.overdue_amount, fen(0));
  EXPECT_EQ(st.outstanding_principal, fen(1'100'000));
  EXPECT_EQ(st.next_due_number, 2);
  EXPECT_EQ(remaining_due(s, paid), fen(1'278'000 - 112'000));
}

TEST(StandingTest, PartialPaymentCoversInterestFirst) {
  const auto s = simple_loan();
  // 500.00 yuan: 120.00 interest, then 380.00 principal; 620.00 of #1 still unpaid.
  LoanStanding st = standing(s, {{d("2026-01-15"), fen(50'000)}}, d("2026-01-16"));
  EXPECT_EQ(st.outstanding_principal, fen(1'200'000 - 38'000));
  EXPECT_EQ(st.overdue_amount, fen(62'000));
  EXPECT_EQ(st.overdue_days, 1);
  EXPECT_EQ(st.bucket, "1-30");
  // 50.00 yuan does not even cover the interest: no principal repaid.
  st = standing(s, {{d("2026-01-15"), fen(5'000)}}, d("2026-01-16"));
  EXPECT_EQ(st.outstanding_principal, fen(1'200'000));
  EXPECT_EQ(st.overdue_amount, fen(107'000));
  // One fen short of the instalment is still overdue.
  st = standing(s, {{d("2026-01-15"), fen(111'999)}}, d("2026-01-16"));
  EXPECT_EQ(st.overdue_amount, fen(1));
  EXPECT_EQ(st.overdue_days, 1);
  EXPECT_EQ(st.outstanding_principal, fen(1'100'001));
}

TEST(StandingTest, OnlyRepaymentsUpToAsOfCountAndALatePaymentCures) {
  const auto s = simple_loan();
  const std::vector<Repayment> late = {{d("2026-01-20"), fen(112'000)}};
  LoanStanding st = standing(s, late, d("2026-01-19"));
  EXPECT_EQ(st.overdue_days, 4);
  EXPECT_EQ(st.overdue_amount, fen(112'000));
  EXPECT_EQ(st.outstanding_principal, fen(1'200'000));
  st = standing(s, late, d("2026-01-20"));  // paid that day: counts
  EXPECT_EQ(st.overdue_days, 0);
  EXPECT_EQ(st.bucket, "current");
  EXPECT_EQ(st.overdue_amount, fen(0));
  EXPECT_EQ(st.outstanding_principal, fen(1'100'000));
}

TEST(StandingTest, BucketBoundariesCountFromTheOldestUnpaidDueDate) {
  const auto s = simple_loan();
  const Date first = d("2026-01-15");
  struct Case {
    int days;
    std::string_view bucket;
  };
  for (const Case& c : {Case{1, "1-30"}, Case{30, "1-30"}, Case{31, "31-60"}, Case{60, "31-60"},
                        Case{61, "61-90"}, Case{90, "61-90"}, Case{91, "90+"}, Case{400, "90+"}}) {
    const LoanStanding st = standing(s, {}, plus_days(first, c.days));
    EXPECT_EQ(st.overdue_days, c.days);
    EXPECT_EQ(st.bucket, c.bucket) << c.days;
    EXPECT_EQ(st.outstanding_principal, fen(1'200'000));
  }
  // 31 days after Jan 15 is Feb 15, the day #2 falls due: only #1 is overdue.
  EXPECT_EQ(standing(s, {}, plus_days(first, 31)).overdue_amount, fen(112'000));
  EXPECT_EQ(standing(s, {}, plus_days(first, 31)).next_due_number, 2);
  // 32 days after: #2 too.
  EXPECT_EQ(standing(s, {}, plus_days(first, 32)).overdue_amount, fen(223'000));
  EXPECT_EQ(standing(s, {}, plus_days(first, 32)).next_due_number, 3);
  // 400 days after (2027-02-19): everything is overdue; nothing is upcoming.
  const LoanStanding all = standing(s, {}, plus_days(first, 400));
  EXPECT_EQ(all.overdue_amount, fen(1'278'000));
  EXPECT_EQ(all.next_due_number, 0);
  EXPECT_EQ(all.next_due_date, std::nullopt);
  EXPECT_FALSE(all.settled);
}

TEST(StandingTest, PayingTheOldestInstalmentMovesTheClockToTheNext) {
  const auto s = simple_loan();
  // #1 paid; #2 (Feb 15) and #3 (Mar 15) unpaid on Mar 20: 33 days since Feb 15.
  const LoanStanding st = standing(s, {{d("2026-01-15"), fen(112'000)}}, d("2026-03-20"));
  EXPECT_EQ(st.overdue_days, 33);
  EXPECT_EQ(st.bucket, "31-60");
  EXPECT_EQ(st.overdue_amount, fen(111'000 + 110'000));
  EXPECT_EQ(st.next_due_number, 4);
  EXPECT_EQ(st.next_due_date, d("2026-04-15"));
}

TEST(StandingTest, OverdueDaysCountFebruary29) {
  const auto leap =
      must_schedule(terms(1'200'000, 1200, 12, RepaymentMethod::kEqualPrincipal, "2024-02-15"));
  const auto plain =
      must_schedule(terms(1'200'000, 1200, 12, RepaymentMethod::kEqualPrincipal, "2023-02-15"));
  // Nothing paid; #1 fell due Feb 15. The same calendar day is a day further in a leap year.
  const LoanStanding a = standing(leap, {}, d("2024-03-16"));
  const LoanStanding b = standing(plain, {}, d("2023-03-16"));
  EXPECT_EQ(a.overdue_days, 30);
  EXPECT_EQ(a.bucket, "1-30");
  EXPECT_EQ(b.overdue_days, 29);
  EXPECT_EQ(standing(leap, {}, d("2024-03-17")).bucket, "31-60");
  EXPECT_EQ(standing(plain, {}, d("2023-03-17")).bucket, "1-30");
}

TEST(StandingTest, PrepaymentCoversLaterInstalmentsInOrder) {
  const auto s = simple_loan();
  // Three instalments paid in advance on Jan 10: current until #4 on Apr 15.
  const std::vector<Repayment> paid = {{d("2026-01-10"), fen(112'000 + 111'000 + 110'000)}};
  LoanStanding st = standing(s, paid, d("2026-03-31"));
  EXPECT_EQ(st.bucket, "current");
  EXPECT_EQ(st.outstanding_principal, fen(900'000));
  EXPECT_EQ(st.next_due_number, 4);
  EXPECT_EQ(st.next_due_date, d("2026-04-15"));
  st = standing(s, paid, d("2026-04-16"));
  EXPECT_EQ(st.overdue_days, 1);
  EXPECT_EQ(st.overdue_amount, fen(109'000));
}

TEST(StandingTest, RepaymentsInAnyOrderAndNonPositiveAmountsIgnored) {
  const auto s = simple_loan();
  const std::vector<Repayment> in_order = {{d("2026-01-15"), fen(112'000)},
                                           {d("2026-02-14"), fen(60'000)},
                                           {d("2026-02-20"), fen(51'000)}};
  const std::vector<Repayment> shuffled = {{d("2026-02-20"), fen(51'000)},
                                           {d("2026-01-15"), fen(112'000)},
                                           {d("2026-02-14"), fen(60'000)},
                                           {d("2026-02-01"), fen(0)},
                                           {d("2026-02-02"), fen(-500'000)}};
  for (std::string_view day : {"2026-02-16", "2026-02-20", "2026-06-01"}) {
    const LoanStanding a = standing(s, in_order, d(day));
    const LoanStanding b = standing(s, shuffled, d(day));
    EXPECT_EQ(a.outstanding_principal, b.outstanding_principal) << day;
    EXPECT_EQ(a.overdue_amount, b.overdue_amount) << day;
    EXPECT_EQ(a.overdue_days, b.overdue_days) << day;
    EXPECT_EQ(a.next_due_number, b.next_due_number) << day;
  }
  // Feb 16: 600.00 of #2 paid, 510.00 still overdue since Feb 15.
  const LoanStanding feb16 = standing(s, shuffled, d("2026-02-16"));
  EXPECT_EQ(feb16.overdue_amount, fen(51'000));
  EXPECT_EQ(feb16.overdue_days, 1);
  EXPECT_EQ(standing(s, shuffled, d("2026-02-20")).bucket, "current");
  EXPECT_EQ(remaining_due(s, shuffled), fen(1'278'000 - 223'000));
}

TEST(StandingTest, SettledWhenEverythingIsPaidEvenWithOverpayment) {
  const auto s = simple_loan();
  for (int64_t extra : {int64_t{0}, int64_t{1}, int64_t{5'000'000}}) {
    const std::vector<Repayment> paid = {{d("2026-01-15"), fen(112'000)},
                                         {d("2026-03-01"), fen(1'278'000 - 112'000 + extra)}};
    LoanStanding st = standing(s, paid, d("2026-03-02"));
    EXPECT_TRUE(st.settled) << extra;
    EXPECT_EQ(st.outstanding_principal, fen(0));
    EXPECT_EQ(st.overdue_amount, fen(0));
    EXPECT_EQ(st.overdue_days, 0);
    EXPECT_EQ(st.bucket, "current");
    EXPECT_EQ(st.next_due_number, 0);
    EXPECT_EQ(st.next_due_date, std::nullopt);
    EXPECT_EQ(remaining_due(s, paid), fen(0));
    // Long after maturity it stays settled.
    EXPECT_TRUE(standing(s, paid, d("2030-01-01")).settled);
    // The day before the last repayment it was not.
    st = standing(s, paid, d("2026-02-28"));
    EXPECT_FALSE(st.settled);
    EXPECT_EQ(st.overdue_days, 13);  // #2, due Feb 15
  }
  // Saturating sums: amounts near INT64_MAX do not overflow.
  const std::vector<Repayment> huge = {{d("2026-01-01"), fen(INT64_MAX)},
                                       {d("2026-01-02"), fen(INT64_MAX)}};
  EXPECT_TRUE(standing(s, huge, d("2026-01-03")).settled);
  EXPECT_EQ(remaining_due(s, huge), fen(0));
}

TEST(StandingTest, EmptyInstalmentsOfATinyLoanAreNeverOverdue) {
  const auto s = must_schedule(terms(10, 385, 12, RepaymentMethod::kEqualInstalment));
  const LoanStanding st = standing(s, {{d("2026-01-15"), fen(10)}}, d("2027-06-01"));
  EXPECT_TRUE(st.settled);
  EXPECT_EQ(st.bucket, "current");
  const LoanStanding unpaid = standing(s, {{d("2026-01-15"), fen(9)}}, d("2027-06-01"));
  EXPECT_FALSE(unpaid.settled);
  EXPECT_EQ(unpaid.overdue_amount, fen(1));
  EXPECT_EQ(unpaid.overdue_days,
            d("2027-06-01").days_since_epoch() - d("2026-10-15").days_since_epoch());  // #10
}

TEST(StandingTest, AnEmptyScheduleIsSettled) {
  const LoanStanding st = standing({}, {}, d("2026-01-01"));
  EXPECT_TRUE(st.settled);
  EXPECT_EQ(st.bucket, "current");
  EXPECT_EQ(st.outstanding_principal, fen(0));
}

TEST(DelinquencyBucketTest, Boundaries) {
  EXPECT_EQ(delinquency_bucket(-3), "current");
  EXPECT_EQ(delinquency_bucket(0), "current");
  EXPECT_EQ(delinquency_bucket(1), "1-30");
  EXPECT_EQ(delinquency_bucket(30), "1-30");
  EXPECT_EQ(delinquency_bucket(31), "31-60");
  EXPECT_EQ(delinquency_bucket(60), "31-60");
  EXPECT_EQ(delinquency_bucket(61), "61-90");
  EXPECT_EQ(delinquency_bucket(90), "61-90");
  EXPECT_EQ(delinquency_bucket(91), "90+");
  EXPECT_EQ(delinquency_bucket(10'000), "90+");
}

// --- repayments --------------------------------------------------------------------------------

TEST(ValidateRepaymentTest, RejectsNonPositiveAndMoreThanIsDue) {
  const Money due = fen(1'278'000);
  EXPECT_TRUE(validate_repayment({d("2026-01-15"), fen(1)}, due).is_ok());
  EXPECT_TRUE(validate_repayment({d("2026-01-15"), due}, due).is_ok());
  for (int64_t bad : {int64_t{0}, int64_t{-1}, int64_t{1'278'001}}) {
    const Status s = validate_repayment({d("2026-01-15"), fen(bad)}, due);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    ASSERT_EQ(s.details().size(), 1u);
    EXPECT_EQ(s.details()[0].field, "amount");
  }
  const Status over = validate_repayment({d("2026-01-15"), fen(1'278'001)}, due);
  EXPECT_NE(over.details()[0].reason.find("12780.00"), std::string::npos)
      << over.details()[0].reason;
  const Status settled = validate_repayment({d("2026-01-15"), fen(1)}, fen(0));
  EXPECT_EQ(settled.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(has_field(settled, "amount"));
}

TEST(ValidateRepaymentTest, OverpaymentOfTheRemainderIsRejected) {
  const auto s = simple_loan();
  std::vector<Repayment> paid = {{d("2026-01-15"), fen(112'000)}, {d("2026-02-15"), fen(111'000)}};
  const Money left = remaining_due(s, paid);
  EXPECT_EQ(left, fen(1'278'000 - 223'000));
  const Status over = validate_repayment({d("2026-03-01"), left + fen(1)}, left);
  EXPECT_EQ(over.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(has_field(over, "amount"));
  const Repayment rest{d("2026-03-01"), left};
  ASSERT_TRUE(validate_repayment(rest, left).is_ok());
  paid.push_back(rest);
  EXPECT_TRUE(standing(s, paid, d("2026-03-01")).settled);
  EXPECT_EQ(remaining_due(s, paid), fen(0));
  EXPECT_FALSE(validate_repayment({d("2026-03-02"), fen(1)}, remaining_due(s, paid)).is_ok());
}

}  // namespace
}  // namespace rx::market
