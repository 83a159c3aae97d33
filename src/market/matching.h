// Precise and smart matching (精准撮合、智能匹配). Precise: a product is eligible when the
// enterprise's attributes satisfy its rule and the ask fits its amount, term and collateral.
// Smart: eligible products are ranked by estimated approval likelihood (the enterprise's score
// and the lender's past decisions on the product), cost (rate and fees) and fit, and every
// result says why; products that fail only a few conditions are near misses that say exactly
// what is missing. Pure and thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "market/demand.h"
#include "market/product.h"
#include "market/product_repository.h"
#include "rules/rule.h"
#include "rules/rule_set.h"

namespace rx::market {

struct CompiledProduct {
  Product product;
  rules::Rule rule;
};

// Compiles the product's eligibility against `schema`; errors name line and column.
Result<CompiledProduct> compile(Product product, const rules::Schema& schema);

// The listed products one demand is matched against, with what the scan reads kept
// contiguous (the terms and the rules), so ten thousand products stay in cache.
class ProductSet {
 public:
  explicit ProductSet(std::vector<CompiledProduct> products);
  size_t size() const { return products_.size(); }
  const CompiledProduct& operator[](size_t i) const { return products_[i]; }

 private:
  friend struct Scan;
  struct Terms {
    int64_t amount_min, amount_max;
    int32_t term_min, term_max;
    uint32_t collateral;  // bit i: collateral_kinds()[i] accepted; 0: none required
    bool guarantee_required, listed;
  };
  std::vector<CompiledProduct> products_;
  std::vector<Terms> terms_;
  rules::RuleSet rules_;
};

// What the enterprise asks for. amount 0 and term 0 mean "any" (browsing without a demand).
struct Ask {
  int64_t amount = 0;
  int term_months = 0;
  std::vector<std::string> collateral;
  bool guarantee_available = false;
};
Ask ask_of(const Demand& d);

// One condition of a product against one enterprise.
struct ConditionResult {
  std::string kind;  // "rule", "amount", "term", "collateral", "guarantee"
  std::string text;  // the rule condition's source, or a sentence for the others
  rules::Truth truth = rules::Truth::kFalse;
  // The enterprise's values the condition reads: attribute name, label and display value
  // (nullopt: no data).
  struct Value {
    std::string name, label;
    std::optional<std::string> value;
  };
  std::vector<Value> values;
};

struct Match {
  size_t product = 0;  // index into the products matched against
  bool eligible = false;
  int failed = 0;                                                // conditions not true
  double score = 0, approval_likelihood = 0, cost = 0, fit = 0;  // each 0..1
  std::vector<ConditionResult> conditions;
};

struct MatchOptions {
  int near_miss_max_failed = 2;  // products failing more conditions are not shown
  size_t limit = 20;             // eligible results; near misses are limited separately
  size_t near_miss_limit = 10;
  const rules::Schema* schema = nullptr;  // labels the attributes in explanations when set
};

struct MatchResult {
  std::vector<Match> eligible;     // best first
  std::vector<Match> near_misses;  // fewest failed conditions first, then best score
};

// Matches one enterprise (`row`, its attribute values) asking `ask` against `products`, with
// each product's past decisions (`decisions[i]` for products[i]; empty: none yet). Only listed
// products take part. Explanations are built for returned results only.
MatchResult match(const ProductSet& products, std::span<const DecisionCounts> decisions,
                  const Ask& ask, std::span<const double> row, size_t composite_score_slot,
                  const MatchOptions& options = {});

// The product's own terms and each condition of its rule, for one enterprise: met, not met or
// no data, with the values read. `schema` (optional) labels the attributes.
std::vector<ConditionResult> explain(const CompiledProduct& product, const Ask& ask,
                                     std::span<const double> row, const rules::Schema* schema);

// The precise test alone (the institution's view over many enterprises): no explanation.
bool eligible(const CompiledProduct& product, const Ask& ask, std::span<const double> row);

// The approval likelihood estimate: a prior from the composite score (0-1000; NaN gives 0.5)
// shrunk towards the product's observed approval rate as its decisions accumulate.
double approval_likelihood(double composite_score, const DecisionCounts& decisions);

}  // namespace rx::market
