// The state behind PolicyService's runs and statistics, shared by policy_service.cc and
// policy_runs.cc. Not part of the module's interface.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "policy/enterprise_index.h"
#include "policy/policy_service.h"
#include "policy/screening.h"

namespace rx::policy {

inline std::string pair_key(const std::string& policy_id, int version) {
  return policy_id + "#" + std::to_string(version);
}

// The screening of the last full run (of one day and one generation of the policies), updated
// by incremental runs.
struct PolicyService::State {
  State(std::shared_ptr<const std::vector<StoredPolicy>> policies, std::vector<Target> targets,
        int64_t generation_, Date day_)
      : snapshot(std::move(policies)),
        screening(std::move(targets)),
        generation(generation_),
        day(day_) {
    for (uint32_t t = 0; t < screening.size(); ++t)
      target_of[pair_key(screening.target(t).policy_id, screening.target(t).version)] = t;
  }
  std::shared_ptr<const std::vector<StoredPolicy>> snapshot;
  Screening screening;
  EnterpriseIndex index;
  std::unordered_map<std::string, uint32_t> target_of;
  int64_t generation;
  Date day;
  Instant last_started;
};

// Eligible counts of the last run, by policy, district and industry section.
struct PolicyService::Counts {
  struct Entry {
    int version = 0;
    int64_t eligible = 0;
    std::map<std::string, int64_t> by_district, by_section;
  };
  std::map<std::string, Entry> by_policy;
};

}  // namespace rx::policy
