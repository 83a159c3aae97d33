#pragma once

#include <memory>

#include "store/database.h"

namespace rx::store {

// SQLite 3 in WAL mode with foreign keys on, a busy timeout and a per-connection cache of
// prepared statements. Write transactions begin IMMEDIATE so that two writers never deadlock
// on lock upgrade; the loser waits up to the busy timeout, then gets kUnavailable.
Result<std::unique_ptr<Database>> open_sqlite(const DatabaseOptions& options);

}  // namespace rx::store
