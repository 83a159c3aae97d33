// Catalogue versions. Each distinct catalogue the platform has run with is kept as a numbered
// snapshot (canonical JSON); a record remembers the version it was validated under, so a
// later change to the list never reinterprets old data. Adding or changing a field or a
// category makes a new version; loading the same files again does not.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "catalog/catalog.h"
#include "core/time.h"
#include "store/database.h"

namespace rx::catalog {

// The canonical JSON form (also the API's): categories by id, fields in file order.
nlohmann::json to_json(const Catalog& catalog);
nlohmann::json to_json(const Category& category);

// What changed from snapshot `a` to snapshot `b`: categories added and removed, and per
// changed category its attributes and fields added, removed and changed (each {from, to}).
nlohmann::json diff_catalogs(const nlohmann::json& a, const nlohmann::json& b);

struct CatalogVersion {
  int64_t version = 0;
  std::string content_hash;  // SHA-256 of the snapshot
  Instant created_at;
  int64_t categories = 0;
  int64_t fields = 0;
};

class CatalogVersions {
 public:
  explicit CatalogVersions(store::Database& db) : db_(db) {}

  // Records `catalog` as a new version when it differs from every earlier one (a catalogue
  // put back to an earlier state gets that state's version); returns the version in force.
  Result<int64_t> publish(const Catalog& catalog, Instant now);
  Result<std::vector<CatalogVersion>> list();
  // kNotFound for an unknown version.
  Result<nlohmann::json> snapshot(int64_t version);

 private:
  store::Database& db_;
};

}  // namespace rx::catalog
