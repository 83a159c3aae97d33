#include "report/internal/document.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <string_view>
#include <utility>

namespace rx::report::internal {
namespace {

using nlohmann::json;

constexpr const char* kNone = "无";
constexpr const char* kNoNumber = "—";

// The value under `key` when `j` is an object holding a non-null one; nullptr otherwise.
const json* find(const json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

// Digits grouped by thousands: 1234567.5 -> "1,234,567.5"; at most two decimals.
std::string format_number(double v) {
  if (!std::isfinite(v)) return kNoNumber;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  if (s == "-0.00") s = "0.00";
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  const size_t begin = s[0] == '-' ? 1 : 0;
  size_t end = s.find('.');
  if (end == std::string::npos) end = s.size();
  for (size_t i = end; i > begin + 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

// A value as display text: strings as they are, numbers formatted, anything else `fallback`.
std::string as_text(const json* v, std::string fallback = kNone) {
  if (v == nullptr) return fallback;
  if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    return s.empty() ? fallback : s;
  }
  if (v->is_number()) return format_number(v->get<double>());
  if (v->is_boolean()) return v->get<bool>() ? "是" : "否";
  return fallback;
}

std::string text(const json& j, std::string_view key, std::string fallback = kNone) {
  return as_text(find(j, key), std::move(fallback));
}

bool flag(const json& j, std::string_view key) {
  const json* v = find(j, key);
  return v != nullptr && v->is_boolean() && v->get<bool>();
}

// The items of the array under `key`; empty when it is missing or not an array.
const json& items(const json& j, std::string_view key) {
  static const json kEmpty = json::array();
  const json* v = find(j, key);
  return v != nullptr && v->is_array() ? *v : kEmpty;
}

// "2026-11-30T01:02:03Z" -> "2026-11-30 09:02:03（北京时间 UTC+8）"; other text unchanged.
std::string shanghai_time(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, used = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &used) != 6)
    return iso;
  std::string_view rest = std::string_view(iso).substr(static_cast<size_t>(used));
  if (!rest.empty() && rest[0] == '.') {
    rest.remove_prefix(1);
    while (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') rest.remove_prefix(1);
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y),
                                        std::chrono::month(static_cast<unsigned>(mo)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (rest != "Z" || !ymd.ok() || h > 23 || mi > 59 || s > 60) return iso;
  const auto local = std::chrono::sys_days(ymd) + std::chrono::hours(h + 8) +
                     std::chrono::minutes(mi) + std::chrono::seconds(s);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day lymd(day);
  const std::chrono::hh_mm_ss hms(local - day);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d（北京时间 UTC+8）",
                static_cast<int>(lymd.year()), static_cast<unsigned>(lymd.month()),
                static_cast<unsigned>(lymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string view_label(const std::string& view) {
  if (view == "authorized") return "授权查询 Authorized";
  if (view == "desensitized") return "脱敏视图 Desensitized";
  return view;
}

// "label (code)" when both are present.
std::string named(const json& j, std::string_view name_key, std::string_view code_key) {
  const std::string name = text(j, name_key, "");
  const std::string code = text(j, code_key, "");
  if (name.empty()) return code.empty() ? kNone : code;
  return code.empty() ? name : name + "（" + code + "）";
}

// Why section `key` is empty: the report's withheld reason, else `fallback`.
Paragraph empty_section(const json& report, std::string_view key, std::string fallback = kNone) {
  const json* withheld = find(report, "withheld");
  return {withheld != nullptr ? text(*withheld, key, fallback) : fallback, Paragraph::Tone::kEmpty};
}

// "罚款金额：2万元" lines, one per field, a masked one followed by its badge.
Cell field_lines(const json& fields) {
  Cell cell;
  for (const json& f : fields) {
    if (!cell.text.empty()) cell.text += "\n";
    cell.text += text(f, "label", text(f, "name")) + "：" + text(f, "value");
    if (flag(f, "masked")) cell.marks.push_back({cell.text.size(), Badge::kMasked});
  }
  if (cell.text.empty()) cell.text = kNone;
  return cell;
}

KeyValues header(const json& r) {
  std::string purpose = text(r, "purpose_label", text(r, "purpose"));
  if (const std::string en = text(r, "purpose_label_en", ""); !en.empty()) purpose += " " + en;
  const json* institution = find(r, "institution");
  return {{
      {"报告编号", "Report No.", {text(r, "report_number"), {}}},
      {"出具时间", "Issued", {shanghai_time(text(r, "issued_at")), {}}},
      {"有效期至", "Valid until", {shanghai_time(text(r, "valid_until")), {}}},
      {"查询机构",
       "Institution",
       {institution != nullptr ? text(*institution, "name") : kNone, {}}},
      {"查询用途", "Purpose", {purpose, {}}},
      {"报告视图", "View", {view_label(text(r, "view")), {}}},
      {"授权编号", "Authorization", {text(r, "authorization_id"), {}}},
      {"校验码", "Verification code", {text(r, "verification_code"), {}}},
      {"核验方式",
       "How to verify",
       {"在平台 /verify 页面输入报告编号与校验码核验（Enter the report number and the "
        "verification code on the platform's /verify page）",
        {}}},
  }};
}

Section registration(const json& r) {
  Section s{1, "登记信息", "Registration", {}};
  const json* e = find(r, "enterprise");
  if (e == nullptr) {
    s.blocks.push_back(empty_section(r, "enterprise"));
    return s;
  }
  s.blocks.push_back(KeyValues{{
      {"企业名称", "Name", {text(*e, "name"), {}}},
      {"统一社会信用代码", "USCC", {text(*e, "uscc"), {}}},
      {"所属区", "District", {named(*e, "district_name", "district"), {}}},
      {"所属行业", "Industry", {named(*e, "industry_name", "industry"), {}}},
      {"企业规模", "Size", {text(*e, "size_label", text(*e, "size")), {}}},
      {"成立日期", "Registered", {text(*e, "registration_date"), {}}},
      {"注册资本", "Capital", {text(*e, "registered_capital"), {}}},
      {"登记状态", "Status", {text(*e, "status_label", text(*e, "status")), {}}},
  }});
  return s;
}

Section evaluation(const json& r) {
  Section s{2, "综合信用评价", "Composite evaluation", {}};
  const json* e = find(r, "evaluation");
  if (e == nullptr || !e->is_object()) {
    s.blocks.push_back(empty_section(r, "evaluation"));
    return s;
  }
  s.blocks.push_back(KeyValues{{
      {"综合评分", "Score (0–1000)", {text(*e, "score"), {}}},
      {"信用等级", "Grade", {text(*e, "grade"), {}}},
      {"评价月份", "As of", {text(*e, "as_of"), {}}},
      {"模型版本", "Model version", {text(*e, "model_version"), {}}},
  }});
  const json& factors = items(*e, "factors");
  if (factors.empty()) return s;
  s.blocks.push_back(Subheading{"主要影响因素 Top factor contributions"});
  Table t{{{"指标", "Indicator", 3},
           {"取值", "Value", 2},
           {"得分", "Points", 1, true},
           {"权重", "Weight", 1, true},
           {"贡献", "Contribution", 1.2, true}},
          {},
          {}};
  for (const json& f : factors)
    t.rows.push_back({{text(f, "name", text(f, "indicator")), {}},
                      {text(f, "value"), {}},
                      {text(f, "points", kNoNumber), {}},
                      {text(f, "weight", kNoNumber), {}},
                      {text(f, "contribution", kNoNumber), {}}});
  s.blocks.push_back(std::move(t));
  return s;
}

Section scorecard(const json& r) {
  Section s{3, "评分卡", "Scorecard", {}};
  const json* c = find(r, "scorecard");
  if (c == nullptr || !c->is_object()) {
    s.blocks.push_back(empty_section(r, "scorecard", "未授权/无评分卡"));
    return s;
  }
  s.blocks.push_back(KeyValues{{
      {"评分卡模型", "Model", {text(*c, "model"), {}}},
      {"评分卡得分", "Score", {text(*c, "score"), {}}},
      {"优劣比约定", "Odds", {text(*c, "odds"), {}}},
  }});
  const json& reasons = items(*c, "reasons");
  if (reasons.empty()) return s;
  s.blocks.push_back(Subheading{"原因代码 Reason codes"});
  Table t{{{"代码", "Code", 1}, {"指标", "Indicator", 3}, {"说明", "Reason", 4}}, {}, {}};
  for (const json& reason : reasons)
    t.rows.push_back({{text(reason, "code"), {}},
                      {text(reason, "name", text(reason, "indicator")), {}},
                      {text(reason, "text"), {}}});
  s.blocks.push_back(std::move(t));
  return s;
}

Section indicators(const json& r) {
  Section s{4, "指标及趋势", "Indicators and trend", {}};
  const json& list = items(r, "indicators");
  if (list.empty()) {
    s.blocks.push_back(empty_section(r, "indicators"));
    return s;
  }
  std::set<std::string> months;
  for (const json& ind : list)
    for (const json& v : items(ind, "values")) months.insert(text(v, "as_of"));
  Table t;
  t.columns = {{"指标", "Indicator", 3}, {"单位", "Unit", 1}};
  for (const std::string& m : months) t.columns.push_back({m, "", 1.4, true});
  for (const json& ind : list) {
    std::vector<Cell> row{{text(ind, "name", text(ind, "id")), {}}, {text(ind, "unit", ""), {}}};
    std::vector<std::optional<double>> series;
    for (const std::string& m : months) {
      const json* found = nullptr;
      for (const json& v : items(ind, "values"))
        if (text(v, "as_of") == m) found = &v;
      const json* value = found != nullptr ? find(*found, "value") : nullptr;
      row.push_back({as_text(value, kNoNumber), {}});
      series.push_back(value != nullptr && value->is_number()
                           ? std::optional<double>(value->get<double>())
                           : std::nullopt);
    }
    t.rows.push_back(std::move(row));
    t.series.push_back(std::move(series));
  }
  s.blocks.push_back(std::move(t));
  return s;
}

Section records_summary(const json& r) {
  Section s{5, "分类记录汇总", "Records by category", {}};
  const json& list = items(r, "records_summary");
  if (list.empty()) {
    s.blocks.push_back(empty_section(r, "records_summary"));
    return s;
  }
  Table t{{{"信息类别", "Category", 2.2},
           {"提供部门", "Source", 3},
           {"记录数", "Records", 1, true},
           {"最近月份", "Latest", 1.2},
           {"来源", "Origin", 1.2},
           {"视图", "View", 1.6}},
          {},
          {}};
  for (const json& c : list)
    t.rows.push_back({{named(c, "name", "category"), {}},
                      {text(c, "department"), {}},
                      {text(c, "records", "0"), {}},
                      {text(c, "latest"), {}},
                      {flag(c, "self_reported") ? "企业自报" : "部门归集", {}},
                      {view_label(text(c, "view")), {}}});
  s.blocks.push_back(std::move(t));
  return s;
}

Section adverse_records(const json& r) {
  Section s{6, "不良记录", "Adverse records (penalties, arrears, judgments)", {}};
  const json& list = items(r, "adverse_records");
  if (list.empty()) {
    s.blocks.push_back(empty_section(r, "adverse_records"));
    return s;
  }
  Table t{{{"日期", "Date", 1.3},
           {"类型", "Kind", 1.5},
           {"摘要", "Summary", 3.5},
           {"详情", "Details", 3},
           {"状态", "Status", 1.6}},
          {},
          {}};
  for (const json& a : list) {
    std::string kind = text(a, "kind_label", text(a, "kind"));
    if (const std::string category = text(a, "category_name", ""); !category.empty())
      kind += "\n" + category;
    Cell status{flag(a, "under_dispute") ? "" : "—", {}};
    if (flag(a, "under_dispute")) status.marks.push_back({0, Badge::kDispute});
    t.rows.push_back({{text(a, "date"), {}},
                      {kind, {}},
                      {text(a, "summary"), {}},
                      field_lines(items(a, "fields")),
                      status});
  }
  s.blocks.push_back(std::move(t));
  return s;
}

Section self_reported(const json& r) {
  Section s{7, "自报信息", "Self-reported data", {}};
  const json& list = items(r, "self_reported");
  if (list.empty()) {
    s.blocks.push_back(empty_section(r, "self_reported"));
    return s;
  }
  s.blocks.push_back(
      Paragraph{"以下信息为企业自报（已作信用承诺），平台未核实其真实性。"
                "Reported by the enterprise under a credit commitment; not "
                "verified by the platform.",
                Paragraph::Tone::kNotice});
  for (const json& entry : list) {
    s.blocks.push_back(
        Subheading{"企业自报（已作信用承诺） · 所属期 Period " + text(entry, "period")});
    Table t{{{"项目", "Item", 2}, {"内容", "Value", 5}}, {}, {}};
    for (const json& f : items(entry, "fields")) {
      Cell value{text(f, "value"), {}};
      if (flag(f, "masked")) value.marks.push_back({value.text.size(), Badge::kMasked});
      t.rows.push_back({{text(f, "label", text(f, "name")), {}}, value});
    }
    const json* commitment = find(entry, "commitment");
    t.rows.push_back({{"承诺书摘要 SHA-256", {}},
                      {commitment != nullptr ? text(*commitment, "text_sha256") : kNone, {}}});
    t.rows.push_back(
        {{"承诺时间", {}},
         {commitment != nullptr ? shanghai_time(text(*commitment, "signed_at")) : kNone, {}}});
    s.blocks.push_back(std::move(t));
  }
  return s;
}

Section notes(const json& r) {
  Section s{8, "说明", "Notes", {}};
  const json& list = items(r, "notes");
  int n = 0;
  for (const json& note : list)
    s.blocks.push_back(Paragraph{std::to_string(++n) + ". " + as_text(&note)});
  if (list.empty()) s.blocks.push_back(empty_section(r, "notes"));
  return s;
}

}  // namespace

std::string badge_text(Badge badge) {
  switch (badge) {
    case Badge::kDispute:
      return "异议处理中 under dispute";
    case Badge::kMasked:
      return "已脱敏";
  }
  return "";
}

Status check_required(const json& report) {
  if (!report.is_object()) return invalid_argument("report: expected a JSON object");
  auto missing = [](std::string key) {
    return invalid_argument("report: missing or invalid \"" + key + "\"",
                            {{key, "required string"}});
  };
  for (const char* key : {"report_number", "issued_at", "verification_code"}) {
    const json* v = find(report, key);
    if (v == nullptr || !v->is_string() || v->get_ref<const std::string&>().empty())
      return missing(key);
  }
  for (const char* object : {"institution", "enterprise"}) {
    const json* o = find(report, object);
    if (o == nullptr || !o->is_object()) return missing(object);
    for (const char* key : {"name", "uscc"}) {
      if (std::string_view(object) == "institution" && std::string_view(key) == "uscc") continue;
      const json* v = find(*o, key);
      if (v == nullptr || !v->is_string() || v->get_ref<const std::string&>().empty())
        return missing(std::string(object) + "." + key);
    }
  }
  return Status::ok();
}

Document build_document(const json& report, std::string_view lang) {
  Document doc;
  doc.title = "上海市融资信用服务平台 · 企业信用报告";
  doc.title_en = "Shanghai Financing Credit Service Platform · Enterprise Credit Report";
  doc.report_number = text(report, "report_number");
  const json* institution = find(report, "institution");
  doc.institution = institution != nullptr ? text(*institution, "name", "") : "";
  doc.issued_at = text(report, "issued_at", "");
  doc.lang = lang == "en" ? "en" : "zh";
  doc.header = header(report);
  doc.sections.push_back(registration(report));
  doc.sections.push_back(evaluation(report));
  doc.sections.push_back(scorecard(report));
  doc.sections.push_back(indicators(report));
  doc.sections.push_back(records_summary(report));
  doc.sections.push_back(adverse_records(report));
  doc.sections.push_back(self_reported(report));
  doc.sections.push_back(notes(report));
  return doc;
}

}  // namespace rx::report::internal
