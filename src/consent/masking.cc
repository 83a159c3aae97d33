#include "consent/masking.h"

#include <array>
#include <cmath>

namespace rx::consent {
namespace {

using catalog::FieldType;
using catalog::MaskPattern;
using catalog::Treatment;
using nlohmann::json;

// UTF-8 code points of text, each as its bytes.
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string keep_ends(const std::vector<std::string_view>& cps, size_t head, size_t tail) {
  if (cps.size() <= head + tail) {  // too short to keep both ends: keep only the head
    head = std::min(head, cps.size() > 1 ? size_t{1} : size_t{0});
    tail = 0;
  }
  std::string out;
  for (size_t i = 0; i < cps.size(); ++i)
    out += (i < head || i >= cps.size() - tail) ? std::string(cps[i]) : std::string("*");
  return out;
}

// Money bands in yuan; the last is open.
constexpr std::array<int64_t, 10> kYuanEdges = {
    0, 10'000, 50'000, 100'000, 500'000, 1'000'000, 5'000'000, 10'000'000, 50'000'000, 100'000'000};

std::string yuan_label(int64_t yuan) {
  if (yuan >= 100'000'000 && yuan % 100'000'000 == 0)
    return std::to_string(yuan / 100'000'000) + "亿";
  if (yuan >= 10'000 && yuan % 10'000 == 0) return std::to_string(yuan / 10'000) + "万";
  return std::to_string(yuan);
}

constexpr std::array<double, 8> kCountEdges = {0, 1, 10, 50, 100, 500, 1000, 5000};

std::string number_label(double v) {
  return std::to_string(static_cast<int64_t>(v));
}

}  // namespace

std::string mask_text(std::string_view text, MaskPattern pattern) {
  const std::vector<std::string_view> cps = code_points(text);
  if (cps.empty()) return "";
  switch (pattern) {
    case MaskPattern::kName:
      return keep_ends(cps, 1, 0);
    case MaskPattern::kIdNumber:
    case MaskPattern::kPhone:
      return keep_ends(cps, 3, 4);
    case MaskPattern::kDefault:
      break;
  }
  return keep_ends(cps, 1, 1);
}

Band money_band(int64_t fen) {
  if (fen < 0) return {fen, 0, "负值"};
  if (fen == 0) return {0, 1, "0元"};
  const int64_t yuan = fen / 100;
  for (size_t i = kYuanEdges.size() - 1;; --i) {
    if (yuan >= kYuanEdges[i] || i == 0) {
      const int64_t from = kYuanEdges[i] * 100;
      if (i + 1 == kYuanEdges.size())
        return {from, std::nullopt, yuan_label(kYuanEdges[i]) + "元以上"};
      const std::string lo = i == 0 ? "0" : yuan_label(kYuanEdges[i]);
      return {from, kYuanEdges[i + 1] * 100, lo + "–" + yuan_label(kYuanEdges[i + 1]) + "元"};
    }
  }
}

Band count_band(double value, std::string_view unit) {
  const std::string u(unit);
  if (value < 0) return {static_cast<int64_t>(std::floor(value)), 0, "负值"};
  for (size_t i = kCountEdges.size() - 1;; --i) {
    if (value >= kCountEdges[i] || i == 0) {
      const auto from = static_cast<int64_t>(kCountEdges[i]);
      if (i + 1 == kCountEdges.size())
        return {from, std::nullopt, number_label(kCountEdges[i]) + u + "以上"};
      if (i == 0) return {0, 1, "0" + u};
      return {from, static_cast<int64_t>(kCountEdges[i + 1]),
              number_label(kCountEdges[i]) + "–" + number_label(kCountEdges[i + 1] - 1) + u};
    }
  }
}

json present_record(const catalog::Category& category, const catalog::MaskingRules& rules,
                    const json& payload, const std::function<bool(std::string_view)>& in_clear) {
  json fields = json::object(), desensitized = json::object(), withheld = json::array();
  for (const catalog::Field& f : category.fields) {
    auto it = payload.find(f.name);
    if (it == payload.end()) continue;
    const json& v = *it;
    if (v.is_null() || in_clear(f.name)) {
      fields[f.name] = v;
      continue;
    }
    Treatment t = rules.treatment(f.sensitivity);
    if (t == Treatment::kClear) {
      fields[f.name] = v;
      continue;
    }
    std::optional<json> shown;
    if (t == Treatment::kGeneralize) {
      if (f.type == FieldType::kMoney && v.is_number_integer()) {
        const Band b = money_band(v.get<int64_t>());
        shown = json{{"range", {b.from, b.below ? json(*b.below) : json(nullptr)}},
                     {"display", b.display}};
      } else if ((f.type == FieldType::kInteger && v.is_number()) ||
                 (f.type == FieldType::kDecimal && v.is_string())) {
        const double x = v.is_number() ? v.get<double>() : std::atof(v.get<std::string>().c_str());
        const Band b = count_band(x, f.unit);
        shown = json{{"range", {b.from, b.below ? json(*b.below) : json(nullptr)}},
                     {"display", b.display}};
      } else if (f.type == FieldType::kDate && v.is_string()) {
        shown = v.get<std::string>().substr(0, 7);
      } else if (f.type == FieldType::kPeriod) {
        shown = v;
      }
    } else if (t == Treatment::kMask && f.type == FieldType::kString && v.is_string()) {
      shown = mask_text(v.get<std::string>(), f.mask);
    }
    if (shown) {
      fields[f.name] = *shown;
      desensitized[f.name] = to_string(t);
    } else {
      withheld.push_back(f.name);
    }
  }
  return {{"fields", fields}, {"desensitized", desensitized}, {"withheld", withheld}};
}

}  // namespace rx::consent
