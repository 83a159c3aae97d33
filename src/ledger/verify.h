// Checking a stored ledger against itself and its signed heads, for operators and auditors
// (`rongxin ledger verify`) and for the server before it starts.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "core/status.h"
#include "store/database.h"

namespace rx::ledger {

struct VerifyReport {
  uint64_t entries = 0;  // sequenced entries recomputed
  uint64_t heads = 0;    // signed heads checked
  uint64_t tiles = 0;    // stored tiles compared
};

// Recomputes the whole tree from the stored entry bytes and checks every stored tile, every
// signed head (signature by `public_key`, and root) and the ledger state. The first problem
// is kDataLoss naming the entry, tile or head: an entry altered, removed, reordered or
// inserted, a truncated log, a rewritten head. `progress` (if set) hears the entry count now
// and then.
Result<VerifyReport> verify_ledger(store::Database& db, std::string_view public_key,
                                   const std::function<void(uint64_t)>& progress = nullptr);

// The check made before serving, in O(log n) reads plus the newest 256 entries: the newest
// head is signed by `public_key`, its root is what the tiles give, no entry beyond it is
// missing at the end, and the newest entries hash to the newest leaves.
Status check_ledger_at_startup(store::Database& db, std::string_view public_key);

}  // namespace rx::ledger
