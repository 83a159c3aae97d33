// Loads one stream of rows of one catalogue category, as one batch:
//  - every row is validated against the catalogue; a bad row goes to the quarantine
//    (ingest_rejects: row, field, value, reason) and the rest still load;
//  - a row whose record key is new is stored; one with the same key and the same content as
//    the current record is a duplicate and changes nothing; one with the same key and other
//    content supersedes the current record, which is kept as history (superseded_at);
//  - a key repeated inside one batch is rejected, naming the row it repeats;
//  - rows are committed in chunks, each with the batch's counters in the same transaction,
//    so a process killed at any moment loses no committed row and a rerun of the same file
//    stores nothing twice (what was committed counts as duplicates).
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>

#include "catalog/catalog.h"
#include "core/clock.h"
#include "ingest/row_source.h"
#include "store/database.h"

namespace rx::ingest {

enum class UnknownEnterprise { kReject, kRegister };

struct IngestOptions {
  ReadOptions read;
  // What to do with a row whose USCC is not in the enterprise registry.
  UnknownEnterprise unknown_enterprise = UnknownEnterprise::kReject;
  size_t chunk_rows = 5000;  // rows per transaction
};

struct BatchInfo {
  std::string channel;         // "file", "push" or "self_report"
  std::string source_name;     // file name, or what the pusher called it
  std::string provider;        // the API key id, or "cli"
  bool self_reported = false;  // rows are stored labelled as self-reported
  std::string only_uscc;       // when set, rows about any other enterprise are rejected
  std::string batch_id;        // empty: a new UUIDv7
};

struct IngestSummary {
  std::string batch_id;
  std::string category;
  int64_t catalog_version = 0;
  std::string encoding;
  int64_t rows = 0;        // data rows read
  int64_t accepted = 0;    // stored: new records and corrections
  int64_t superseded = 0;  // earlier records replaced by a correction (part of accepted)
  int64_t duplicates = 0;  // identical to the current record; nothing changed
  int64_t rejected = 0;    // quarantined
  double seconds = 0;
};

// {batch_id, category, catalog_version, encoding, rows, accepted, superseded, duplicates,
// rejected, seconds}: what `rongxin ingest` prints and a push answers.
nlohmann::json to_json(const IngestSummary& summary);

using Progress = std::function<void(int64_t bytes_read, const IngestSummary& so_far)>;

class Ingestor {
 public:
  // `category` must be a stored (not interface) category of catalogue `catalog_version`.
  Ingestor(store::Database& db, const catalog::Category& category, int64_t catalog_version,
           const Clock& clock, Random& random, IngestOptions options = {});
  ~Ingestor();

  // Reads `source` to its end. An error means the stream as a whole was unusable (its header
  // does not fit the catalogue, a read failed) or the database failed; rows committed before
  // a failure stay, and the batch report records the error.
  Result<IngestSummary> run(ByteSource& source, const BatchInfo& info,
                            const Progress& progress = {});

 private:
  struct Pending;
  class Chunk;
  class RowChecker;
  class ChunkPipe;
  Status write_chunk(Chunk& chunk, IngestSummary& summary);

  store::Database& db_;
  const catalog::Category& category_;
  int64_t catalog_version_;
  const Clock& clock_;
  Random& random_;
  IngestOptions options_;
  bool self_reported_ = false;
  int64_t batch_seq_ = 0;                       // ingest_batches.seq of the running batch
  std::unordered_set<std::string> registered_;  // USCCs known to be registered (bounded)
};

}  // namespace rx::ingest
