#include "ingest/csv_reader.h"

#include <cstring>

namespace rx::ingest {

CsvReader::CsvReader(ByteSource& source, size_t max_row_bytes)
    : source_(source), max_row_bytes_(max_row_bytes), buffer_(256 * 1024) {}

Result<bool> CsvReader::fill() {
  RX_ASSIGN_OR_RETURN(size_t n, source_.read(buffer_.data(), buffer_.size()));
  pos_ = 0;
  end_ = n;
  bytes_read_ += static_cast<int64_t>(n);
  if (n == 0) eof_ = true;
  return n > 0;
}

void CsvReader::end_cell() {
  cell_ends_.push_back(text_.size());
  state_ = State::kFieldStart;
}

void CsvReader::fail(std::string reason) {
  if (error_.empty()) error_ = std::move(reason);
}

bool CsvReader::take_plain_line() {
  const char* begin = buffer_.data() + pos_;
  const size_t available = end_ - pos_;
  const char* newline = static_cast<const char*>(std::memchr(begin, '\n', available));
  if (!newline) return false;  // the line continues in the next read: the general path
  const size_t length = static_cast<size_t>(newline - begin);
  if (length + 1 > max_row_bytes_ || std::memchr(begin, '"', length)) return false;
  const char* end = length > 0 && newline[-1] == '\r' ? newline - 1 : newline;
  if (std::memchr(begin, '\r', static_cast<size_t>(end - begin))) return false;
  for (const char* p = begin;;) {
    const char* comma = static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(end - p)));
    text_.append(p, comma ? comma : end);
    if (!comma) break;
    cell_ends_.push_back(text_.size());
    p = comma + 1;
  }
  pos_ += length + 1;
  ++line_;
  return true;
}

Result<bool> CsvReader::next(RawRow& row) {
  for (;;) {
    text_.clear();
    cell_ends_.clear();
    error_.clear();
    row_bytes_ = 0;
    skipping_ = false;
    state_ = State::kFieldStart;
    const int64_t start_line = line_;
    bool any_byte = false;
    // Most rows have no quotes and no stray CR, and end within the buffer: split them at once.
    bool row_done = take_plain_line();
    if (row_done) any_byte = true;
    while (!row_done) {
      if (pos_ == end_) {
        RX_ASSIGN_OR_RETURN(bool more, fill());
        if (!more) break;
      }
      any_byte = true;
      char c = buffer_[pos_++];
      if (++row_bytes_ > max_row_bytes_ && !skipping_) {
        skipping_ = true;
        fail("row is longer than " + std::to_string(max_row_bytes_) + " bytes" +
             (state_ == State::kQuoted ? " (a quote opened on line " + std::to_string(quote_line_) +
                                             " may be unbalanced)"
                                       : ""));
        text_.clear();
        state_ = State::kUnquoted;  // resynchronise at the next line end
      }
      if (c == '\n') ++line_;
      if (skipping_) {
        if (c == '\n') row_done = true;
        continue;
      }
      switch (state_) {
        case State::kFieldStart:
          if (c == '"') {
            state_ = State::kQuoted;
            quote_line_ = line_;
            break;
          }
          state_ = State::kUnquoted;
          [[fallthrough]];
        case State::kUnquoted:
          if (c == ',') {
            end_cell();
          } else if (c == '\n') {
            row_done = true;
          } else if (c == '\r') {
            // CRLF line end; a lone CR inside a field is dropped too.
          } else {
            if (c == '"')
              fail("quote inside an unquoted field (cell " + std::to_string(cell_ends_.size() + 1) +
                   "); quote the whole field and double the quote");
            text_.push_back(c);
          }
          break;
        case State::kQuoted:
          if (c == '"')
            state_ = State::kQuoteInQuoted;
          else
            text_.push_back(c);
          break;
        case State::kQuoteInQuoted:
          if (c == '"') {
            text_.push_back('"');
            state_ = State::kQuoted;
          } else if (c == ',') {
            end_cell();
          } else if (c == '\n') {
            row_done = true;
          } else if (c != '\r') {
            fail("unexpected character after the closing quote of cell " +
                 std::to_string(cell_ends_.size() + 1));
            text_.push_back(c);
            state_ = State::kUnquoted;
          }
          break;
      }
    }
    if (!any_byte) return false;
    if (!row_done && state_ == State::kQuoted && !skipping_)
      fail("the quote opened on line " + std::to_string(quote_line_) +
           " is never closed before the end of the file");
    cell_ends_.push_back(text_.size());
    ++rows_;
    // A blank line is not a row.
    if (cell_ends_.size() == 1 && text_.empty() && error_.empty() &&
        state_ != State::kQuoteInQuoted)
      continue;
    row.number = rows_;
    row.line = start_line;
    row.error = error_;
    row.cells.clear();
    size_t begin = 0;
    for (size_t e : cell_ends_) {
      row.cells.emplace_back(text_.data() + begin, e - begin);
      begin = e;
    }
    return true;
  }
}

}  // namespace rx::ingest
