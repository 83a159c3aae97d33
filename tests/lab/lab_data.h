// Locates the shared real datasets for lab tests: $RONGXIN_SHARED_DATA (set by
// scripts/run-tests.sh from scripts/shared-data.sh), else $RONGXIN_SOURCE_DIR/../shared/data.
#pragma once

#include <cstdlib>
#include <string>

namespace rx::lab::testing {

// Empty when RONGXIN_SOURCE_DIR is unset; tests must fail, not skip, in that case.
inline std::string shared_data_dir() {
  if (const char* dir = std::getenv("RONGXIN_SHARED_DATA"); dir && *dir) return dir;
  const char* root = std::getenv("RONGXIN_SOURCE_DIR");
  return root && *root ? std::string(root) + "/../shared/data" : std::string();
}

}  // namespace rx::lab::testing
