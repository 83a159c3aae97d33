// The enterprise attributes that eligibility rules name (docs/rules.md lists them): registry
// data, the latest composite evaluation and scorecard, and every indicator of the library in
// force. One Schema for the platform; rows are built per enterprise from stored data.
#pragma once

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

class EnterpriseAttributes {
 public:
  // The base attributes plus one number per indicator (tax_credit_grade becomes a grade); an
  // indicator named like a base attribute (registered_capital) is the base attribute.
  static Result<EnterpriseAttributes> create(const credit::IndicatorLibrary& library);

  const rules::Schema& schema() const { return schema_; }
  size_t width() const { return schema_.size(); }

  // A row of NaN (no data) to fill.
  std::vector<double> empty_row() const;
  // The row of an enterprise from its registry entry and (when it has one) its latest
  // evaluation; `today` (Asia/Shanghai) gives years_operating.
  std::vector<double> row(const registry::Enterprise& e,
                          const std::optional<credit::StoredEvaluation>& evaluation,
                          Date today) const;

  // Slots of the attributes the marketplace itself reads.
  size_t composite_score_slot() const { return composite_score_; }

 private:
  explicit EnterpriseAttributes(rules::Schema schema) : schema_(std::move(schema)) {}
  rules::Schema schema_;
  size_t district_{}, industry_{}, industry_section_{}, size_{}, years_operating_{},
      registered_capital_{}, composite_score_{}, composite_grade_{}, scorecard_score_{},
      dishonest_debtor_{};
  std::vector<std::pair<std::string, size_t>> indicators_;  // indicator id, slot
  std::optional<size_t> tax_grade_slot_;
};

// The row of one enterprise as stored now; kNotFound for an unknown USCC.
Result<std::vector<double>> load_profile(store::Session& s, const EnterpriseAttributes& attributes,
                                         const std::string& uscc, Date today);

}  // namespace rx::market
