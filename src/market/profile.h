// The enterprise attributes that eligibility rules name (docs/rules.md lists them): registry
// data, the latest composite evaluation and scorecard, the enterprise's loans, applications and
// IP pledges on the platform, and every indicator of the library in force. One Schema for the
// platform (marketplace products and support policies); rows are built from stored data by
// market/profile_loader.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "credit/evaluation_repository.h"
#include "credit/indicator_library.h"
#include "registry/enterprise.h"
#include "rules/schema.h"
#include "store/database.h"

namespace rx::market {

// What the platform itself knows of an enterprise's financing.
struct FinancingFacts {
  int64_t loan_count = 0;        // loans ever disbursed on the platform
  int64_t loan_balance_fen = 0;  // outstanding principal
  int64_t annual_interest_fen =
      0;  // a year's interest on the outstanding principal at contract rates
  int64_t max_overdue_days = 0;
  int64_t applications_12m = 0;  // applications submitted in the last 365 days
  int64_t ip_pledges = 0;        // IP pledges registered and not yet released or enforced
};

class EnterpriseAttributes {
 public:
  // The base attributes plus one number per indicator (tax_credit_grade becomes a grade); an
  // indicator named like a base attribute (registered_capital) is the base attribute.
  static Result<EnterpriseAttributes> create(const credit::IndicatorLibrary& library);

  const rules::Schema& schema() const { return schema_; }
  size_t width() const { return schema_.size(); }

  // A row of NaN (no data) to fill.
  std::vector<double> empty_row() const;
  // The row of an enterprise from its registry entry, (when it has one) its latest evaluation
  // and its financing on the platform; `today` (Asia/Shanghai) gives years_operating.
  std::vector<double> row(const registry::Enterprise& e,
                          const std::optional<credit::StoredEvaluation>& evaluation,
                          const FinancingFacts& financing, Date today) const;

  // Slots of the attributes the marketplace itself reads.
  size_t composite_score_slot() const { return composite_score_; }

 private:
  explicit EnterpriseAttributes(rules::Schema schema) : schema_(std::move(schema)) {}
  rules::Schema schema_;
  size_t district_{}, industry_{}, industry_section_{}, size_{}, years_operating_{},
      registered_capital_{}, composite_score_{}, composite_grade_{}, scorecard_score_{},
      dishonest_debtor_{}, loan_count_{}, loan_balance_{}, annual_interest_{}, max_overdue_days_{},
      applications_12m_{}, ip_pledges_{};
  std::map<std::string, size_t, std::less<>> indicator_slot_;  // indicator id -> slot
  std::optional<size_t> tax_grade_slot_;
};

}  // namespace rx::market
