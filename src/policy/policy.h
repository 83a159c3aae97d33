// Support policies for SME financing (credit risk compensation, guarantee-fee subsidies,
// interest subsidies, ...): who issued them, for whom (an eligibility rule in the language of
// docs/rules.md), what they give and how to apply. A policy has numbered versions with
// non-overlapping validity; the one in force on a day is what the map and the batch use.
// Authored as TOML (policy/policy_file.h, docs/policies.md). Pure: no storage, no HTTP.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "rules/rule.h"

namespace rx::policy {

enum class Level { kNational, kMunicipal, kDistrict, kPark };
enum class ApplyMode {
  kNoApplication,  // 免申即享: the platform's data proves eligibility; the enterprise confirms
  kQuickApply,     // 快申快享: apply through the marketplace or the 一网通办 item
};

std::string_view to_string(Level level);
std::optional<Level> parse_level(std::string_view text);
std::string_view to_string(ApplyMode mode);
std::optional<ApplyMode> parse_apply_mode(std::string_view text);
// The kinds of support; the same names as the marketplace's product policy tags, so an
// application for a product tagged with a kind counts as taking up a policy of that kind.
const std::vector<std::string>& kinds();

// What a version gives. estimate = fixed + rate × (value of attribute `of`), at most cap, in
// 万元; no estimate when none of fixed, rate, cap is given or the attribute has no value.
struct Benefit {
  std::string text{};
  std::optional<double> fixed{};
  std::optional<double> rate{};
  std::string of{};                 // a number attribute; set exactly when rate is
  std::optional<size_t> of_slot{};  // its slot in the schema
  std::optional<double> cap{};
};

struct PolicyVersion {
  explicit PolicyVersion(rules::Rule r) : rule(std::move(r)) {}

  int version = 0;
  Date valid_from;
  std::optional<Date> valid_to;  // inclusive; none: open-ended
  std::string eligibility;       // the rule's source
  rules::Rule rule;
  Benefit benefit;
  int line = 0, column = 0;            // of its `version` value in the file, for messages
  int from_line = 0, from_column = 0;  // of its `valid_from` value

  bool covers(Date day) const { return valid_from <= day && (!valid_to || day <= *valid_to); }
};

struct Apply {
  ApplyMode mode = ApplyMode::kQuickApply;
  std::string item_code;  // 一网通办 item code
  std::string link;       // https URL of the item
};

struct Policy {
  std::string id;  // [a-z0-9-]{3,64}
  bool example = false;
  std::string title, title_en, issuer;
  Level level = Level::kMunicipal;
  std::string district;  // Chinese district name; district and park levels only
  std::string park;      // park level only
  std::string kind;      // one of kinds()
  std::string summary, summary_en;
  std::vector<std::string> materials;
  std::string contact;
  Apply apply;
  std::vector<PolicyVersion> versions;  // ascending by version, validity ascending too
};

// [a-z0-9-]{3,64}, and not a word the API uses beside policy ids (check, run, runs, stats).
bool valid_policy_id(std::string_view id);

// The version in force on `day`, or null.
const PolicyVersion* in_force(const Policy& policy, Date day);

// Where a policy stands on a day regardless of any enterprise.
enum class Phase { kActive, kUpcoming, kExpired };
std::string_view to_string(Phase phase);
// Active when a version is in force; upcoming when none has ended yet (the next starts later);
// expired when every version ended before `day`. A gap between versions counts as upcoming.
Phase phase(const Policy& policy, Date day);

// The version to show when none is in force: the next to start, else the last that ended.
const PolicyVersion* nearest(const Policy& policy, Date day);

// The benefit estimate for one enterprise's row, in 万元; nullopt when not computable.
std::optional<double> estimate(const Benefit& benefit, std::span<const double> row);

}  // namespace rx::policy
