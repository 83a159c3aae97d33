// Loans (after disbursement) and their repayments in the database, inside the caller's
// transaction. The schedule is not stored: it is recomputed from the terms (loan.h is
// deterministic), so it can never disagree with them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "market/loan.h"
#include "store/database.h"

namespace rx::market {

struct Loan {
  std::string application_id, uscc, institution_id;
  LoanTerms terms;
  Date disbursed_on;
  std::vector<Repayment> repayments;  // paid_on order
  LoanStanding standing;              // as last assessed (on assessed_on)
  Date assessed_on;
};

Status insert_loan(store::Session& s, const Loan& loan);
// With its repayments.
Result<std::optional<Loan>> find_loan(store::Session& s, const std::string& application_id);

struct LoanFilter {
  std::optional<std::string> uscc{}, institution_id{};
  int limit = 200;
};
// Newest disbursement first, with repayments.
Result<std::vector<Loan>> list_loans(store::Session& s, const LoanFilter& f);
// Loans not settled whose standing was last assessed before `today`.
Result<std::vector<std::string>> loans_to_assess(store::Session& s, Date today, int limit);

Status insert_repayment(store::Session& s, const std::string& id, const std::string& application_id,
                        const Repayment& r, Instant at, const std::string& by);
Status save_standing(store::Session& s, const std::string& application_id,
                     const LoanStanding& standing, Date assessed_on);

}  // namespace rx::market
