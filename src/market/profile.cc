#include "market/profile.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "market/indicator_scan.h"
#include "registry/reference.h"

namespace rx::market {
namespace {

using rules::Attribute;
using rules::AttributeType;

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
constexpr std::string_view kTaxGrade = "tax_credit_grade";

double wan_yuan(int64_t fen) {
  return static_cast<double>(fen) / 1'000'000.0;
}

std::vector<std::string> district_names() {
  std::vector<std::string> out;
  for (const registry::District& d : registry::districts()) out.emplace_back(d.name_zh);
  return out;
}

std::vector<std::string> section_letters() {
  std::vector<std::string> out;
  for (const registry::IndustrySection& s : registry::industry_sections())
    out.emplace_back(1, s.letter);
  return out;
}

}  // namespace

Result<EnterpriseAttributes> EnterpriseAttributes::create(const credit::IndicatorLibrary& library) {
  std::vector<Attribute> attributes = {
      {"district", "所在区", "District", "", AttributeType::kString, district_names()},
      {"industry",
       "行业（门类+大类）",
       "Industry (GB/T 4754 division)",
       "",
       AttributeType::kString,
       {}},
      {"industry_section", "行业门类", "Industry section", "", AttributeType::kString,
       section_letters()},
      {"size",
       "企业规模",
       "Size class",
       "",
       AttributeType::kString,
       {"large", "medium", "small", "micro"}},
      {"years_operating", "成立年限", "Years since registration", "年", AttributeType::kNumber, {}},
      {"registered_capital", "注册资本", "Registered capital", "万元", AttributeType::kNumber, {}},
      {"composite_score",
       "公共信用综合评分",
       "Composite credit score",
       "分",
       AttributeType::kNumber,
       {}},
      {"composite_grade",
       "公共信用综合评价等级",
       "Composite credit grade",
       "",
       AttributeType::kGrade,
       {"A", "B", "C", "D"}},
      {"scorecard_score", "评分卡分数", "Scorecard score", "分", AttributeType::kNumber, {}},
      {"dishonest_debtor",
       "失信被执行人",
       "Dishonest judgment debtor",
       "",
       AttributeType::kBool,
       {}},
      {"loan_count",
       "平台贷款笔数",
       "Loans disbursed on the platform",
       "笔",
       AttributeType::kNumber,
       {}},
      {"loan_balance",
       "平台贷款余额",
       "Outstanding loans on the platform",
       "万元",
       AttributeType::kNumber,
       {}},
      {"annual_interest",
       "年利息（按余额和合同利率）",
       "A year's interest on outstanding loans",
       "万元",
       AttributeType::kNumber,
       {}},
      {"max_overdue_days",
       "当前最长逾期天数",
       "Longest current overdue",
       "天",
       AttributeType::kNumber,
       {}},
      {"applications_12m",
       "近12个月融资申请数",
       "Financing applications, last 12 months",
       "笔",
       AttributeType::kNumber,
       {}},
      {"ip_pledges",
       "在押知识产权质押登记数",
       "IP pledges registered",
       "笔",
       AttributeType::kNumber,
       {}},
  };
  const size_t first_indicator = attributes.size();
  std::vector<std::pair<std::string, size_t>> indicators;
  std::optional<size_t> tax_slot;
  for (const credit::IndicatorSpec& spec : library.indicators) {
    // A base attribute of the same name (registered_capital) comes from the registry itself.
    const bool base = std::any_of(attributes.begin(), attributes.begin() + first_indicator,
                                  [&](const Attribute& a) { return a.name == spec.id; });
    if (base) continue;
    indicators.emplace_back(spec.id, attributes.size());
    if (spec.id == kTaxGrade) {
      tax_slot = attributes.size();
      attributes.push_back(
          {spec.id, spec.name, spec.name_en, "", AttributeType::kGrade, {"A", "B", "M", "C", "D"}});
    } else {
      attributes.push_back(
          {spec.id, spec.name, spec.name_en, spec.unit, AttributeType::kNumber, {}});
    }
  }
  RX_ASSIGN_OR_RETURN(rules::Schema schema, rules::Schema::create(std::move(attributes)));
  EnterpriseAttributes out(std::move(schema));
  const rules::Schema& s = out.schema_;
  out.district_ = *s.slot("district");
  out.industry_ = *s.slot("industry");
  out.industry_section_ = *s.slot("industry_section");
  out.size_ = *s.slot("size");
  out.years_operating_ = *s.slot("years_operating");
  out.registered_capital_ = *s.slot("registered_capital");
  out.composite_score_ = *s.slot("composite_score");
  out.composite_grade_ = *s.slot("composite_grade");
  out.scorecard_score_ = *s.slot("scorecard_score");
  out.dishonest_debtor_ = *s.slot("dishonest_debtor");
  out.loan_count_ = *s.slot("loan_count");
  out.loan_balance_ = *s.slot("loan_balance");
  out.annual_interest_ = *s.slot("annual_interest");
  out.max_overdue_days_ = *s.slot("max_overdue_days");
  out.applications_12m_ = *s.slot("applications_12m");
  out.ip_pledges_ = *s.slot("ip_pledges");
  for (const auto& [id, slot] : indicators) out.indicator_slot_.emplace(id, slot);
  out.tax_grade_slot_ = tax_slot;
  return out;
}

std::vector<double> EnterpriseAttributes::empty_row() const {
  return std::vector<double>(width(), kMissing);
}

std::vector<double> EnterpriseAttributes::row(
    const registry::Enterprise& e, const std::optional<credit::StoredEvaluation>& evaluation,
    const FinancingFacts& financing, Date today) const {
  std::vector<double> row = empty_row();
  if (const registry::District* d = registry::find_district(e.district))
    row[district_] = schema_.encode(district_, d->name_zh);
  row[industry_] = schema_.encode(industry_, e.industry);
  if (!e.industry.empty())
    row[industry_section_] = schema_.encode(industry_section_, e.industry.substr(0, 1));
  row[size_] = schema_.encode(size_, registry::to_string(e.size));
  // Whole hundredths of a year, rounded down: shown to people, and never reaching a
  // threshold (years_operating >= 1) early.
  const int days = std::max(0, today.days_since_epoch() - e.registration_date.days_since_epoch());
  row[years_operating_] = std::floor(days / 365.25 * 100) / 100;
  row[registered_capital_] = wan_yuan(e.registered_capital.fen());
  row[loan_count_] = static_cast<double>(financing.loan_count);
  row[loan_balance_] = wan_yuan(financing.loan_balance_fen);
  row[annual_interest_] = wan_yuan(financing.annual_interest_fen);
  row[max_overdue_days_] = static_cast<double>(financing.max_overdue_days);
  row[applications_12m_] = static_cast<double>(financing.applications_12m);
  row[ip_pledges_] = static_cast<double>(financing.ip_pledges);
  if (!evaluation) return row;
  row[composite_score_] = evaluation->score;
  row[composite_grade_] = schema_.encode(composite_grade_, evaluation->grade);
  if (evaluation->scorecard_score) row[scorecard_score_] = *evaluation->scorecard_score;
  auto set = [&](std::string_view id, double v) {
    auto it = indicator_slot_.find(id);
    if (it == indicator_slot_.end()) return;
    // The library scores tax grades A=5 ... D=1; the grade scale ranks A=4 ... D=0.
    row[it->second] = (tax_grade_slot_ && it->second == *tax_grade_slot_) ? v - 1 : v;
  };
  if (!scan_indicators(evaluation->detail, set)) {
    for (const auto& [id, slot] : indicator_slot_) row[slot] = kMissing;
    const auto detail = nlohmann::json::parse(evaluation->detail, nullptr, false);
    if (detail.is_object() && detail.contains("indicators") && detail["indicators"].is_object())
      for (const auto& [id, v] : detail["indicators"].items())
        if (v.is_number()) set(id, v.get<double>());
  }
  if (auto slot = schema_.slot("dishonest_debtor_records"); slot && !std::isnan(row[*slot]))
    row[dishonest_debtor_] = row[*slot] > 0 ? 1 : 0;
  return row;
}

}  // namespace rx::market
