#include "synth/firm.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "registry/reference.h"
#include "synth/city.h"

namespace rx::synth {
namespace {

struct ProfileEntry {
  std::string_view code;
  IndustryProfile profile;
};

// rev/head, vat, kWh/head, water/head, gas share, gas/head, ip rate, logistics share,
// penalty factor, trading factor, tech.
constexpr ProfileEntry kProfiles[] = {
    {"F51", {120000, 0.012, 250, 2, 0.02, 3, 0.05, 0.35, 1.0, 0.8, false}},
    {"F52", {60000, 0.015, 600, 4, 0.10, 5, 0.05, 0.25, 1.5, 0.3, false}},
    {"L72", {40000, 0.030, 150, 1.5, 0.0, 0, 0.05, 0.0, 0.6, 1.5, false}},
    {"I65", {45000, 0.035, 200, 1.5, 0.0, 0, 0.50, 0.0, 0.5, 1.5, true}},
    {"I64", {50000, 0.035, 250, 1.5, 0.0, 0, 0.40, 0.0, 0.7, 1.0, true}},
    {"M75", {40000, 0.030, 220, 1.5, 0.0, 0, 0.60, 0.0, 0.5, 1.5, true}},
    {"C39", {70000, 0.040, 1500, 6, 0.30, 10, 0.80, 0.5, 1.0, 0.8, true}},
    {"C34", {65000, 0.040, 2000, 8, 0.50, 15, 0.70, 0.5, 1.2, 0.8, true}},
    {"C26", {90000, 0.045, 3000, 20, 0.80, 40, 0.50, 0.6, 2.5, 0.5, true}},
    {"E48", {80000, 0.025, 300, 10, 0.10, 3, 0.10, 0.0, 1.8, 6.0, false}},
    {"G54", {50000, 0.025, 300, 3, 0.05, 3, 0.03, 0.95, 1.5, 0.8, false}},
    {"G59", {45000, 0.030, 800, 3, 0.05, 3, 0.03, 0.95, 1.2, 0.6, false}},
    {"H62", {25000, 0.020, 900, 25, 0.90, 60, 0.05, 0.0, 3.0, 0.2, false}},
    {"R87", {35000, 0.030, 200, 2, 0.0, 0, 0.15, 0.0, 0.8, 0.8, false}},
    {"O80", {15000, 0.020, 100, 2, 0.0, 0, 0.02, 0.0, 1.0, 0.3, false}},
    {"A01", {20000, 0.010, 400, 30, 0.10, 5, 0.10, 0.2, 1.0, 0.5, false}},
};
constexpr IndustryProfile kDefaultProfile{50000, 0.03, 300, 3, 0.1, 5, 0.1, 0.1, 1.0, 1.0, false};

// Shanghai's 2024-07 social insurance base limits (yuan per month).
constexpr double kMinBase = 7384, kMaxBase = 36921;

}  // namespace

Window make_window(Instant now, int months) {
  const int current = month_of_day(date_of(now).days_since_epoch());
  Window w;
  w.last_month = current - 1;
  w.first_month = current - months;
  w.first_day = first_day_of_month(w.first_month);
  w.last_day = last_day_of_month(w.last_month);
  return w;
}

const IndustryProfile& industry_profile(std::string_view code) {
  for (const auto& p : kProfiles)
    if (p.code == code) return p.profile;
  return kDefaultProfile;
}

double latent_health(uint64_t seed, int64_t index, registry::EnterpriseStatus status) {
  Rng r(seed, index, Stream::kHealth);
  double h = (r.unit() + r.unit() + r.unit()) / 3;  // bell-shaped around 0.5
  if (status == registry::EnterpriseStatus::kRevoked) h *= 0.45;
  if (status == registry::EnterpriseStatus::kCancelled) h *= 0.7;
  return h;
}

double Firm::distress_at(int m) const {
  if (distress <= 0) return 0;
  if (m < onset_month) return 0.15 * distress;
  return distress * std::min(1.0, 0.4 + 0.1 * (m - onset_month + 1));
}

double Firm::scale() const {
  switch (e->size) {
    case registry::SizeClass::kMicro:
      return 1;
    case registry::SizeClass::kSmall:
      return 3;
    case registry::SizeClass::kMedium:
      return 10;
    case registry::SizeClass::kLarge:
      return 40;
  }
  return 1;
}

Firm make_firm(const registry::Enterprise& e, int64_t index, uint64_t seed, const Window& w) {
  Firm f{};
  f.e = &e;
  f.index = index;
  f.seed = seed;
  f.industry = &industry_profile(e.industry);
  f.health = latent_health(seed, index, e.status);
  f.distress = std::clamp((0.36 - f.health) / 0.26, 0.0, 1.0);
  f.reg_day = e.registration_date.days_since_epoch();

  Rng r = f.rng(Stream::kTraits);
  const int reg_month = month_of_day(f.reg_day);
  if (e.status == registry::EnterpriseStatus::kActive || reg_month >= w.last_month) {
    f.end_day = w.last_day;
  } else {
    // Most revoked or cancelled firms stopped recently relative to their life span.
    double u = r.unit();
    int end_month = w.last_month - static_cast<int>(u * u * (w.last_month - reg_month));
    f.end_day = static_cast<int32_t>(
        r.range(std::max(f.reg_day, first_day_of_month(end_month)), last_day_of_month(end_month)));
    f.end_day = std::min(f.end_day, w.last_day);
  }
  f.first_month = std::max(w.first_month, reg_month);
  f.last_month = std::min(w.last_month, month_of_day(f.end_day));
  if (e.status != registry::EnterpriseStatus::kActive)
    f.onset_month = month_of_day(f.end_day) - static_cast<int>(r.range(2, 12));
  else
    f.onset_month = static_cast<int>(r.range(f.first_month - 12, w.last_month));

  double lo = 1, hi = 10;
  switch (e.size) {
    case registry::SizeClass::kMicro:
      lo = 1, hi = 10;
      break;
    case registry::SizeClass::kSmall:
      lo = 10, hi = 100;
      break;
    case registry::SizeClass::kMedium:
      lo = 100, hi = 300;
      break;
    case registry::SizeClass::kLarge:
      lo = 300, hi = 3000;
      break;
  }
  f.max_headcount = static_cast<int>(hi * (f.micro() ? 1.0 : 1.3));
  // Log-uniform inside the size class, so that small firms of each class dominate.
  f.headcount = std::exp(r.uniform(std::log(lo), std::log(hi + 1)));
  if (f.micro()) f.headcount = std::min(f.headcount, 10.0);

  double base = kMinBase * r.lognormal(std::log(1.5) + 0.6 * (f.health - 0.5) +
                                           (f.industry->tech ? 0.3 : 0.0) + 0.05 * f.scale() / 10,
                                       0.3);
  if (f.micro() && r.chance(0.5)) base = kMinBase;  // many micro firms declare the minimum base
  f.wage_fen = to_fen(std::clamp(base, kMinBase, kMaxBase));
  return f;
}

namespace {

constexpr std::string_view kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴",
                                          "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林",
                                          "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩"};
constexpr std::string_view kGivenNames[] = {"伟", "芳",   "娜", "敏", "静", "丽",   "强",   "磊",
                                            "军", "洋",   "勇", "艳", "杰", "娟",   "涛",   "明",
                                            "超", "秀英", "霞", "平", "刚", "建华", "晓东", "海燕"};

// An 18-character resident ID number (GB 11643-1999) with a valid check character, born
// 1960-1999, registered in the firm's district (310000 when outside Shanghai).
std::string resident_id(Rng& r, std::string_view district) {
  std::string id = district.size() == 6 ? std::string(district) : "310000";
  char birth[16];
  std::snprintf(birth, sizeof birth, "%04d%02d%02d%03d", static_cast<int>(r.range(1960, 1999)),
                static_cast<int>(r.range(1, 12)), static_cast<int>(r.range(1, 28)),
                static_cast<int>(r.range(0, 999)));
  id += birth;
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
  id += "10X98765432"[sum % 11];
  return id;
}

}  // namespace

void write_registration(const Firm& f, CsvTable& out) {
  const registry::Enterprise& e = *f.e;
  Rng r = f.rng(Stream::kPersons);
  const std::string representative =
      std::string(r.pick(kSurnames)) + std::string(r.pick(kGivenNames));
  const std::string id_number = resident_id(r, e.district);
  const std::string phone =
      "1" + std::to_string(r.range(3, 9)) + std::to_string(r.range(100'000'000, 999'999'999));
  out.text(e.uscc.str())
      .text(e.name)
      .text(e.district)
      .text(e.industry)
      .text(registry::to_string(e.size))
      .date(f.reg_day)
      .money(e.registered_capital.fen())
      .text(registry::to_string(e.status))
      .text(representative)
      .text(id_number)
      .text(phone)
      .end();
}

std::string_view district_name(std::string_view code) {
  const registry::District* d = registry::find_district(code);
  return d && code != "other" ? d->name_zh : std::string_view();
}

int64_t to_fen(double yuan) {
  return yuan <= 0 ? 0 : static_cast<int64_t>(std::llround(yuan * 100));
}

std::string_view district_abbr(std::string_view code) {
  std::string_view name = district_name(code);
  return name.substr(0, std::min<size_t>(3, name.size()));  // one CJK character in UTF-8
}

void append_int(std::string& out, int64_t v, int width) {
  char tmp[24];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  for (auto len = r.ptr - tmp; len < width; ++len) out += '0';
  out.append(tmp, r.ptr);
}

int32_t day_in_month(const Firm& f, const Window& w, Rng& r, int m) {
  int32_t lo = std::max(first_day_of_month(m), f.reg_day);
  int32_t hi = std::min({last_day_of_month(m), f.end_day, w.last_day});
  return lo > hi ? -1 : static_cast<int32_t>(r.range(lo, hi));
}

bool claim(std::vector<std::string>& used, const std::string& id) {
  if (std::find(used.begin(), used.end(), id) != used.end()) return false;
  used.push_back(id);
  return true;
}

}  // namespace rx::synth
