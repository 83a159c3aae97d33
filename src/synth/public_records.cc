// Yearly tax credit grades and the 双公示 records (administrative penalties and licences).
#include <algorithm>
#include <cmath>
#include <string>

#include "synth/firm.h"

namespace rx::synth {
namespace {

// Where "%" appears in a name it is replaced by the district ("浦东新区"); in a document
// prefix by the district's abbreviation ("浦"). Municipal bodies handle firms from elsewhere.
std::string place(std::string_view pattern, std::string_view district, std::string_view fallback) {
  std::string out;
  for (char c : pattern) {
    if (c == '%')
      out += district.empty() ? fallback : district;
    else
      out += c;
  }
  return out;
}

struct Violation {
  std::string_view authority;  // "%" = district
  std::string_view prefix;     // decision number prefix; "%" = district abbreviation
  std::string_view violation;
  std::string_view basis;
  double fine_lo, fine_hi;  // yuan; 0 = no fine possible
  bool confiscation;        // may also confiscate illegal gains
  bool distress_driven;     // committed by firms in trouble rather than by anyone
};

constexpr Violation kViolations[] = {
    {"上海市%市场监督管理局", "沪市监%处", "发布虚假广告、进行虚假宣传",
     "《中华人民共和国反不正当竞争法》第二十条", 20000, 1000000, false, false},
    {"上海市%市场监督管理局", "沪市监%处", "销售不合格产品",
     "《中华人民共和国产品质量法》第四十九条", 5000, 500000, true, false},
    {"国家税务总局上海市%税务局", "沪%税简罚", "未按照规定期限办理纳税申报和报送纳税资料",
     "《中华人民共和国税收征收管理法》第六十二条", 200, 10000, false, true},
    {"上海市%人力资源和社会保障局", "沪%人社监罚", "未按时足额支付劳动者工资报酬",
     "《劳动保障监察条例》第二十六条", 2000, 50000, false, true},
    {"上海市%消防救援支队", "沪%消行罚决字", "消防设施、器材未保持完好有效",
     "《中华人民共和国消防法》第六十条", 5000, 50000, false, false},
    {"上海市%生态环境局", "沪%环罚", "超过大气污染物排放标准排放大气污染物",
     "《中华人民共和国大气污染防治法》第九十九条", 100000, 1000000, false, false},
    {"上海市%应急管理局", "沪%应急罚", "未按规定对从业人员进行安全生产教育和培训",
     "《中华人民共和国安全生产法》第九十七条", 10000, 100000, false, false},
    {"上海市%城市管理行政执法局", "沪%城管罚", "擅自设置户外广告设施",
     "《上海市市容环境卫生管理条例》第四十八条", 1000, 10000, false, false},
    {"上海市%市场监督管理局", "沪市监%处", "食品经营者未按规定查验进货凭证",
     "《中华人民共和国食品安全法》第一百二十六条", 5000, 50000, false, false},
};

struct License {
  std::string_view name;
  std::string_view category;
  std::string_view authority;
  std::string_view prefix;
  std::string_view content;
  int years;  // validity; 0 = indefinite
};

constexpr License kFoodLicense{"食品经营许可证",
                               "general",
                               "上海市%市场监督管理局",
                               "沪市监%食许",
                               "预包装食品销售、热食类食品制售",
                               5};
constexpr License kDrainLicense{
    "城镇污水排入排水管网许可证", "general", "上海市%水务局", "沪%水务排许",
    "向城镇排水设施排放污水",     5};

const License& license_for(std::string_view industry, Rng& r) {
  static constexpr License kConstruction{"建筑业企业资质证书",      "approval",
                                         "上海市%建设和管理委员会", "沪%建许",
                                         "建筑工程施工总承包三级",  5};
  static constexpr License kTransport{"道路运输经营许可证", "general",          "上海市%交通委员会",
                                      "沪%交运许",          "道路普通货物运输", 4};
  static constexpr License kChemicals{
      "危险化学品经营许可证",           "general", "上海市%应急管理局", "沪%危化经许",
      "危险化学品批发（不带储存设施）", 3};
  static constexpr License kPollution{
      "排污许可证", "general", "上海市%生态环境局", "沪%环排许", "排放大气污染物、水污染物", 5};
  static constexpr License kTelecom{"增值电信业务经营许可证",
                                    "franchise",
                                    "上海市通信管理局",
                                    "沪通信许",
                                    "第二类增值电信业务中的信息服务业务",
                                    5};
  static constexpr License kHr{"人力资源服务许可证", "general",      "上海市%人力资源和社会保障局",
                               "沪%人社许",          "职业中介活动", 0};
  static constexpr License kShow{"营业性演出许可证", "general",  "上海市%文化和旅游局",
                                 "沪%文旅许",        "演出经纪", 2};
  static constexpr License kHygiene{"公共场所卫生许可证", "general",      "上海市%卫生健康委员会",
                                    "沪%卫公许",          "公共场所经营", 4};
  if (r.chance(0.2)) return kDrainLicense;
  switch (industry[0]) {
    case 'E':
      return kConstruction;
    case 'G':
      return kTransport;
    case 'H':
      return kFoodLicense;
    case 'I':
      return kTelecom;
    case 'R':
      return kShow;
    case 'O':
      return kHygiene;
    case 'C':
      return industry == "C26" ? kChemicals : kPollution;
    case 'F':
      return industry == "F51" ? kChemicals : kFoodLicense;
    case 'L':
      return kHr;
    default:
      return kDrainLicense;
  }
}

double license_factor(std::string_view industry) {
  switch (industry[0]) {
    case 'E':
    case 'G':
    case 'H':
    case 'C':
      return 3;
    case 'I':
    case 'F':
      return 1.5;
    default:
      return 0.7;
  }
}

std::string decision_number(std::string_view prefix, std::string_view abbr, int year, Rng& r) {
  std::string out = place(prefix, abbr, "");
  out += "〔";
  append_int(out, year);
  out += "〕";
  append_int(out, r.range(1, 99999), 5);
  out += "号";
  return out;
}

}  // namespace

void write_tax_grades(const Firm& f, const Window& w, CsvTable& out) {
  Rng r = f.rng(Stream::kGrades);
  for (int year = civil_from_days(w.first_day).year - 1; year <= civil_from_days(w.last_day).year;
       ++year) {
    // The grades of a year are published once, in April of the next year.
    const int32_t published = days_from_civil(year + 1, 4, 15 + year % 7);
    if (published < w.first_day || published > w.last_day || !f.active_on(published)) continue;
    if (f.reg_day > days_from_civil(year, 12, 31)) continue;
    std::string_view grade;
    if (f.reg_day >= days_from_civil(year, 1, 1)) {
      grade = "M";  // 新设立: registered during the evaluation year
    } else {
      double s = f.health - 0.7 * f.distress_at(month_index(year, 12)) + 0.05 * r.normal();
      grade = s >= 0.68 ? "A" : s >= 0.22 ? "B" : s >= 0.0 ? "C" : "D";
    }
    out.text(f.e->uscc.str()).integer(year).text(grade).date(published).end();
  }
}

void write_penalties_and_licenses(const Firm& f, const Window& w, const Tables& out) {
  if (f.first_month > f.last_month) return;
  const std::string_view dist = district_name(f.e->district), abbr = district_abbr(f.e->district);
  const std::string& uscc = f.e->uscc.str();
  const double size = std::sqrt(f.scale());
  std::vector<std::string> used;

  Rng r = f.rng(Stream::kPenalties);
  for (int m = f.first_month; m <= f.last_month; ++m) {
    const double d = f.distress_at(m);
    if (!r.chance((0.0012 + 0.03 * std::pow(d, 1.2)) * f.industry->penalty_factor * size)) continue;
    const int32_t day = day_in_month(f, w, r, m);
    if (day < 0) continue;
    // Firms in trouble mostly fail to declare or to pay wages; others break trade rules.
    const Violation& v =
        r.chance(0.2 + 0.6 * d) ? kViolations[2 + r.below(2)] : r.pick(kViolations);
    std::string number = decision_number(v.prefix, abbr, civil_from_days(day).year, r);
    if (!claim(used, number)) continue;

    const bool serious = v.fine_lo >= 100000 || r.chance(0.03 + 0.2 * d);
    std::string_view severity = serious ? "serious" : r.chance(0.3) ? "minor" : "general";
    std::string_view type = "fine";
    int64_t fine = 0, confiscated = 0;
    if (severity == "minor") {
      type = "warning";
    } else {
      double hi = serious ? v.fine_hi : std::sqrt(v.fine_lo * v.fine_hi);
      fine = to_fen(std::round(r.uniform(v.fine_lo, hi) / 100) * 100);
      if (v.confiscation && r.chance(0.5)) {
        confiscated = to_fen(r.lognormal(std::log(20000), 1.0));
        type = "confiscation";
      }
      if (serious && r.chance(0.15)) type = r.chance(0.5) ? "suspension" : "license_revocation";
    }
    std::string content = type == "warning" ? "警告" : "警告，罚款人民币";
    if (fine > 0) {
      append_int(content, fine / 100);
      content += "元";
    }
    if (confiscated > 0) content += "，没收违法所得";
    if (type == "suspension") content += "，责令停产停业";
    if (type == "license_revocation") content += "，吊销相关许可证件";

    table(out, Table::kAdminPenalty)
        .text(uscc)
        .text(number)
        .text(type)
        .text(severity)
        .text(v.violation)
        .text(v.basis)
        .text(content)
        .money(fine)
        .money(confiscated)
        .text(place(v.authority, dist, ""))
        .date(day)
        .date(std::min(day + static_cast<int32_t>(r.range(1, 7)), w.last_day))
        .end();
  }

  Rng lr = f.rng(Stream::kLicenses);
  const double license_rate = 0.004 * license_factor(f.e->industry) * size * (0.7 + 0.6 * f.health);
  for (int m = f.first_month; m <= f.last_month; ++m) {
    if (!lr.chance(license_rate * (m == month_of_day(f.reg_day) ? 10 : 1))) continue;
    const int32_t day = day_in_month(f, w, lr, m);
    if (day < 0) continue;
    const License& l = license_for(f.e->industry, lr);
    std::string number = decision_number(l.prefix, abbr, civil_from_days(day).year, lr);
    if (!claim(used, number)) continue;
    CsvTable& t = table(out, Table::kAdminLicense);
    t.text(uscc).text(number).text(l.name).text(l.category).text(place(l.authority, dist, ""));
    t.date(day).date(day);
    if (l.years > 0)
      t.date(day + l.years * 365 + l.years / 4 - 1);
    else
      t.empty();
    t.date(std::min(day + static_cast<int32_t>(lr.range(1, 7)), w.last_day)).text(l.content).end();
  }
}

}  // namespace rx::synth
