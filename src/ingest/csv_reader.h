// A streaming RFC 4180 reader: comma-separated, fields optionally in double quotes, "" for a
// quote inside quotes, CRLF or LF line ends, newlines allowed inside quotes. Memory is bounded
// by the read buffer and the longest row allowed, whatever the file size.
//
// Malformed rows do not stop the reader: the row comes back with `error` saying what and
// where, and reading resumes at the next row. A row over the size limit is skipped to its
// end; an unbalanced quote that runs past the limit resynchronises at the next line end.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/byte_source.h"

namespace rx::ingest {

struct RawRow {
  int64_t number = 0;                   // 1-based record number in the file (the header is row 1)
  int64_t line = 0;                     // 1-based line on which the row starts
  std::vector<std::string_view> cells;  // valid until the next call to next()
  std::string error;                    // non-empty when the row is malformed
};

class CsvReader {
 public:
  explicit CsvReader(ByteSource& source, size_t max_row_bytes = size_t{1} << 20);

  // Fills `row` with the next non-blank row; false at the end of input. Errors only when the
  // source cannot be read.
  Result<bool> next(RawRow& row);
  int64_t bytes_read() const { return bytes_read_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  Result<bool> fill();
  // When the next row is a whole line in the buffer without quotes or stray CRs (the common
  // case), splits it into text_/cell_ends_ and consumes it; false leaves everything untouched.
  bool take_plain_line();
  void end_cell();
  void fail(std::string reason);

  ByteSource& source_;
  size_t max_row_bytes_;
  std::vector<char> buffer_;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  int64_t bytes_read_ = 0;
  int64_t line_ = 1;
  int64_t rows_ = 0;

  // The row being assembled.
  State state_ = State::kFieldStart;
  std::string text_;
  std::vector<size_t> cell_ends_;
  std::string error_;
  size_t row_bytes_ = 0;
  bool skipping_ = false;
  int64_t quote_line_ = 0;
};

}  // namespace rx::ingest
