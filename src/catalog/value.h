// Checks one incoming cell against its catalogue field and renders its canonical JSON form,
// the form records are stored, hashed and compared in: money as integer fen, integers and
// booleans as JSON numbers and booleans, decimals, dates, periods, enums, USCCs and text as
// JSON strings; an empty cell as null. Leading and trailing ASCII spaces are ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"

namespace rx::catalog {

// Appends the canonical JSON value of `cell` to `json`, or returns why the cell is invalid
// (e.g. "has 3 decimals; money allows at most 2"), leaving `json` as it was.
std::optional<std::string> append_value(const Field& field, std::string_view cell,
                                        std::string& json);

// Appends `text` as a JSON string literal. REQUIRES: valid UTF-8.
void append_json_string(std::string_view text, std::string& json);

std::string_view trim_ascii(std::string_view s);

}  // namespace rx::catalog
