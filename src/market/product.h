// Loan products that institutions list on the marketplace, and their validation. Pure: no I/O.
// Amounts are fen, rates basis points a year, terms months; eligibility is a rules::Rule source
// over the enterprise attributes of market/profile.h.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "market/loan.h"

namespace rx::market {

enum class ProductType {
  kCreditLoan,       // 信用贷款
  kMortgage,         // 抵押贷款
  kPledge,           // 质押贷款
  kIpPledge,         // 知识产权质押贷款
  kGuaranteeBacked,  // 担保贷款
  kSupplyChain,      // 供应链金融
  kInsuranceBacked,  // 保证保险贷款
  kEquity,           // 股权融资
};
std::string_view to_string(ProductType t);
std::optional<ProductType> parse_product_type(std::string_view text);
std::string_view label(ProductType t);  // Chinese

enum class ProductStatus { kDraft, kListed, kPaused, kRetired };
std::string_view to_string(ProductStatus s);
std::optional<ProductStatus> parse_product_status(std::string_view text);
// draft -> listed | retired; listed -> paused | retired; paused -> listed | retired. Retired is
// final.
bool can_move(ProductStatus from, ProductStatus to);

// What an enterprise may pledge or bring. A product requiring one is matched only by demands
// offering it.
const std::vector<std::string>& collateral_kinds();  // real_estate, equipment, receivables, ...
std::string_view collateral_label(std::string_view kind);  // 不动产 ...; the code when unknown
// The kinds of support policy a product qualifies for: risk_compensation, guarantee,
// interest_subsidy, sci_tech, ip_pledge, first_loan (policy/policy.h names the same kinds).
const std::vector<std::string>& policy_tags();

struct Product {
  std::string id;  // UUIDv7
  std::string institution_id;
  std::string name;
  ProductType type = ProductType::kCreditLoan;
  std::string description;
  int64_t amount_min = 0, amount_max = 0;  // fen, inclusive
  int term_min = 1, term_max = 12;         // months, inclusive
  int rate_min_bp = 0, rate_max_bp = 0;    // annual, basis points
  int fee_bp = 0;                          // one-off fees, basis points of the amount
  std::vector<RepaymentMethod> repayment_methods;
  std::vector<std::string> collateral;  // required: one of these must be offered (empty: none)
  bool guarantee_required = false;      // a guarantee company must back the loan
  std::string eligibility;              // rule source; empty: everyone
  std::vector<std::string> policy_tags;
  int sla_days = 5;  // working days from submission to a decision
  ProductStatus status = ProductStatus::kDraft;
  Instant created_at, updated_at;
};

inline constexpr int kMaxSlaDays = 30;  // kMaxTermMonths and kMaxAnnualRateBp: loan.h
inline constexpr int64_t kMaxAmountFen = 100'000'000'000'00;  // 10 billion yuan

// Every field problem (ranges, ordering, unknown enumerations, lengths) as field errors. The
// eligibility rule is checked separately, against the attribute schema.
Status validate(const Product& p);

nlohmann::json to_json(const Product& p);
// Reads what to_json wrote (stored bodies) but the two instants, which are columns; kDataLoss
// when the stored text is damaged.
Result<Product> product_from_json(const nlohmann::json& j);

}  // namespace rx::market
