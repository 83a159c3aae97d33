#pragma once

#include <memory>

#include "store/database.h"

namespace rx::store {

// PostgreSQL through libpq. '?' placeholders become $1..$n; statements are prepared once per
// connection. Parameters travel as text; results are typed by column OID (int2/4/8 and bool
// as integers, float4/8 and numeric as reals, everything else as text).
Result<std::unique_ptr<Database>> open_postgres(const DatabaseOptions& options);

// "SELECT ? WHERE a = '?'" -> "SELECT $1 WHERE a = '?'". Exposed for tests.
std::string number_placeholders(std::string_view sql);

}  // namespace rx::store
