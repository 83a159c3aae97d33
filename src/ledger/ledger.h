// The audit ledger: an append-only Merkle log of every use of credit information, stored in
// the platform's database.
//
// Appending is part of the action's own transaction (append() is one INSERT into a queue), so
// an action and its entry commit or roll back together and concurrent actions never wait for
// one another. A single sequencer (sequence(), run by the server every `interval`) then gives
// queued entries their indexes in arrival order, extends the tiles, and signs a head, all in
// one transaction. Every committed entry is thus in a signed head within one interval: the
// log's maximum merge delay.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "crypto/signing.h"
#include "ledger/entry.h"
#include "ledger/head.h"
#include "ledger/merkle.h"
#include "ledger/tiles.h"
#include "store/database.h"

namespace rx::ledger {

// Queues `entry` inside the caller's transaction.
Status append(store::Session& s, const Entry& entry);

struct SequencedEntry {
  uint64_t index = 0;
  Entry entry;
};

// Sees each batch inside the sequencing transaction (live counters, anomaly rules): an error
// rolls the whole batch back, so observers see every entry exactly once.
class SequenceObserver {
 public:
  virtual ~SequenceObserver() = default;
  virtual Status observe(store::Session& s, std::span<const SequencedEntry> batch) = 0;
};

struct StoredEntry {
  uint64_t index = 0;
  std::string bytes;  // exactly what was hashed
  Hash leaf_hash{};
};

struct InclusionProof {
  uint64_t index = 0, size = 0;
  std::vector<Hash> path;
};

struct ConsistencyProof {
  uint64_t first = 0, second = 0;
  std::vector<Hash> path;
};

class Ledger {
 public:
  // `origin` names the log in checkpoints (e.g. "credit.example.gov.cn/rongxin/ledger").
  // Everything referenced must outlive the ledger.
  Ledger(store::Database& db, const crypto::Ed25519Key& key, std::string origin,
         const Clock& clock);

  const std::string& origin() const { return origin_; }
  std::string public_key() const { return key_.public_key(); }
  // The same key signs this node's cosignatures when it witnesses other logs.
  const crypto::Ed25519Key& key() const { return key_; }

  // Sequences up to `max_batch` queued entries and signs a head if the tree grew. Returns how
  // many were sequenced. Safe to run from several processes: they take turns.
  Result<size_t> sequence(SequenceObserver* observer = nullptr, size_t max_batch = 20000);

  // The newest signed head (size 0 and the empty root before any entry).
  Result<TreeHead> head();
  // The newest head as a C2SP checkpoint, signed by the log and by any witness that cosigned it.
  Result<std::string> checkpoint();

  // Entries [start, end) of the sequenced log; at most 1000 at a time.
  Result<std::vector<StoredEntry>> entries(uint64_t start, uint64_t end);
  // The entry with this id, once sequenced (kNotFound otherwise).
  Result<StoredEntry> entry_by_id(std::string_view id);

  // Proofs against any tree size up to the newest signed head's.
  Result<InclusionProof> inclusion(uint64_t index, uint64_t size);
  Result<ConsistencyProof> consistency(uint64_t first, uint64_t second);

  // Stores a witness's cosignature line for the head of `size` after checking it.
  Status add_cosignature(uint64_t size, std::string_view witness_name,
                         std::string_view witness_public_key, std::string_view line);

 private:
  store::Database& db_;
  const crypto::Ed25519Key& key_;
  std::string origin_;
  const Clock& clock_;
  std::unique_ptr<TileCache> tiles_;  // expanded tiles shared by all proofs
};

// The server's sequencing pass (run every `[ledger] interval_ms` by a core/periodic.h thread,
// with a last pass at shutdown): sequences batch after batch until the queue is drained, so a
// burst is in a signed head within about one interval.
Status sequence_pending(Ledger& ledger, SequenceObserver* observer);

}  // namespace rx::ledger
