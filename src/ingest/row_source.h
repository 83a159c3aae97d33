// Rows of one category from a CSV or JSON-lines stream, with cells aligned to the category's
// fields and decoded to UTF-8. Problems with the file as a whole (unreadable, a header that
// does not fit the catalogue) are errors from open_rows; problems with one row come back on
// that row, so the rest of the file still loads.
#pragma once

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "ingest/byte_source.h"
#include "ingest/encoding.h"

namespace rx::ingest {

enum class Format { kCsv, kJsonLines };

std::string_view to_string(Format f);
// "csv", "jsonl" / "ndjson"; nullopt otherwise.
std::optional<Format> parse_format(std::string_view name);

struct RowProblem {
  std::string field;  // empty for the row as a whole
  std::string value;  // the offending text, cut to 200 bytes
  std::string reason;
};

struct SourceRow {
  int64_t number = 0;  // CSV: record number with the header as row 1; JSON lines: line number
  // One per catalogue field, in field order; nullopt when the file has no such column/key.
  std::vector<std::optional<std::string_view>> cells;
  std::vector<RowProblem> problems;  // non-empty: reject the row
};

class RowSource {
 public:
  virtual ~RowSource() = default;
  // false at the end of input. Errors only when the stream cannot be read.
  virtual Result<bool> next(SourceRow& row) = 0;
  virtual int64_t bytes_read() const = 0;
  virtual Encoding encoding() const = 0;
};

struct ReadOptions {
  Format format = Format::kCsv;
  std::optional<Encoding> encoding;  // detected from the first 64 KiB when absent
  size_t max_row_bytes = size_t{1} << 20;
};

// Fills `row.cells` (aligned to the category's fields) from one JSON object whose keys are
// field names; `storage` holds the text of non-string values. Problems go to row.problems.
void cells_from_json(const nlohmann::json& object, const catalog::Category& category,
                     std::vector<std::string>& storage, SourceRow& row);

// Checks every cell of a problem-free row against its field and renders the record's
// canonical JSON object into `payload`; `spans[i]` is where field i's value sits in it.
void render_payload(const catalog::Category& category, SourceRow& row, std::string& payload,
                    std::vector<std::pair<size_t, size_t>>& spans);

// Reads the header (CSV) and fails, naming the column, when a column is not a field of the
// category, appears twice, or a required field has no column.
Result<std::unique_ptr<RowSource>> open_rows(ByteSource& source, const catalog::Category& category,
                                             const ReadOptions& options);

}  // namespace rx::ingest
