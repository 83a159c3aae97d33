#include "registry/synthetic.h"

#include <array>
#include <string>

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

// An affine bijection on [0, space): distinct indexes give distinct values, scattered by the
// seed, so uniqueness needs no set of everything issued so far (memory stays flat at any
// count). `multiplier` must be coprime with `space`.
uint64_t scatter(uint64_t i, uint64_t seed, uint64_t multiplier, uint64_t space) {
  return (i % space * multiplier + seed % space) % space;
}

// 字号: `syllables` characters spelling `x` in base |kTradeChars|.
std::string trade_name(uint64_t x, int syllables) {
  std::string out;
  for (int k = 0; k < syllables; ++k, x /= std::size(kTradeChars))
    out += kTradeChars[x % std::size(kTradeChars)];
  return out;
}

// The i-th distinct organization code body: "MA" (post-2015 registrations) + 6 characters of
// the USCC charset.
Uscc make_uscc(uint64_t i, uint64_t seed, Random& r, std::string_view district) {
  constexpr uint64_t kBodies = 887'503'681;  // 31^6
  std::string division(district == "other" ? kOtherDivisions[r.uniform(std::size(kOtherDivisions))]
                                           : district);
  uint64_t x = scatter(i, seed, 48'271, kBodies);
  std::string body = "MA";
  for (int k = 0; k < 6; ++k, x /= 31) body += Uscc::kCharset[x % 31];
  return *Uscc::from_first17("91" + division + body + *Uscc::organization_check(body));
}

}  // namespace

void generate_enterprises(int64_t count, uint64_t seed, Instant now,
                          const std::function<void(Enterprise&&)>& emit) {
  SeededRandom r(seed);
  // Enough trade-name syllables for every enterprise to have its own name.
  int syllables = 2;
  uint64_t names = std::size(kTradeChars) * std::size(kTradeChars);
  while (names < static_cast<uint64_t>(count)) {
    names *= std::size(kTradeChars);
    ++syllables;
  }
  const int32_t today = date_of(now).days_since_epoch();
  const int32_t earliest = Date::from_ymd(1992, 1, 1)->days_since_epoch();
  for (int64_t i = 0; i < count; ++i) {
    std::string_view district = pick(r, kDistrictMix);
    const IndustryPick& industry = pick(r, kIndustryMix);
    SizeClass size = pick(r, kSizeMix);

    const auto index = static_cast<uint64_t>(i);
    Uscc uscc = make_uscc(index, seed, r, district);
    std::string name = "上海" + trade_name(scatter(index, seed >> 7, 7'919, names), syllables) +
                       std::string(industry.word) + "有限公司";

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
