// Attribute rows (market/profile.h) built from stored data in bulk: a handful of queries per
// call whatever its size (registry, latest evaluations, loan, application and pledge
// aggregates), so batch jobs page through a city's registry instead of reading one enterprise
// at a time. Every function runs inside the caller's transaction.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "market/profile.h"
#include "store/database.h"

namespace rx::market {

struct Profile {
  std::string uscc;
  std::string district;   // registry district code
  std::string industry;   // GB/T 4754 division, e.g. "C39"
  std::string size;       // large, medium, small, micro
  std::string grade;      // of the latest composite evaluation; empty without one
  bool operating = true;  // registry status active (not revoked or cancelled)
  std::vector<double> row;
};

// Up to `limit` enterprises with USCC > `after`, in USCC order; empty after the last.
Result<std::vector<Profile>> load_profile_page(store::Session& s,
                                               const EnterpriseAttributes& attributes,
                                               std::string_view after, int limit, Instant now);

// The registered enterprises among `usccs` (unknown ones are skipped), in USCC order.
Result<std::vector<Profile>> load_profiles(store::Session& s,
                                           const EnterpriseAttributes& attributes,
                                           std::span<const std::string> usccs, Instant now);

// One enterprise's row; kNotFound for an unknown USCC.
Result<std::vector<double>> load_profile(store::Session& s, const EnterpriseAttributes& attributes,
                                         const std::string& uscc, Instant now);

}  // namespace rx::market
