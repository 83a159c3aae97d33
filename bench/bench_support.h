// What the eligibility benchmarks (market_bench, policy_bench) share: the platform's real
// attribute schema, and SQLite calls that stop the run on an error.
#pragma once

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "catalog/loader.h"
#include "credit/indicator_library.h"
#include "market/profile.h"

namespace rx::bench {

// The schema of data/credit/indicators.toml; nullopt (after a message) when not run from the
// repository root.
inline std::optional<market::EnterpriseAttributes> load_attributes() {
  auto catalog = catalog::load_catalog("data/catalog");
  auto library = catalog.is_ok()
                     ? credit::load_indicator_library("data/credit/indicators.toml", *catalog)
                     : Result<credit::IndicatorLibrary>(catalog.status());
  auto attributes = library.is_ok() ? market::EnterpriseAttributes::create(*library)
                                    : Result<market::EnterpriseAttributes>(library.status());
  if (!attributes.is_ok()) {
    std::fprintf(stderr, "run from the repository root: %s\n",
                 attributes.status().to_string().c_str());
    return std::nullopt;
  }
  return std::move(attributes).value();
}

inline void sqlite_check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "sqlite %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

}  // namespace rx::bench
