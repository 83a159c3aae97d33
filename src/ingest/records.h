// The read side of aggregated data: an enterprise's records (current, or as they stood at
// any instant), ingestion batch reports, their quarantine, and data quality per category.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/time.h"
#include "store/database.h"

namespace rx::ingest {

struct StoredRecord {
  std::string category;
  std::string payload;  // canonical JSON object (see catalog/value.h)
  int64_t catalog_version = 0;
  std::string batch_id;
  bool self_reported = false;
  Instant loaded_at;
  std::optional<Instant> superseded_at;
};

struct RecordQuery {
  std::string uscc;
  std::optional<std::string> category;
  std::optional<Instant> as_of;  // absent: current records
  int limit = 100;
  // Months (YYYY-MM, inclusive) the category's time field must fall in; categories without
  // a time field are not filtered.
  std::optional<std::string> period_from, period_to;
};

struct BatchReport {
  std::string id, category, channel, source_name, provider, status, error;
  int64_t catalog_version = 0;
  Instant started_at;
  std::optional<Instant> finished_at;
  int64_t rows = 0, accepted = 0, superseded = 0, duplicates = 0, rejected = 0;
};

struct BatchQuery {
  std::optional<std::string> category;
  std::optional<std::string> provider;  // data providers see only their own batches
  std::optional<std::string> before;    // cursor: batch ids sort by time (UUIDv7)
  int limit = 50;
};

struct RejectReason {
  std::string field, reason;
  int64_t count = 0;
};

struct ProviderQuality {
  std::string provider;
  int64_t batches = 0, rows = 0, rejected = 0;
  std::optional<Instant> last_load;
};

struct CategoryQuality {
  std::string category;
  int64_t records = 0;      // current records
  int64_t enterprises = 0;  // distinct enterprises with a current record
  std::optional<std::string> last_period;
  std::optional<Instant> last_load;
  int64_t rows = 0, rejected = 0;
  std::vector<RejectReason> reject_reasons;  // most frequent first, at most 10
  std::vector<ProviderQuality> providers;
};

// A credit commitment (信用承诺) signed with an enterprise's key for one self-reported batch.
struct Commitment {
  std::string batch_id, uscc, text, text_sha256, key_id;
  Instant signed_at;
};

// The records of one enterprise inside a caller's transaction (see RecordStore::records).
Result<std::vector<StoredRecord>> read_records(store::Session& s, const catalog::Catalog& catalog,
                                               const RecordQuery& query);

// The same, each record's payload as a JSON object rather than text (no text round trip for
// callers that present or filter records).
struct RecordObject {
  nlohmann::json payload;
  bool self_reported = false;
  std::string batch_id;
  Instant loaded_at;
};
Result<std::vector<RecordObject>> read_record_objects(store::Session& s,
                                                      const catalog::Catalog& catalog,
                                                      const RecordQuery& query);

class RecordStore {
 public:
  explicit RecordStore(store::Database& db) : db_(db) {}

  // Ordered by category, then time field (newest first); at most query.limit per category.
  Result<std::vector<StoredRecord>> records(const catalog::Catalog& catalog,
                                            const RecordQuery& query);
  Result<std::vector<BatchReport>> batches(const BatchQuery& query);
  Result<BatchReport> batch(const std::string& id);  // kNotFound when absent
  // The batch's quarantine as CSV (row_number,field,value,reason), RFC 4180.
  Result<std::string> rejects_csv(const std::string& batch_id);
  Result<std::vector<CategoryQuality>> quality(const catalog::Catalog& catalog);
  Status save_commitment(const Commitment& commitment);

 private:
  store::Database& db_;
};

// Appends `value` as one RFC 4180 field (quoted when it holds a comma, quote or line break).
void append_csv_field(std::string_view value, std::string& out);

}  // namespace rx::ingest
