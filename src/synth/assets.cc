// Public resource trading awards and intellectual property: the assets of a firm, which
// healthy, larger and technical firms accumulate.
#include <algorithm>
#include <cmath>
#include <string>

#include "synth/firm.h"

namespace rx::synth {
namespace {

constexpr std::string_view kPurchasers[] = {
    "教育局",           "卫生健康委员会",   "城市管理行政执法局",
    "绿化和市容管理局", "建设和管理委员会", "民政局"};

std::string_view procurement_item(char section) {
  switch (section) {
    case 'I':
      return "信息化系统运维服务";
    case 'M':
      return "检验检测服务";
    case 'L':
      return "咨询服务";
    case 'C':
      return "专用设备";
    case 'H':
      return "食堂餐饮服务";
    case 'O':
      return "物业保洁服务";
    case 'R':
      return "宣传策划服务";
    case 'G':
      return "货物运输服务";
    default:
      return "办公设备及耗材";
  }
}

struct ProjectType {
  std::string_view id, code;
};
constexpr ProjectType kProcurement{"government_procurement", "ZFCG"};
constexpr ProjectType kConstruction{"construction", "JSGC"};
constexpr ProjectType kMedicine{"medicine_procurement", "YPCG"};
constexpr ProjectType kProperty{"state_property", "GYCQ"};
constexpr ProjectType kLand{"land_use_rights", "TDCR"};

}  // namespace

void write_trading(const Firm& f, const Window& w, CsvTable& out) {
  if (f.first_month > f.last_month) return;
  Rng r = f.rng(Stream::kTrading);
  const std::string_view dist = district_name(f.e->district);
  const char section = f.e->industry[0];
  std::vector<std::string> used;
  for (int m = f.first_month; m <= f.last_month; ++m) {
    const double d = f.distress_at(m);
    if (!r.chance(0.0006 * f.industry->trading_factor * std::sqrt(f.scale()) *
                  (0.3 + 1.4 * f.health) * (1 - 0.8 * d)))
      continue;
    const int32_t day = day_in_month(f, w, r, m);
    if (day < 0) continue;
    const ProjectType& type = section == 'E' && r.chance(0.85)           ? kConstruction
                              : f.e->industry == "F51" && r.chance(0.15) ? kMedicine
                              : f.e->size == registry::SizeClass::kLarge && r.chance(0.05) ? kLand
                              : r.chance(0.05) ? kProperty
                                               : kProcurement;
    std::string code(type.code);
    append_int(code, civil_from_days(day).year);
    code += '-';
    append_int(code, r.range(1, 999999), 6);
    if (!claim(used, code)) continue;

    std::string purchaser = "上海市";
    purchaser += dist;
    purchaser += dist.empty() ? "财政局" : r.pick(kPurchasers);
    std::string name(dist.empty() ? "市级" : dist);
    if (&type == &kConstruction) {
      name += r.chance(0.5) ? "中小学校舍修缮工程" : "道路及排水管网改建工程";
    } else if (&type == &kMedicine) {
      name += "医疗机构药品和医用耗材集中采购";
    } else if (&type == &kLand) {
      name += "工业用地国有建设用地使用权出让";
    } else if (&type == &kProperty) {
      name += "国有企业闲置设备转让";
    } else {
      name += procurement_item(section);
      name += "采购项目";
    }
    const double typical = 300000 * std::pow(f.scale(), 0.8) * (&type == &kConstruction ? 5 : 1);
    out.text(f.e->uscc.str())
        .text(code)
        .text(name)
        .text(type.id)
        .text(purchaser)
        .date(day)
        .money(to_fen(std::round(r.lognormal(std::log(typical), 0.9))))
        .integer(r.range(3, 15))
        .end();
  }
}

namespace {

enum IpType { kInvention, kUtility, kDesign, kTrademark, kSoftware };
constexpr std::string_view kIpTypes[] = {"patent_invention", "patent_utility", "patent_design",
                                         "trademark", "copyright_software"};
constexpr int kTechMix[] = {25, 30, 5, 20, 20};
constexpr int kOtherMix[] = {3, 8, 7, 65, 17};
// Days from application to grant (min, max) and legal life in years.
constexpr int kLagMin[] = {400, 150, 120, 270, 30};
constexpr int kLagMax[] = {1200, 400, 300, 450, 90};
constexpr int kLifeYears[] = {20, 10, 15, 10, 50};

constexpr std::string_view kTopics[] = {"基于深度学习的", "低功耗",         "高精度", "模块化",
                                        "自动化",         "多源数据融合的", "环保型", "便于维护的"};
constexpr std::string_view kObjects[] = {
    "数据处理方法及系统",   "信号采集电路", "检测装置", "输送机构",
    "涂层材料及其制备方法", "身份认证方法", "散热结构", "控制装置"};
constexpr std::string_view kDesigns[] = {"包装盒", "控制面板", "智能音箱", "储物柜", "灯具"};
constexpr std::string_view kTradeChars[] = {"华", "信", "瑞", "达", "鑫", "源", "恒", "泰",
                                            "盛", "兴", "宏", "博", "星", "辰", "锦", "嘉"};
constexpr std::string_view kSoftwareTitles[] = {
    "智慧仓储管理系统", "客户关系管理平台", "财务核算软件", "设备远程监控系统", "供应链协同平台"};

IpType pick_type(Rng& r, bool tech) {
  const int* mix = tech ? kTechMix : kOtherMix;
  auto x = static_cast<int>(r.below(100));
  for (int t = 0; t < 5; ++t) {
    if (x < mix[t]) return static_cast<IpType>(t);
    x -= mix[t];
  }
  return kTrademark;
}

// A CNIPA patent number: ZL + 12-digit application number + '.' + mod-11 check character.
std::string patent_number(int year, int kind, int64_t serial) {
  std::string digits;
  append_int(digits, year, 4);
  append_int(digits, kind);
  append_int(digits, serial, 7);
  constexpr int kWeights[] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
  int sum = 0;
  for (size_t i = 0; i < 12; ++i) sum += (digits[i] - '0') * kWeights[i];
  const int check = sum % 11;
  return "ZL" + digits + "." + (check == 10 ? std::string("X") : std::to_string(check));
}

}  // namespace

void write_intellectual_property(const Firm& f, const Window& w, CsvTable& out) {
  const int32_t last = std::min(f.end_day, w.last_day);
  const int32_t first = f.reg_day + 60;
  if (first > last) return;
  Rng r = f.rng(Stream::kIntellectualProperty);
  const double ip_scale = f.micro() ? 0.4 : std::pow(f.scale(), 0.9) / 3 + 0.2;
  const double years = std::min(15.0, (last - f.reg_day) / 365.25);
  const int count =
      std::min(300, r.poisson(f.industry->ip_rate * ip_scale * (0.3 + 1.4 * f.health) * years));
  std::vector<std::string> used;
  for (int i = 0; i < count; ++i) {
    const IpType type = pick_type(r, f.industry->tech);
    const int32_t granted = static_cast<int32_t>(r.range(first, last));
    const int32_t applied =
        std::max(f.reg_day, granted - static_cast<int32_t>(r.range(kLagMin[type], kLagMax[type])));
    std::string number, title;
    switch (type) {
      case kInvention:
      case kUtility:
      case kDesign:
        number = patent_number(civil_from_days(applied).year, type + 1, r.range(1, 9999999));
        title = type == kDesign
                    ? std::string(r.pick(kDesigns))
                    : "一种" + std::string(r.pick(kTopics)) + std::string(r.pick(kObjects));
        break;
      case kTrademark:
        append_int(number, r.range(10000000, 79999999));
        title = std::string(r.pick(kTradeChars)) + std::string(r.pick(kTradeChars));
        break;
      case kSoftware:
        append_int(number, civil_from_days(granted).year);
        number += "SR";
        append_int(number, r.range(1, 9999999), 7);
        title = std::string(r.pick(kSoftwareTitles)) + "V" + std::to_string(r.range(1, 3)) + ".0";
        break;
    }
    if (!claim(used, number)) continue;

    // Patents lapse when a firm in trouble stops paying annual fees.
    const double d = f.distress_at(w.last_month);
    std::string_view status = "valid";
    if (applied + static_cast<int32_t>(kLifeYears[type] * 365.25) < w.last_day &&
        (type != kTrademark || r.chance(0.3)))
      status = "lapsed";
    else if (type <= kDesign && r.chance(0.03 + 0.4 * d))
      status = "lapsed";
    else if (r.chance(0.01))
      status = "invalidated";
    else if (r.chance(0.02))
      status = "transferred";
    const bool pledged = status == "valid" && type != kDesign && r.chance(0.04);
    out.text(f.e->uscc.str())
        .text(kIpTypes[type])
        .text(number)
        .text(title)
        .date(applied)
        .date(granted)
        .text(status)
        .boolean(pledged);
    if (pledged)
      out.money(to_fen(std::round(r.lognormal(std::log(1000000 * std::sqrt(f.scale())), 0.8))));
    else
      out.empty();
    out.end();
  }
}

}  // namespace rx::synth
