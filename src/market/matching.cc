#include "market/matching.h"

#include <algorithm>
#include <cmath>

namespace rx::market {
namespace {

using rules::Truth;

constexpr double kPriorWeight = 5;  // decisions the score-based prior is worth
constexpr double kLikelihoodWeight = 0.5, kCostWeight = 0.3, kFitWeight = 0.2;

bool amount_fits(const Product& p, const Ask& a) {
  return a.amount == 0 || (a.amount >= p.amount_min && a.amount <= p.amount_max);
}
bool term_fits(const Product& p, const Ask& a) {
  return a.term_months == 0 || (a.term_months >= p.term_min && a.term_months <= p.term_max);
}
bool collateral_fits(const Product& p, const Ask& a) {
  if (p.collateral.empty()) return true;
  for (const std::string& c : a.collateral)
    if (std::find(p.collateral.begin(), p.collateral.end(), c) != p.collateral.end()) return true;
  return false;
}
bool guarantee_fits(const Product& p, const Ask& a) {
  return !p.guarantee_required || a.guarantee_available;
}

int own_failures(const Product& p, const Ask& a) {
  return !amount_fits(p, a) + !term_fits(p, a) + !collateral_fits(p, a) + !guarantee_fits(p, a);
}

Truth truth_of(bool ok) {
  return ok ? Truth::kTrue : Truth::kFalse;
}

std::string yuan(int64_t fen) {
  return Money::from_fen(fen).to_yuan_string();
}

// Collateral kinds by their Chinese names, joined with 、.
std::string collateral_names(const std::vector<std::string>& kinds) {
  std::string out;
  for (const std::string& k : kinds)
    out += (out.empty() ? "" : "、") + std::string(collateral_label(k));
  return out;
}

double cost_score(const Product& p, const Ask& a) {
  const int term = a.term_months ? a.term_months : std::max(p.term_min, 12);
  // The lowest rate on offer plus the fee spread over the term, in basis points a year.
  const double cost_bp = p.rate_min_bp + p.fee_bp * 12.0 / term;
  return std::clamp(1.0 - (cost_bp - 300.0) / 1500.0, 0.0, 1.0);
}

// How close the ask sits to the middle of the product's ranges, on a log scale for amounts.
double fit_score(const Product& p, const Ask& a) {
  double amount = 1, term = 1;
  if (a.amount > 0) {
    const double centre =
        std::sqrt(static_cast<double>(p.amount_min) * static_cast<double>(p.amount_max));
    amount = 1 - std::min(1.0, std::abs(std::log(static_cast<double>(a.amount) / centre)) /
                                   std::log(100.0));
  }
  if (a.term_months > 0) {
    const double centre = (p.term_min + p.term_max) / 2.0,
                 half = std::max(1.0, (p.term_max - p.term_min) / 2.0);
    term = 1 - std::min(1.0, std::abs(a.term_months - centre) / half) / 2;
  }
  return (amount + term) / 2;
}

bool better(const Match& a, const Match& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.product < b.product;
}

}  // namespace

Result<CompiledProduct> compile(Product product, const rules::Schema& schema) {
  auto rule = rules::compile(product.eligibility, schema);
  if (!rule.is_ok()) {
    Status st = rule.status();
    std::vector<FieldError> details;
    for (const FieldError& d : st.details())
      details.push_back({"eligibility: " + d.field, d.reason});
    return invalid_argument("eligibility rule: " + st.message(), std::move(details));
  }
  return CompiledProduct{std::move(product), std::move(*rule)};
}

namespace {
uint32_t collateral_mask(const std::vector<std::string>& kinds) {
  uint32_t mask = 0;
  const auto& all = collateral_kinds();
  for (const std::string& k : kinds)
    for (size_t i = 0; i < all.size(); ++i)
      if (all[i] == k) mask |= 1u << i;
  return mask;
}
}  // namespace

ProductSet::ProductSet(std::vector<CompiledProduct> products) : products_(std::move(products)) {
  terms_.reserve(products_.size());
  for (const CompiledProduct& cp : products_) {
    const Product& p = cp.product;
    terms_.push_back({p.amount_min, p.amount_max, p.term_min, p.term_max,
                      collateral_mask(p.collateral), p.guarantee_required,
                      p.status == ProductStatus::kListed});
    rules_.add(cp.rule);
  }
}

// The hot loop of match(), over the contiguous terms and rules.
struct Scan {
  static int own_failures(const ProductSet::Terms& t, const Ask& a, uint32_t offered) {
    const bool amount = a.amount == 0 || (a.amount >= t.amount_min && a.amount <= t.amount_max);
    const bool term =
        a.term_months == 0 || (a.term_months >= t.term_min && a.term_months <= t.term_max);
    const bool collateral = t.collateral == 0 || (t.collateral & offered) != 0;
    const bool guarantee = !t.guarantee_required || a.guarantee_available;
    return !amount + !term + !collateral + !guarantee;
  }
  static std::vector<Match> candidates(const ProductSet& set, const Ask& ask,
                                       std::span<const double> row, int max_failed) {
    std::vector<Match> out;
    const uint32_t offered = collateral_mask(ask.collateral);
    for (size_t i = 0; i < set.size(); ++i) {
      const ProductSet::Terms& t = set.terms_[i];
      if (!t.listed) continue;
      const int own = own_failures(t, ask, offered);
      if (own > max_failed) continue;
      // One pass counts the failed conditions: none is eligible, a few is a near miss.
      const int failed = own + set.rules_.failed_conditions(i, row);
      if (failed > max_failed) continue;
      Match m;
      m.product = i;
      m.failed = failed;
      m.eligible = failed == 0;
      out.push_back(std::move(m));
    }
    return out;
  }
};

Ask ask_of(const Demand& d) {
  return {d.amount, d.term_months, d.collateral, d.guarantee_available};
}

std::vector<ConditionResult> explain(const CompiledProduct& cp, const Ask& a,
                                     std::span<const double> row, const rules::Schema* schema) {
  const Product& p = cp.product;
  std::vector<ConditionResult> out;
  if (a.amount != 0)
    out.push_back({"amount",
                   "金额 " + yuan(p.amount_min) + "–" + yuan(p.amount_max) + " 元",
                   truth_of(amount_fits(p, a)),
                   {{"amount", "申请金额", yuan(a.amount)}}});
  if (a.term_months != 0)
    out.push_back(
        {"term",
         "期限 " + std::to_string(p.term_min) + "–" + std::to_string(p.term_max) + " 个月",
         truth_of(term_fits(p, a)),
         {{"term_months", "申请期限", std::to_string(a.term_months)}}});
  if (!p.collateral.empty())
    out.push_back(
        {"collateral",
         "提供以下之一作为担保物：" + collateral_names(p.collateral),
         truth_of(collateral_fits(p, a)),
         {{"collateral", "可提供担保物",
           a.collateral.empty() ? std::nullopt
                                : std::optional<std::string>(collateral_names(a.collateral))}}});
  if (p.guarantee_required)
    out.push_back({"guarantee",
                   "需融资担保机构担保",
                   truth_of(guarantee_fits(p, a)),
                   {{"guarantee_available", "可提供担保", a.guarantee_available ? "是" : "否"}}});
  const rules::Explanation e = cp.rule.explain(row);
  for (const rules::ConditionResult& c : e.conditions) {
    ConditionResult r{"rule", c.text, c.truth, {}};
    for (const rules::ShownValue& v : c.values)
      r.values.push_back({v.name, schema ? schema->attribute(v.slot).label_zh : v.name, v.value});
    out.push_back(std::move(r));
  }
  return out;
}

double approval_likelihood(double composite_score, const DecisionCounts& decisions) {
  const double prior =
      std::isnan(composite_score) ? 0.5 : 1 / (1 + std::exp(-(composite_score - 550) / 100));
  const double n = static_cast<double>(decisions.approved + decisions.declined);
  return (static_cast<double>(decisions.approved) + kPriorWeight * prior) / (n + kPriorWeight);
}

bool eligible(const CompiledProduct& cp, const Ask& ask, std::span<const double> row) {
  const Product& p = cp.product;
  return p.status == ProductStatus::kListed && own_failures(p, ask) == 0 &&
         cp.rule.evaluate(row) == Truth::kTrue;
}

MatchResult match(const ProductSet& products, std::span<const DecisionCounts> decisions,
                  const Ask& ask, std::span<const double> row, size_t composite_score_slot,
                  const MatchOptions& options) {
  MatchResult out;
  const double score = row[composite_score_slot];
  for (Match& m : Scan::candidates(products, ask, row, options.near_miss_max_failed)) {
    const Product& p = products[m.product].product;
    m.approval_likelihood =
        approval_likelihood(score, decisions.empty() ? DecisionCounts{} : decisions[m.product]);
    m.cost = cost_score(p, ask);
    m.fit = fit_score(p, ask);
    m.score = kLikelihoodWeight * m.approval_likelihood + kCostWeight * m.cost + kFitWeight * m.fit;
    (m.eligible ? out.eligible : out.near_misses).push_back(std::move(m));
  }
  auto keep = [&](std::vector<Match>& v, size_t limit, auto less) {
    const size_t n = std::min(limit, v.size());
    std::partial_sort(v.begin(), v.begin() + static_cast<ptrdiff_t>(n), v.end(), less);
    v.resize(n);
    for (Match& m : v) m.conditions = explain(products[m.product], ask, row, options.schema);
  };
  keep(out.eligible, options.limit, better);
  keep(out.near_misses, options.near_miss_limit, [](const Match& a, const Match& b) {
    return a.failed != b.failed ? a.failed < b.failed : better(a, b);
  });
  return out;
}

}  // namespace rx::market
