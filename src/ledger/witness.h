// This node as a witness of other logs (another node, the national platform...): it cosigns a
// checkpoint only after checking the log's signature and that the new tree extends the last
// one it saw (a consistency proof). Two checkpoints of one log that are not consistent are a
// fork: the witness refuses to cosign, keeps both as evidence and reports them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "crypto/signing.h"
#include "ledger/merkle.h"
#include "store/database.h"

namespace rx::ledger {

struct WitnessRequest {
  std::string checkpoint;      // the log's signed note
  std::string log_public_key;  // raw 32-byte Ed25519 key the log signs with
  std::vector<Hash> proof;     // consistency from the size this witness last saw
};

struct Fork {
  std::string origin;
  std::string known_checkpoint, conflicting_checkpoint;
  std::string reason;
};

struct WitnessOutcome {
  std::string cosignature;   // the cosignature/v1 line, when cosigned
  std::optional<Fork> fork;  // set instead when the checkpoint contradicts the last one seen
  uint64_t previous_size = 0;
};

// Checks and, if good, records and cosigns (as `name` with `key`) in one transaction. A bad
// signature or a malformed note is kInvalidArgument; a proof that does not verify is reported
// as a fork (and stored in ledger_forks) unless the request is simply stale.
Result<WitnessOutcome> witness_checkpoint(store::Database& db, const crypto::Ed25519Key& key,
                                          std::string_view name, const Clock& clock,
                                          const WitnessRequest& request);

// Forks detected so far, newest first.
Result<std::vector<Fork>> detected_forks(store::Database& db, int limit);

}  // namespace rx::ledger
