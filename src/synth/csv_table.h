// One output table of the generator: CSV rows appended to an in-memory buffer that is handed
// to a Sink in large chunks. Fields are formatted with std::to_chars, never iostreams.
// Not thread-safe; one CsvTable per category.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "synth/calendar.h"
#include "synth/city.h"

namespace rx::synth {

class CsvTable {
 public:
  static constexpr size_t kChunk = 1 << 20;

  // `sink` is not owned and must outlive the table. The header row is written at once.
  CsvTable(Sink* sink, std::span<const std::string_view> columns) : sink_(sink) {
    buf_.reserve(kChunk + 4096);
    for (auto c : columns) text(c);
    end_header();
  }

  // Text that may need RFC 4180 quoting (comma, quote, CR or LF inside).
  CsvTable& text(std::string_view s) {
    sep();
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
      buf_.append(s);
    } else {
      buf_ += '"';
      for (char c : s) {
        if (c == '"') buf_ += '"';
        buf_ += c;
      }
      buf_ += '"';
    }
    return *this;
  }
  CsvTable& empty() {
    sep();
    return *this;
  }
  CsvTable& integer(int64_t v) {
    sep();
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
    return *this;
  }
  // A non-negative fixed-point number: `units` of 10^-scale, e.g. money is (fen, 2).
  CsvTable& fixed(int64_t units, int scale) {
    sep();
    int64_t pow = 1;
    for (int i = 0; i < scale; ++i) pow *= 10;
    char tmp[32];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, units / pow);
    buf_.append(tmp, r.ptr);
    buf_ += '.';
    int64_t frac = units % pow;
    for (int64_t p = pow / 10; p > 0; p /= 10) buf_ += static_cast<char>('0' + frac / p % 10);
    return *this;
  }
  CsvTable& money(int64_t fen) { return fixed(fen, 2); }
  CsvTable& boolean(bool b) {
    sep();
    buf_.append(b ? "true" : "false");
    return *this;
  }
  CsvTable& date(int32_t days) {
    sep();
    Ymd d = civil_from_days(days);
    digits(d.year, 4);
    buf_ += '-';
    digits(d.month, 2);
    buf_ += '-';
    digits(d.day, 2);
    return *this;
  }
  CsvTable& period(int month_index) {
    sep();
    digits(year_of_month(month_index), 4);
    buf_ += '-';
    digits(month_of_year(month_index), 2);
    return *this;
  }

  // Finishes the current row; hands the buffer to the sink once it holds a chunk.
  void end() {
    ++rows_;
    end_header();
  }

  // Writes what is buffered. The first sink error sticks and later writes are skipped.
  Status flush() {
    if (status_.is_ok() && !buf_.empty()) status_ = sink_->write(buf_);
    buf_.clear();
    return status_;
  }
  const Status& status() const { return status_; }
  int64_t rows() const { return rows_; }

 private:
  void sep() {
    if (!first_) buf_ += ',';
    first_ = false;
  }
  void end_header() {
    buf_ += '\n';
    first_ = true;
    if (buf_.size() >= kChunk) (void)flush();
  }
  void digits(int v, int width) {
    char tmp[8];
    for (int i = width - 1; i >= 0; --i, v /= 10) tmp[i] = static_cast<char>('0' + v % 10);
    buf_.append(tmp, static_cast<size_t>(width));
  }

  Sink* sink_;
  std::string buf_;
  bool first_ = true;
  int64_t rows_ = 0;
  Status status_;
};

}  // namespace rx::synth
