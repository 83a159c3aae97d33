#include "ingest/row_source.h"

#include <nlohmann/json.hpp>

#include "catalog/value.h"
#include "core/text.h"
#include "ingest/csv_reader.h"

namespace rx::ingest {
namespace {

constexpr size_t kPeekBytes = 64 * 1024;

std::string clip(std::string_view s) {
  return storable_text(s, 200);
}

// Decodes every present cell of `row` in place (into `storage`) when the file is GB18030.
class CellDecoder {
 public:
  explicit CellDecoder(Encoding e) : encoding_(e) {}
  Encoding encoding() const { return encoding_; }

  // Returns false and records a problem when a cell is not valid in the file's encoding.
  bool decode(SourceRow& row, const catalog::Category& category) {
    if (encoding_ == Encoding::kUtf8) return true;
    storage_.clear();
    storage_.resize(row.cells.size());
    for (size_t i = 0; i < row.cells.size(); ++i) {
      if (!row.cells[i]) continue;
      auto utf8 = decoder_.decode(*row.cells[i]);
      if (!utf8.is_ok()) {
        row.problems.push_back(
            {category.fields[i].name, "", utf8.status().message() + " (file read as GB18030)"});
        return false;
      }
      storage_[i] = std::string(*utf8);
      row.cells[i] = storage_[i];
    }
    return true;
  }

 private:
  Encoding encoding_;
  Gb18030Decoder decoder_;
  std::vector<std::string> storage_;
};

Encoding choose_encoding(PeekedSource& peeked, const ReadOptions& options) {
  return options.encoding ? *options.encoding : detect_encoding(peeked.head());
}

class CsvRows final : public RowSource {
 public:
  CsvRows(std::unique_ptr<PeekedSource> peeked, const catalog::Category& category,
          const ReadOptions& options, Encoding encoding)
      : peeked_(std::move(peeked)),
        category_(category),
        reader_(*peeked_, options.max_row_bytes),
        decoder_(encoding) {}

  Status read_header() {
    RawRow header;
    RX_ASSIGN_OR_RETURN(bool any, reader_.next(header));
    if (!any) return invalid_argument("the file is empty: a CSV file starts with a header row");
    if (!header.error.empty()) return invalid_argument("header row: " + header.error);
    std::vector<FieldError> errors;
    std::vector<bool> seen(category_.fields.size(), false);
    Gb18030Decoder decoder;
    for (size_t i = 0; i < header.cells.size(); ++i) {
      std::string name(catalog::trim_ascii(header.cells[i]));
      if (i == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0) name.erase(0, 3);
      if (decoder_.encoding() == Encoding::kGb18030) {
        auto utf8 = decoder.decode(name);
        if (utf8.is_ok()) name = std::string(*utf8);
      }
      std::string column = "column " + std::to_string(i + 1);
      int field = category_.field_index(name);
      if (field < 0) {
        errors.push_back({column, "'" + clip(name) + "' is not a field of category '" +
                                      category_.id + "' in the shared catalogue"});
      } else if (seen[static_cast<size_t>(field)]) {
        errors.push_back({column, "'" + name + "' appears twice in the header"});
      } else {
        seen[static_cast<size_t>(field)] = true;
      }
      column_field_.push_back(field);
    }
    for (size_t f = 0; f < category_.fields.size(); ++f)
      if (!seen[f] && category_.fields[f].required)
        errors.push_back({category_.fields[f].name, "required field has no column in the header"});
    if (!errors.empty()) {
      std::string message = "the header does not match category '" + category_.id +
                            "': " + errors[0].field + ": " + errors[0].reason;
      return invalid_argument(std::move(message), std::move(errors));
    }
    return Status::ok();
  }

  Result<bool> next(SourceRow& row) override {
    RX_ASSIGN_OR_RETURN(bool any, reader_.next(raw_));
    if (!any) return false;
    row.number = raw_.number;
    row.problems.clear();
    row.cells.assign(category_.fields.size(), std::nullopt);
    if (!raw_.error.empty()) {
      row.problems.push_back({"", "", "line " + std::to_string(raw_.line) + ": " + raw_.error});
      return true;
    }
    if (raw_.cells.size() != column_field_.size()) {
      row.problems.push_back({"", clip(raw_.cells.empty() ? "" : raw_.cells[0]),
                              "has " + std::to_string(raw_.cells.size()) +
                                  " cells; the header has " +
                                  std::to_string(column_field_.size())});
      return true;
    }
    for (size_t i = 0; i < raw_.cells.size(); ++i)
      if (column_field_[i] >= 0) row.cells[static_cast<size_t>(column_field_[i])] = raw_.cells[i];
    decoder_.decode(row, category_);
    return true;
  }

  int64_t bytes_read() const override { return reader_.bytes_read(); }
  Encoding encoding() const override { return decoder_.encoding(); }

 private:
  std::unique_ptr<PeekedSource> peeked_;
  const catalog::Category& category_;
  CsvReader reader_;
  CellDecoder decoder_;
  std::vector<int> column_field_;
  RawRow raw_;
};

// One JSON object per line; keys are field names. Blank lines are skipped.
class JsonLinesRows final : public RowSource {
 public:
  JsonLinesRows(std::unique_ptr<PeekedSource> peeked, const catalog::Category& category,
                const ReadOptions& options, Encoding encoding)
      : peeked_(std::move(peeked)),
        category_(category),
        max_row_bytes_(options.max_row_bytes),
        encoding_(encoding),
        buffer_(256 * 1024) {}

  Result<bool> next(SourceRow& row) override {
    for (;;) {
      RX_ASSIGN_OR_RETURN(bool any, read_line());
      if (!any) return false;
      row.number = line_number_;
      row.problems.clear();
      row.cells.assign(category_.fields.size(), std::nullopt);
      if (too_long_) {
        row.problems.push_back(
            {"", "", "line is longer than " + std::to_string(max_row_bytes_) + " bytes"});
        return true;
      }
      std::string_view text = catalog::trim_ascii(line_);
      if (line_number_ == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.remove_prefix(3);
      if (text.empty()) continue;
      if (encoding_ == Encoding::kGb18030) {
        auto utf8 = decoder_.decode(text);
        if (!utf8.is_ok()) {
          row.problems.push_back({"", "", utf8.status().message() + " (file read as GB18030)"});
          return true;
        }
        text = *utf8;
      }
      parse(text, row);
      return true;
    }
  }

  int64_t bytes_read() const override { return bytes_read_; }
  Encoding encoding() const override { return encoding_; }

 private:
  void parse(std::string_view text, SourceRow& row) {
    nlohmann::json object;
    try {
      object = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      row.problems.push_back({"", clip(text), "not valid JSON at byte " + std::to_string(e.byte)});
      return;
    }
    cells_from_json(object, category_, values_, row);
  }

  // Reads the next line (without its newline) into line_; false at the end.
  Result<bool> read_line() {
    line_.clear();
    too_long_ = false;
    bool any = false;
    for (;;) {
      if (pos_ == end_) {
        RX_ASSIGN_OR_RETURN(size_t n, peeked_->read(buffer_.data(), buffer_.size()));
        bytes_read_ += static_cast<int64_t>(n);
        pos_ = 0;
        end_ = n;
        if (n == 0) break;
      }
      any = true;
      const char* start = buffer_.data() + pos_;
      const void* nl = std::memchr(start, '\n', end_ - pos_);
      size_t len = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : end_ - pos_;
      if (!too_long_) {
        if (line_.size() + len > max_row_bytes_) {
          too_long_ = true;
          line_.clear();
        } else {
          line_.append(start, len);
        }
      }
      pos_ += len + (nl ? 1 : 0);
      if (nl) break;
    }
    if (any) ++line_number_;
    return any;
  }

  std::unique_ptr<PeekedSource> peeked_;
  const catalog::Category& category_;
  size_t max_row_bytes_;
  Encoding encoding_;
  Gb18030Decoder decoder_;
  std::vector<char> buffer_;
  size_t pos_ = 0, end_ = 0;
  int64_t bytes_read_ = 0;
  int64_t line_number_ = 0;
  std::string line_;
  bool too_long_ = false;
  std::vector<std::string> values_;
};

}  // namespace

void cells_from_json(const nlohmann::json& object, const catalog::Category& category,
                     std::vector<std::string>& storage, SourceRow& row) {
  row.cells.assign(category.fields.size(), std::nullopt);
  if (!object.is_object()) {
    row.problems.push_back({"", clip(object.dump()), "each record must be one JSON object"});
    return;
  }
  storage.assign(category.fields.size(), std::string());
  for (const auto& [key, value] : object.items()) {
    int f = category.field_index(key);
    if (f < 0) {
      row.problems.push_back({key, "", "is not a field of category '" + category.id + "'"});
      continue;
    }
    std::string& out = storage[static_cast<size_t>(f)];
    if (value.is_string())
      out = value.get<std::string>();
    else if (value.is_number() || value.is_boolean())
      out = value.dump();
    else if (value.is_null())
      out.clear();
    else {
      row.problems.push_back(
          {key, clip(value.dump()), "must be a string, number, boolean or null"});
      continue;
    }
    row.cells[static_cast<size_t>(f)] = out;
  }
}

void render_payload(const catalog::Category& category, SourceRow& row, std::string& payload,
                    std::vector<std::pair<size_t, size_t>>& spans) {
  payload.clear();
  spans.resize(category.fields.size());
  payload.push_back('{');
  for (size_t f = 0; f < category.fields.size(); ++f) {
    const catalog::Field& field = category.fields[f];
    std::string_view cell = row.cells[f].value_or(std::string_view());
    if (f) payload.push_back(',');
    payload.push_back('"');
    payload.append(field.name);
    payload.append("\":");
    spans[f].first = payload.size();
    if (auto bad = catalog::append_value(field, cell, payload))
      row.problems.push_back({field.name, clip(cell), *bad});
    spans[f].second = payload.size();
  }
  payload.push_back('}');
}

std::string_view to_string(Format f) {
  return f == Format::kCsv ? "csv" : "jsonl";
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "csv") return Format::kCsv;
  if (name == "jsonl" || name == "ndjson" || name == "jsonlines") return Format::kJsonLines;
  return std::nullopt;
}

Result<std::unique_ptr<RowSource>> open_rows(ByteSource& source, const catalog::Category& category,
                                             const ReadOptions& options) {
  auto peeked = std::make_unique<PeekedSource>(source, kPeekBytes);
  RX_RETURN_IF_ERROR(peeked->peek());
  Encoding encoding = choose_encoding(*peeked, options);
  if (options.format == Format::kJsonLines)
    return std::unique_ptr<RowSource>(
        std::make_unique<JsonLinesRows>(std::move(peeked), category, options, encoding));
  auto rows = std::make_unique<CsvRows>(std::move(peeked), category, options, encoding);
  RX_RETURN_IF_ERROR(rows->read_header());
  return std::unique_ptr<RowSource>(std::move(rows));
}

}  // namespace rx::ingest
