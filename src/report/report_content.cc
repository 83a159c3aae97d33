#include "report/report_content.h"

namespace rx::report {
namespace {

using nlohmann::json;

std::string text(const json& payload, const char* key) {
  auto it = payload.find(key);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : "";
}

int64_t integer(const json& payload, const char* key) {
  auto it = payload.find(key);
  return it != payload.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

std::string yuan(int64_t fen) {
  const bool negative = fen < 0;
  const uint64_t abs = negative ? static_cast<uint64_t>(-fen) : static_cast<uint64_t>(fen);
  std::string whole = std::to_string(abs / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3)
    whole.insert(static_cast<size_t>(i), ",");
  const unsigned cents = static_cast<unsigned>(abs % 100);
  return (negative ? "-" : "") + whole + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

std::string display_value(const catalog::Field& f, const json& v) {
  if (v.is_null()) return "—";
  if (v.is_object() && v.contains("display")) return v["display"].get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "是" : "否";
  if (f.type == catalog::FieldType::kMoney && v.is_number_integer())
    return yuan(v.get<int64_t>()) + "元";
  if (v.is_string()) return v.get<std::string>() + (f.unit.empty() ? "" : f.unit);
  return v.dump() + f.unit;
}

std::optional<Adverse> classify_adverse(const catalog::Category& c, const json& p,
                                        const json& shown) {
  auto show = [&](const char* field) {
    const catalog::Field* f = c.field(field);
    return f && shown.contains(field) ? display_value(*f, shown[field]) : std::string("—");
  };
  if (c.id == "admin_penalty")
    return Adverse{
        "penalty", "行政处罚", text(p, "decision_date"),
        show("decision_number") + " " + show("violation") + " 罚款" + show("fine_amount")};
  if (c.id == "judicial") {
    const std::string status = text(p, "status");
    if (text(p, "role") != "defendant" || status == "withdrawn" || status == "removed")
      return std::nullopt;
    const std::string ended = text(p, "closing_date");
    return Adverse{"judgment", "司法", ended.empty() ? text(p, "filing_date") : ended,
                   show("case_number") + " " + show("cause")};
  }
  const std::string period = text(p, "period");
  if ((c.id == "tax" || c.id == "utilities") && integer(p, "arrears_amount") > 0)
    return Adverse{"arrears", "欠缴", period,
                   c.name + " " + period + " 欠缴 " + show("arrears_amount")};
  if ((c.id == "social_insurance" || c.id == "provident_fund") && integer(p, "arrears_months") > 0)
    return Adverse{"arrears", "欠缴", period,
                   c.name + " " + period + " 欠缴月数 " + show("arrears_months")};
  return std::nullopt;
}

bool within_retention(const catalog::Category& c, const std::string& date, Date today) {
  if (date.size() < 7) return true;  // undated: the catalogue's retention cannot apply
  const int year = std::atoi(date.substr(0, 4).c_str());
  const std::string rest = date.substr(4);
  const std::string limit = std::to_string(year + c.retention_years) + rest;
  return today.to_string().substr(0, rest.size() + 4) <= limit;
}

}  // namespace rx::report
