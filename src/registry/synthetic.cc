#include "registry/synthetic.h"

#include <array>
#include <string>
#include <unordered_set>

namespace rx::registry {
namespace {

template <class T>
struct Weighted {
  T value;
  int weight;
};

template <class T, size_t N>
const T& pick(Random& r, const std::array<Weighted<T>, N>& table) {
  int total = 0;
  for (const auto& w : table) total += w.weight;
  auto x = static_cast<int>(r.uniform(static_cast<uint64_t>(total)));
  for (const auto& w : table) {
    if (x < w.weight) return w.value;
    x -= w.weight;
  }
  return table.back().value;
}

// Roughly the shares of Shanghai's registered market entities by district.
constexpr std::array<Weighted<std::string_view>, 17> kDistrictMix = {{
    {"310115", 22},
    {"310112", 9},
    {"310114", 8},
    {"310117", 8},
    {"310113", 7},
    {"310118", 6},
    {"310120", 6},
    {"310116", 4},
    {"310151", 4},
    {"310104", 4},
    {"310107", 4},
    {"310110", 4},
    {"310106", 3},
    {"310105", 3},
    {"310101", 2},
    {"310109", 2},
    {"other", 4},
}};

struct IndustryPick {
  std::string_view code;
  std::string_view word;  // the business word in the firm's name
};

constexpr std::array<Weighted<IndustryPick>, 16> kIndustryMix = {{
    {{"F51", "贸易"}, 18},
    {{"F52", "商贸"}, 8},
    {{"L72", "企业管理咨询"}, 12},
    {{"I65", "信息科技"}, 10},
    {{"I64", "网络科技"}, 4},
    {{"M75", "科技发展"}, 8},
    {{"C39", "电子科技"}, 5},
    {{"C34", "机械制造"}, 5},
    {{"C26", "化工"}, 2},
    {{"E48", "建设工程"}, 6},
    {{"G54", "物流"}, 5},
    {{"G59", "仓储"}, 2},
    {{"H62", "餐饮管理"}, 5},
    {{"R87", "文化传播"}, 4},
    {{"O80", "家政服务"}, 3},
    {{"A01", "农业发展"}, 3},
}};

constexpr std::array<Weighted<SizeClass>, 4> kSizeMix = {{{SizeClass::kMicro, 70},
                                                          {SizeClass::kSmall, 21},
                                                          {SizeClass::kMedium, 7},
                                                          {SizeClass::kLarge, 2}}};

constexpr std::array<Weighted<EnterpriseStatus>, 3> kStatusMix = {
    {{EnterpriseStatus::kActive, 94},
     {EnterpriseStatus::kRevoked, 4},
     {EnterpriseStatus::kCancelled, 2}}};

// Characters that make plausible 字号 (trade names) when two are combined.
constexpr std::string_view kTradeChars[] = {
    "华", "信", "诚", "瑞", "达", "鑫", "源", "恒", "泰", "盛", "隆", "兴", "丰", "宏", "博",
    "远", "航", "海", "申", "浦", "新", "星", "辰", "锦", "润", "嘉", "和", "祥", "安", "康",
    "正", "德", "明", "启", "凯", "越", "晟", "汇", "通", "联", "致", "臻", "朗", "云", "峰",
    "翔", "腾", "融", "众", "智", "创", "优", "佳", "景", "璟", "弘", "昊", "奕", "骏", "衡"};

constexpr std::string_view kOtherDivisions[] = {"320500", "330100", "320100", "110105",
                                                "440300", "340100", "370200", "510100"};

std::string trade_name(Random& r, int syllables) {
  std::string out;
  for (int i = 0; i < syllables; ++i) out += kTradeChars[r.uniform(std::size(kTradeChars))];
  return out;
}

Uscc make_uscc(Random& r, std::string_view district) {
  std::string division(district == "other" ? kOtherDivisions[r.uniform(std::size(kOtherDivisions))]
                                           : district);
  for (;;) {
    // Post-2015 registrations: organization code "MA" + 6 characters of the USCC charset.
    std::string body = "MA";
    for (int i = 0; i < 6; ++i) body += Uscc::kCharset[r.uniform(Uscc::kCharset.size())];
    auto check = Uscc::organization_check(body);
    if (!check.is_ok()) continue;
    auto uscc = Uscc::from_first17("91" + division + body + *check);
    if (uscc.is_ok()) return *uscc;
  }
}

}  // namespace

void generate_enterprises(int64_t count, uint64_t seed, Instant now,
                          const std::function<void(Enterprise&&)>& emit) {
  SeededRandom r(seed);
  std::unordered_set<std::string> usccs, names;
  const int32_t today = date_of(now).days_since_epoch();
  const int32_t earliest = Date::from_ymd(1992, 1, 1)->days_since_epoch();
  for (int64_t i = 0; i < count; ++i) {
    std::string_view district = pick(r, kDistrictMix);
    const IndustryPick& industry = pick(r, kIndustryMix);
    SizeClass size = pick(r, kSizeMix);

    Uscc uscc = make_uscc(r, district);
    while (!usccs.insert(uscc.str()).second) uscc = make_uscc(r, district);

    std::string name;
    for (int syllables = 2;; ++syllables) {
      name = "上海" + trade_name(r, syllables) + std::string(industry.word) + "有限公司";
      if (names.insert(name).second) break;
    }

    // Younger firms are more common: square a uniform draw towards today.
    double u = static_cast<double>(r.uniform(1'000'000)) / 1e6;
    auto age_days = static_cast<int32_t>(u * u * (today - earliest));
    Date registered = Date::from_days(today - age_days);

    int64_t capital_wan;  // 万元
    switch (size) {
      case SizeClass::kMicro:
        capital_wan = 10 + static_cast<int64_t>(r.uniform(190));
        break;
      case SizeClass::kSmall:
        capital_wan = 200 + static_cast<int64_t>(r.uniform(1800));
        break;
      case SizeClass::kMedium:
        capital_wan = 2000 + static_cast<int64_t>(r.uniform(8000));
        break;
      case SizeClass::kLarge:
        capital_wan = 10000 + static_cast<int64_t>(r.uniform(90000));
        break;
    }
    emit(Enterprise{std::move(uscc), std::move(name), std::string(district),
                    std::string(industry.code), size, registered,
                    Money::from_yuan(capital_wan * 10000), pick(r, kStatusMix), now, now});
  }
}

}  // namespace rx::registry
