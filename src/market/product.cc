#include "market/product.h"

#include <algorithm>
#include <array>

#include "core/text.h"

namespace rx::market {
namespace {

struct TypeName {
  ProductType type;
  std::string_view code, label;
};
constexpr std::array<TypeName, 8> kTypes = {{
    {ProductType::kCreditLoan, "credit_loan", "信用贷款"},
    {ProductType::kMortgage, "mortgage", "抵押贷款"},
    {ProductType::kPledge, "pledge", "质押贷款"},
    {ProductType::kIpPledge, "ip_pledge", "知识产权质押贷款"},
    {ProductType::kGuaranteeBacked, "guarantee_backed", "担保贷款"},
    {ProductType::kSupplyChain, "supply_chain", "供应链金融"},
    {ProductType::kInsuranceBacked, "insurance_backed", "保证保险贷款"},
    {ProductType::kEquity, "equity", "股权融资"},
}};

constexpr std::array<std::string_view, 4> kStatuses = {"draft", "listed", "paused", "retired"};

bool one_of(const std::vector<std::string>& set, const std::string& v) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

void check_text(std::vector<FieldError>& errors, const std::string& field, const std::string& v,
                size_t min_chars, size_t max_chars) {
  const auto n = utf8_length(v);
  if (!n || *n < min_chars || *n > max_chars)
    errors.push_back({field, "must be " + std::to_string(min_chars) + " to " +
                                 std::to_string(max_chars) + " characters of UTF-8"});
}

}  // namespace

std::string_view to_string(ProductType t) {
  for (const auto& n : kTypes)
    if (n.type == t) return n.code;
  return "credit_loan";
}

std::optional<ProductType> parse_product_type(std::string_view text) {
  for (const auto& n : kTypes)
    if (n.code == text) return n.type;
  return std::nullopt;
}

std::string_view label(ProductType t) {
  for (const auto& n : kTypes)
    if (n.type == t) return n.label;
  return "";
}

std::string_view to_string(ProductStatus s) {
  return kStatuses[static_cast<size_t>(s)];
}

std::optional<ProductStatus> parse_product_status(std::string_view text) {
  for (size_t i = 0; i < kStatuses.size(); ++i)
    if (kStatuses[i] == text) return static_cast<ProductStatus>(i);
  return std::nullopt;
}

bool can_move(ProductStatus from, ProductStatus to) {
  using S = ProductStatus;
  switch (from) {
    case S::kDraft:
      return to == S::kListed || to == S::kRetired;
    case S::kListed:
      return to == S::kPaused || to == S::kRetired;
    case S::kPaused:
      return to == S::kListed || to == S::kRetired;
    case S::kRetired:
      return false;
  }
  return false;
}

const std::vector<std::string>& collateral_kinds() {
  static const std::vector<std::string> kKinds = {
      "real_estate", "equipment", "receivables", "inventory", "ip_rights", "equity", "deposit"};
  return kKinds;
}

std::string_view collateral_label(std::string_view kind) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"real_estate", "不动产"},  {"equipment", "机器设备"}, {"receivables", "应收账款"},
      {"inventory", "存货"},      {"ip_rights", "知识产权"}, {"equity", "股权"},
      {"deposit", "存单或保证金"}};
  for (const auto& [code, label] : kLabels)
    if (code == kind) return label;
  return kind;
}

const std::vector<std::string>& policy_tags() {
  static const std::vector<std::string> kTags = {
      "risk_compensation", "guarantee", "interest_subsidy", "sci_tech", "ip_pledge", "first_loan"};
  return kTags;
}

Status validate(const Product& p) {
  std::vector<FieldError> e;
  check_text(e, "name", p.name, 1, 60);
  check_text(e, "description", p.description, 0, 2000);
  if (p.amount_min <= 0 || p.amount_min > kMaxAmountFen)
    e.push_back({"amount_min_fen", "must be 1 to " + std::to_string(kMaxAmountFen)});
  if (p.amount_max < p.amount_min || p.amount_max > kMaxAmountFen)
    e.push_back({"amount_max_fen",
                 "must be at least amount_min_fen and at most " + std::to_string(kMaxAmountFen)});
  if (p.term_min < 1 || p.term_min > kMaxTermMonths)
    e.push_back({"term_min_months", "must be 1 to " + std::to_string(kMaxTermMonths)});
  if (p.term_max < p.term_min || p.term_max > kMaxTermMonths)
    e.push_back({"term_max_months",
                 "must be at least term_min_months and at most " + std::to_string(kMaxTermMonths)});
  if (p.rate_min_bp < 0 || p.rate_min_bp > kMaxAnnualRateBp)
    e.push_back({"rate_min_bp", "must be 0 to " + std::to_string(kMaxAnnualRateBp)});
  if (p.rate_max_bp < p.rate_min_bp || p.rate_max_bp > kMaxAnnualRateBp)
    e.push_back({"rate_max_bp",
                 "must be at least rate_min_bp and at most " + std::to_string(kMaxAnnualRateBp)});
  if (p.fee_bp < 0 || p.fee_bp > 2000) e.push_back({"fee_bp", "must be 0 to 2000"});
  if (p.type != ProductType::kEquity && p.repayment_methods.empty())
    e.push_back({"repayment_methods", "must name at least one method"});
  for (const std::string& c : p.collateral)
    if (!one_of(collateral_kinds(), c))
      e.push_back({"collateral", "'" + c + "' is not one of " + join(collateral_kinds(), ", ")});
  for (const std::string& t : p.policy_tags)
    if (!one_of(policy_tags(), t))
      e.push_back({"policy_tags", "'" + t + "' is not one of " + join(policy_tags(), ", ")});
  if (p.sla_days < 1 || p.sla_days > kMaxSlaDays)
    e.push_back({"sla_days", "must be 1 to " + std::to_string(kMaxSlaDays) + " working days"});
  if (p.eligibility.size() > 8192) e.push_back({"eligibility", "must be at most 8192 bytes"});
  if (!e.empty()) return invalid_argument("invalid product", std::move(e));
  return Status::ok();
}

nlohmann::json to_json(const Product& p) {
  nlohmann::json methods = nlohmann::json::array();
  for (RepaymentMethod m : p.repayment_methods) methods.push_back(to_string(m));
  return {{"id", p.id},
          {"institution_id", p.institution_id},
          {"name", p.name},
          {"type", to_string(p.type)},
          {"description", p.description},
          {"amount_min_fen", p.amount_min},
          {"amount_max_fen", p.amount_max},
          {"term_min_months", p.term_min},
          {"term_max_months", p.term_max},
          {"rate_min_bp", p.rate_min_bp},
          {"rate_max_bp", p.rate_max_bp},
          {"fee_bp", p.fee_bp},
          {"repayment_methods", methods},
          {"collateral", p.collateral},
          {"guarantee_required", p.guarantee_required},
          {"eligibility", p.eligibility},
          {"policy_tags", p.policy_tags},
          {"sla_days", p.sla_days},
          {"status", to_string(p.status)},
          {"created_at", format_instant(p.created_at)},
          {"updated_at", format_instant(p.updated_at)}};
}

Result<Product> product_from_json(const nlohmann::json& j) {
  try {
    Product p;
    p.id = j.at("id").get<std::string>();
    p.institution_id = j.at("institution_id").get<std::string>();
    p.name = j.at("name").get<std::string>();
    auto type = parse_product_type(j.at("type").get<std::string>());
    auto status = parse_product_status(j.at("status").get<std::string>());
    if (!type || !status) return data_loss("stored product " + p.id + " has an unknown type");
    p.type = *type;
    p.status = *status;
    p.description = j.at("description").get<std::string>();
    p.amount_min = j.at("amount_min_fen").get<int64_t>();
    p.amount_max = j.at("amount_max_fen").get<int64_t>();
    p.term_min = j.at("term_min_months").get<int>();
    p.term_max = j.at("term_max_months").get<int>();
    p.rate_min_bp = j.at("rate_min_bp").get<int>();
    p.rate_max_bp = j.at("rate_max_bp").get<int>();
    p.fee_bp = j.at("fee_bp").get<int>();
    for (const auto& m : j.at("repayment_methods")) {
      auto method = parse_repayment_method(m.get<std::string>());
      if (!method) return data_loss("stored product " + p.id + " has an unknown method");
      p.repayment_methods.push_back(*method);
    }
    p.collateral = j.at("collateral").get<std::vector<std::string>>();
    p.guarantee_required = j.at("guarantee_required").get<bool>();
    p.eligibility = j.at("eligibility").get<std::string>();
    p.policy_tags = j.at("policy_tags").get<std::vector<std::string>>();
    p.sla_days = j.at("sla_days").get<int>();
    return p;
  } catch (const nlohmann::json::exception& e) {
    return data_loss(std::string("stored product is damaged: ") + e.what());
  }
}

}  // namespace rx::market
