#include "policy/policy.h"

#include <algorithm>
#include <cmath>

#include "market/product.h"

namespace rx::policy {

std::string_view to_string(Level level) {
  switch (level) {
    case Level::kNational:
      return "national";
    case Level::kMunicipal:
      return "municipal";
    case Level::kDistrict:
      return "district";
    case Level::kPark:
      return "park";
  }
  return "municipal";
}

std::optional<Level> parse_level(std::string_view text) {
  for (Level l : {Level::kNational, Level::kMunicipal, Level::kDistrict, Level::kPark})
    if (to_string(l) == text) return l;
  return std::nullopt;
}

std::string_view to_string(ApplyMode mode) {
  return mode == ApplyMode::kNoApplication ? "no_application" : "quick_apply";
}

std::optional<ApplyMode> parse_apply_mode(std::string_view text) {
  for (ApplyMode m : {ApplyMode::kNoApplication, ApplyMode::kQuickApply})
    if (to_string(m) == text) return m;
  return std::nullopt;
}

const std::vector<std::string>& kinds() {
  return market::policy_tags();
}

bool valid_policy_id(std::string_view id) {
  static constexpr std::string_view kReserved[] = {"check", "run", "runs", "stats"};
  return id.size() >= 3 && id.size() <= 64 &&
         std::all_of(
             id.begin(), id.end(),
             [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }) &&
         std::find(std::begin(kReserved), std::end(kReserved), id) == std::end(kReserved);
}

const PolicyVersion* nearest(const Policy& policy, Date day) {
  if (const PolicyVersion* v = in_force(policy, day)) return v;
  for (const PolicyVersion& v : policy.versions)
    if (day < v.valid_from) return &v;
  return policy.versions.empty() ? nullptr : &policy.versions.back();
}

const PolicyVersion* in_force(const Policy& policy, Date day) {
  for (const PolicyVersion& v : policy.versions)
    if (v.covers(day)) return &v;
  return nullptr;
}

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::kActive:
      return "active";
    case Phase::kUpcoming:
      return "upcoming";
    case Phase::kExpired:
      return "expired";
  }
  return "active";
}

Phase phase(const Policy& policy, Date day) {
  if (in_force(policy, day)) return Phase::kActive;
  const bool all_ended =
      std::all_of(policy.versions.begin(), policy.versions.end(),
                  [&](const PolicyVersion& v) { return v.valid_to && *v.valid_to < day; });
  return all_ended ? Phase::kExpired : Phase::kUpcoming;
}

std::optional<double> estimate(const Benefit& b, std::span<const double> row) {
  if (!b.fixed && !b.rate && !b.cap) return std::nullopt;
  double amount = b.fixed.value_or(0);
  if (b.rate) {
    if (!b.of_slot || *b.of_slot >= row.size() || std::isnan(row[*b.of_slot])) return std::nullopt;
    amount += *b.rate * std::max(0.0, row[*b.of_slot]);
  }
  if (b.cap) amount = b.fixed || b.rate ? std::min(amount, *b.cap) : *b.cap;
  // Shown in 万元 to two decimals (yuan precision is not what an estimate promises).
  return std::round(amount * 100) / 100;
}

}  // namespace rx::policy
