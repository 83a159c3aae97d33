// Multi-row statements with few distinct texts: rows go in chunks of 128, 64, ... 1, so a
// backend's prepared-statement cache holds at most eight variants of each statement.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace rx::store {

// Runs `head` + " VALUES (?, ...), (...)" + `tail` over `values` (row-major, `columns` per
// row). REQUIRES: values.size() is a multiple of columns.
Status insert_rows(Session& s, std::string_view head, size_t columns,
                   const std::vector<Value>& values, std::string_view tail = "");

// Calls fn(placeholders, chunk) for chunks of `items`, placeholders being "?, ?, ...".
Status for_chunks(const std::vector<Value>& items,
                  const std::function<Status(const std::string&, const std::vector<Value>&)>& fn);

}  // namespace rx::store
