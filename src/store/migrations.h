// Versioned schema migrations, one source for both dialects. Each migration is a list of
// statements in portable SQL; the few dialect differences are tokens expanded by
// render_for_dialect(), so the difference lives in one function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace rx::store {

struct Migration {
  int version;
  std::string_view name;
  std::vector<std::string_view> statements;
};

// All migrations, in version order, starting at 1 without gaps.
const std::vector<Migration>& migrations();
int latest_schema_version();

// Tokens: {{autoincrement_pk}} -> INTEGER PRIMARY KEY AUTOINCREMENT / BIGINT GENERATED ALWAYS
// AS IDENTITY PRIMARY KEY; {{bytes}} -> BLOB / BYTEA.
std::string render_for_dialect(std::string_view sql, Dialect dialect);

// 0 for an empty database.
Result<int> schema_version(Database& db);

// Applies every pending migration, each in its own transaction, serialized across processes.
// Fails with kFailedPrecondition, writing nothing, when the database is newer than this build.
Status migrate(Database& db, const Clock& clock);

}  // namespace rx::store
