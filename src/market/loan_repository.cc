#include "market/loan_repository.h"

namespace rx::market {
namespace {

using store::Row;
using store::Rows;
using store::Value;

constexpr std::string_view kColumns =
    "SELECT application_id, uscc, institution_id, principal, annual_rate_bp, term_months, "
    "method, disbursed_on, first_due_date, outstanding, overdue_days, bucket, assessed_on FROM "
    "market_loans";

Result<Loan> loan_of(const Row& r) {
  Loan l;
  l.application_id = r.text(0);
  l.uscc = r.text(1);
  l.institution_id = r.text(2);
  l.terms.principal = Money::from_fen(r.integer(3));
  l.terms.annual_rate_bp = static_cast<int32_t>(r.integer(4));
  l.terms.term_months = static_cast<int>(r.integer(5));
  auto method = parse_repayment_method(r.text(6));
  auto disbursed = Date::parse(r.text(7)), first_due = Date::parse(r.text(8)),
       assessed = Date::parse(r.text(12));
  if (!method || !disbursed.is_ok() || !first_due.is_ok() || !assessed.is_ok())
    return data_loss("loan " + l.application_id + " is damaged");
  l.terms.method = *method;
  l.disbursed_on = *disbursed;
  l.terms.first_due_date = *first_due;
  l.standing.outstanding_principal = Money::from_fen(r.integer(9));
  l.standing.overdue_days = static_cast<int>(r.integer(10));
  l.standing.bucket = r.text(11);
  l.assessed_on = *assessed;
  return l;
}

Status load_repayments(store::Session& s, Loan& l) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT paid_on, amount FROM market_repayments WHERE "
                                         "application_id = ? ORDER BY paid_on, recorded_at",
                                         {l.application_id}));
  for (const Row& r : rows) {
    auto day = Date::parse(r.text(0));
    if (!day.is_ok()) return data_loss("a repayment of loan " + l.application_id + " is damaged");
    l.repayments.push_back({*day, Money::from_fen(r.integer(1))});
  }
  return Status::ok();
}

Result<std::vector<Loan>> loans(store::Session& s, const std::string& sql,
                                std::span<const Value> params) {
  RX_ASSIGN_OR_RETURN(Rows rows, s.query(sql, params));
  std::vector<Loan> out;
  for (const Row& r : rows) {
    RX_ASSIGN_OR_RETURN(Loan l, loan_of(r));
    RX_RETURN_IF_ERROR(load_repayments(s, l));
    // Only what the daily assessment selects on is stored; the rest of the standing (arrears,
    // next due date, settled) is recomputed as of the same day, which gives the same figures.
    RX_ASSIGN_OR_RETURN(auto plan, schedule(l.terms));
    l.standing = standing(plan, l.repayments, l.assessed_on);
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

Status insert_loan(store::Session& s, const Loan& l) {
  return s
      .execute(
          "INSERT INTO market_loans (application_id, uscc, institution_id, principal, "
          "annual_rate_bp, term_months, method, disbursed_on, first_due_date, outstanding, "
          "overdue_days, bucket, assessed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {l.application_id, l.uscc, l.institution_id, l.terms.principal.fen(),
           int64_t{l.terms.annual_rate_bp}, int64_t{l.terms.term_months},
           std::string(to_string(l.terms.method)), l.disbursed_on.to_string(),
           l.terms.first_due_date.to_string(), l.standing.outstanding_principal.fen(),
           int64_t{l.standing.overdue_days}, l.standing.bucket, l.assessed_on.to_string()})
      .status();
}

Result<std::optional<Loan>> find_loan(store::Session& s, const std::string& application_id) {
  const Value id(application_id);
  RX_ASSIGN_OR_RETURN(auto found, loans(s, std::string(kColumns) + " WHERE application_id = ?",
                                        std::span<const Value>(&id, 1)));
  if (found.empty()) return std::optional<Loan>();
  return std::optional<Loan>(std::move(found[0]));
}

Result<std::vector<Loan>> list_loans(store::Session& s, const LoanFilter& f) {
  std::string sql = std::string(kColumns) + " WHERE 1 = 1";
  std::vector<Value> params;
  if (f.uscc) {
    sql += " AND uscc = ?";
    params.emplace_back(*f.uscc);
  }
  if (f.institution_id) {
    sql += " AND institution_id = ?";
    params.emplace_back(*f.institution_id);
  }
  sql += " ORDER BY disbursed_on DESC, application_id LIMIT ?";
  params.emplace_back(int64_t{f.limit});
  return loans(s, sql, params);
}

Result<std::vector<std::string>> loans_to_assess(store::Session& s, Date today, int limit) {
  RX_ASSIGN_OR_RETURN(Rows rows,
                      s.query("SELECT application_id FROM market_loans WHERE bucket <> "
                              "'settled' AND assessed_on < ? ORDER BY application_id LIMIT ?",
                              {today.to_string(), int64_t{limit}}));
  std::vector<std::string> out;
  for (const Row& r : rows) out.push_back(r.text(0));
  return out;
}

Status insert_repayment(store::Session& s, const std::string& id, const std::string& application_id,
                        const Repayment& r, Instant at, const std::string& by) {
  return s
      .execute(
          "INSERT INTO market_repayments (id, application_id, paid_on, amount, recorded_at, "
          "recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
          {id, application_id, r.paid_on.to_string(), r.amount.fen(), micros(at), by})
      .status();
}

Status save_standing(store::Session& s, const std::string& application_id,
                     const LoanStanding& standing, Date assessed_on) {
  // A settled loan is stored with the bucket "settled" so the daily assessment skips it.
  return s
      .execute(
          "UPDATE market_loans SET outstanding = ?, overdue_days = ?, bucket = ?, assessed_on = "
          "? WHERE application_id = ?",
          {standing.outstanding_principal.fen(), int64_t{standing.overdue_days},
           standing.settled ? std::string("settled") : standing.bucket, assessed_on.to_string(),
           application_id})
      .status();
}

}  // namespace rx::market
