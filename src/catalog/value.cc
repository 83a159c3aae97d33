#include "catalog/value.h"

#include <charconv>
#include <cstdio>

#include "core/money.h"
#include "core/text.h"
#include "core/time.h"
#include "core/uscc.h"

namespace rx::catalog {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::optional<std::string> check_range(const Field& f, double v) {
  if (f.min && v < *f.min) return "is below the minimum " + number_text(*f.min);
  if (f.max && v > *f.max) return "is above the maximum " + number_text(*f.max);
  return std::nullopt;
}

std::optional<std::string> append_integer(const Field& f, std::string_view s, std::string& json) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) return "is outside the 64-bit integer range";
  if (ec != std::errc() || end != s.data() + s.size()) return "must be an integer";
  if (auto bad = check_range(f, static_cast<double>(v))) return bad;
  json.append(s);
  return std::nullopt;
}

// Canonical decimal: optional '-', no leading zeros, no trailing fraction zeros ("012.50" ->
// "12.5"), so equal numbers hash alike.
std::optional<std::string> append_decimal(const Field& f, std::string_view s, std::string& json) {
  size_t i = 0;
  bool negative = !s.empty() && s[0] == '-';
  if (negative) ++i;
  size_t int_begin = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  std::string_view int_part = s.substr(int_begin, i - int_begin);
  std::string_view frac;
  if (i < s.size() && s[i] == '.') {
    size_t frac_begin = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    frac = s.substr(frac_begin, i - frac_begin);
    if (frac.empty()) return "must be a decimal number such as 12.5";
  }
  if (i != s.size() || int_part.empty()) return "must be a decimal number such as 12.5";
  if (int_part.size() > 18) return "has more than 18 integer digits";
  if (frac.size() > static_cast<size_t>(f.scale))
    return "has " + std::to_string(frac.size()) + " decimals; this field allows at most " +
           std::to_string(f.scale);
  while (int_part.size() > 1 && int_part[0] == '0') int_part.remove_prefix(1);
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  if (auto bad = check_range(f, v)) return bad;
  json.push_back('"');
  if (negative && !(int_part == "0" && frac.empty())) json.push_back('-');
  json.append(int_part);
  if (!frac.empty()) json.append(".").append(frac);
  json.push_back('"');
  return std::nullopt;
}

std::optional<std::string> append_money(const Field& f, std::string_view s, std::string& json) {
  auto m = Money::parse_yuan(s);
  if (!m.is_ok()) return "must be an amount in yuan with at most 2 decimals, e.g. 1234.56";
  if (auto bad = check_range(f, static_cast<double>(m->fen()) / 100.0)) return bad;
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, m->fen());
  (void)ec;
  json.append(buf, end);
  return std::nullopt;
}

std::optional<std::string> append_period(std::string_view s, std::string& json) {
  bool shape = s.size() == 7 && s[4] == '-' && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
               is_digit(s[3]) && is_digit(s[5]) && is_digit(s[6]);
  int month = shape ? (s[5] - '0') * 10 + (s[6] - '0') : 0;
  if (!shape || month < 1 || month > 12) return "must be a period YYYY-MM with month 01 to 12";
  if (s < "1900-01" || s > "2199-12") return "must be a period between 1900-01 and 2199-12";
  json.push_back('"');
  json.append(s);
  json.push_back('"');
  return std::nullopt;
}

std::optional<std::string> append_enum(const Field& f, std::string_view s, std::string& json) {
  for (const std::string& v : f.values)
    if (s == v) {
      append_json_string(s, json);
      return std::nullopt;
    }
  std::string allowed;
  for (const std::string& v : f.values) allowed += (allowed.empty() ? "" : ", ") + v;
  return "is not one of: " + allowed;
}

std::optional<std::string> append_boolean(std::string_view s, std::string& json) {
  if (s == "true" || s == "TRUE" || s == "1" || s == "是" || s == "Y") {
    json.append("true");
  } else if (s == "false" || s == "FALSE" || s == "0" || s == "否" || s == "N") {
    json.append("false");
  } else {
    return "must be true or false (also 1/0, 是/否, Y/N)";
  }
  return std::nullopt;
}

}  // namespace

std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

void append_json_string(std::string_view text, std::string& json) {
  static constexpr char kHex[] = "0123456789abcdef";
  json.push_back('"');
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      json.push_back('\\');
      json.push_back(c);
    } else if (u < 0x20) {
      switch (c) {
        case '\n':
          json.append("\\n");
          break;
        case '\t':
          json.append("\\t");
          break;
        case '\r':
          json.append("\\r");
          break;
        default:
          json.append("\\u00");
          json.push_back(kHex[u >> 4]);
          json.push_back(kHex[u & 15]);
      }
    } else {
      json.push_back(c);
    }
  }
  json.push_back('"');
}

std::optional<std::string> append_value(const Field& f, std::string_view cell, std::string& json) {
  std::string_view s = trim_ascii(cell);
  if (s.empty()) {
    if (f.required) return "is required";
    json.append("null");
    return std::nullopt;
  }
  if (auto problem = text_problem(s)) return *problem;
  switch (f.type) {
    case FieldType::kString: {
      size_t chars = *utf8_length(s);
      if (chars > static_cast<size_t>(f.max_length))
        return "has " + std::to_string(chars) + " characters; at most " +
               std::to_string(f.max_length) + " allowed";
      append_json_string(s, json);
      return std::nullopt;
    }
    case FieldType::kInteger:
      return append_integer(f, s, json);
    case FieldType::kDecimal:
      return append_decimal(f, s, json);
    case FieldType::kMoney:
      return append_money(f, s, json);
    case FieldType::kDate: {
      auto d = Date::parse(s);
      if (!d.is_ok()) return "must be a date YYYY-MM-DD that exists";
      if (d->year() < 1900 || d->year() > 2199) return "must be a date between 1900 and 2199";
      append_json_string(s, json);
      return std::nullopt;
    }
    case FieldType::kPeriod:
      return append_period(s, json);
    case FieldType::kEnum:
      return append_enum(f, s, json);
    case FieldType::kUscc: {
      auto u = Uscc::parse(s);
      if (!u.is_ok()) return u.status().message();
      append_json_string(s, json);
      return std::nullopt;
    }
    case FieldType::kBoolean:
      return append_boolean(s, json);
  }
  return "has an unknown type";
}

}  // namespace rx::catalog
