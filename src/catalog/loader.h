// Reads the shared catalogue from TOML: data/catalog/catalog.toml (the list's name) and one
// <category>.toml per category. Every problem in every file is reported, each naming the
// file, line and column and the key.
#pragma once

#include <string>
#include <string_view>

#include "catalog/catalog.h"

namespace rx::catalog {

Result<Category> parse_category(std::string_view toml_text, std::string_view source);

// The directory must hold catalog.toml and at least one category file; a category's id must
// equal its file name.
Result<Catalog> load_catalog(const std::string& directory);

}  // namespace rx::catalog
