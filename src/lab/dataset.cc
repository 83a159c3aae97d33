#include "lab/dataset.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <set>

namespace rx::lab {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// A finite number written in full (no trailing text); a leading '+' is allowed.
bool parse_number(std::string_view s, double& out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

std::string render_number(double v) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

std::string column_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < 40; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 40) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

}  // namespace

std::string_view column_type_name(ColumnType type) {
  return type == ColumnType::kNumeric ? "numeric" : "categorical";
}

bool Column::is_missing(size_t row) const {
  return type == ColumnType::kNumeric ? std::isnan(numeric[row]) : codes[row] < 0;
}

int32_t Column::level_code(std::string_view level) const {
  for (size_t i = 0; i < levels.size(); ++i)
    if (levels[i] == level) return static_cast<int32_t>(i);
  return -1;
}

size_t Dataset::rows() const {
  if (!target.empty()) return target.size();
  return columns.empty() ? 0 : columns.front().size();
}

const Column* Dataset::find(std::string_view name) const {
  for (const Column& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

int64_t Dataset::bad_count() const {
  int64_t n = 0;
  for (uint8_t t : target) n += t;
  return n;
}

Dataset Dataset::subset(const std::vector<uint32_t>& indices) const {
  Dataset out;
  out.target_name = target_name;
  out.bad_value = bad_value;
  if (!target.empty()) {
    out.target.reserve(indices.size());
    for (uint32_t i : indices) out.target.push_back(target[i]);
  }
  out.columns.reserve(columns.size());
  for (const Column& c : columns) {
    Column s;
    s.name = c.name;
    s.type = c.type;
    s.levels = c.levels;
    if (c.type == ColumnType::kNumeric) {
      s.numeric.reserve(indices.size());
      for (uint32_t i : indices) s.numeric.push_back(c.numeric[i]);
    } else {
      s.codes.reserve(indices.size());
      for (uint32_t i : indices) s.codes.push_back(c.codes[i]);
    }
    out.columns.push_back(std::move(s));
  }
  return out;
}

bool is_missing_cell(std::string_view cell) {
  cell = trim(cell);
  return cell.empty() || cell == "NA";
}

DatasetBuilder::DatasetBuilder(std::vector<std::string> header, DatasetOptions options)
    : header_(std::move(header)), options_(std::move(options)) {}

Result<DatasetBuilder> DatasetBuilder::create(std::vector<std::string> header,
                                              DatasetOptions options) {
  if (header.empty()) return invalid_argument("the header row has no columns");
  std::set<std::string, std::less<>> seen;
  for (size_t i = 0; i < header.size(); ++i) {
    header[i] = std::string(trim(header[i]));
    if (header[i].empty()) header[i] = "column_" + std::to_string(i + 1);
    if (!seen.insert(header[i]).second)
      return invalid_argument("column \"" + header[i] + "\" appears twice in the header");
  }
  for (const auto& [name, type] : options.types)
    if (!seen.count(name))
      return invalid_argument("no column \"" + name +
                              "\" (it has a type given, or the model reads it); columns are " +
                              column_list(header));
  DatasetBuilder b(std::move(header), std::move(options));
  for (size_t i = 0; i < b.header_.size(); ++i) {
    if (!b.options_.target.empty() && b.header_[i] == b.options_.target) {
      b.target_index_ = static_cast<int>(i);
      continue;
    }
    Pending p;
    p.name = b.header_[i];
    if (auto it = b.options_.types.find(p.name); it != b.options_.types.end()) {
      p.forced_numeric = it->second == ColumnType::kNumeric;
      p.forced_categorical = it->second == ColumnType::kCategorical;
      p.numeric = p.forced_numeric;
    }
    b.pending_.push_back(std::move(p));
  }
  if (!b.options_.target.empty() && b.target_index_ < 0)
    return invalid_argument("no column \"" + b.options_.target + "\"; columns are " +
                            column_list(b.header_));
  return b;
}

void DatasetBuilder::add_level(Pending& column, std::string_view text) {
  auto it = column.index.find(text);
  if (it == column.index.end()) {
    it = column.index.emplace(std::string(text), static_cast<int32_t>(column.levels.size())).first;
    column.levels.emplace_back(text);
  }
  column.codes.push_back(it->second);
}

// Earlier cells were numbers; they become levels written in shortest round-trip form
// ("01" was read as 1 and comes back as "1").
void DatasetBuilder::to_categorical(Pending& column) {
  column.numeric = false;
  column.codes.reserve(column.values.size());
  for (double v : column.values) {
    if (std::isnan(v))
      column.codes.push_back(-1);
    else
      add_level(column, render_number(v));
  }
  column.values.clear();
  column.values.shrink_to_fit();
}

Status DatasetBuilder::add_row(int64_t row_number, const std::vector<std::string_view>& cells) {
  if (cells.size() != header_.size())
    return invalid_argument("row " + std::to_string(row_number) + " has " +
                            std::to_string(cells.size()) + " cells, the header has " +
                            std::to_string(header_.size()));
  size_t f = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string_view cell = trim(cells[i]);
    if (static_cast<int>(i) == target_index_) {
      if (is_missing_cell(cell))
        return invalid_argument("row " + std::to_string(row_number) + ": the target \"" +
                                options_.target + "\" is missing");
      if (auto it = target_values_.find(cell); it != target_values_.end())
        ++it->second;
      else
        target_values_.emplace(std::string(cell), 1);
      target_.push_back(cell == options_.bad_value ? 1 : 0);
      continue;
    }
    Pending& p = pending_[f++];
    const bool missing = is_missing_cell(cell);
    if (p.numeric) {
      double v = std::numeric_limits<double>::quiet_NaN();
      if (!missing && !parse_number(cell, v)) {
        if (p.forced_numeric)
          return invalid_argument("row " + std::to_string(row_number) + ", column \"" + p.name +
                                  "\": '" + std::string(cell.substr(0, 40)) +
                                  "' is not a number (the column is declared numeric)");
        to_categorical(p);
      } else {
        p.values.push_back(v);
        continue;
      }
    }
    if (missing)
      p.codes.push_back(-1);
    else
      add_level(p, cell);
  }
  ++rows_;
  return Status::ok();
}

Result<LoadedDataset> DatasetBuilder::finish() && {
  if (rows_ == 0) return invalid_argument("no data rows after the header");
  LoadedDataset out;
  Dataset& d = out.data;
  d.target_name = options_.target;
  d.bad_value = options_.bad_value;
  if (target_index_ >= 0) {
    std::string seen;
    for (const auto& [value, n] : target_values_)
      seen += (seen.empty() ? "" : ", ") + value + " (" + std::to_string(n) + ")";
    if (!target_values_.count(options_.bad_value))
      return invalid_argument("the bad value \"" + options_.bad_value +
                              "\" never appears in column \"" + options_.target +
                              "\"; its values are " + seen);
    if (options_.require_both_classes && target_values_.size() < 2)
      return invalid_argument("column \"" + options_.target + "\" has only one class (" + seen +
                              "); fitting needs both bad and good rows");
    d.target = std::move(target_);
  }
  for (Pending& p : pending_) {
    Column c;
    c.name = std::move(p.name);
    if (p.numeric && p.forced_categorical) to_categorical(p);
    if (p.numeric) {
      c.type = ColumnType::kNumeric;
      c.numeric = std::move(p.values);
    } else {
      c.type = ColumnType::kCategorical;
      c.codes = std::move(p.codes);
      c.levels = std::move(p.levels);
    }
    if (options_.drop_uninformative) {
      size_t present = 0;
      bool constant = true;
      double first_value = 0;
      int32_t first_code = -1;
      for (size_t r = 0; r < c.size(); ++r) {
        if (c.is_missing(r)) continue;
        if (present++ == 0) {
          if (c.type == ColumnType::kNumeric)
            first_value = c.numeric[r];
          else
            first_code = c.codes[r];
        } else if (c.type == ColumnType::kNumeric ? c.numeric[r] != first_value
                                                  : c.codes[r] != first_code) {
          constant = false;
        }
      }
      if (present == 0) {
        out.warnings.push_back("column \"" + c.name + "\" is missing in every row: dropped");
        continue;
      }
      if (constant && present == c.size()) {
        out.warnings.push_back("column \"" + c.name + "\" has one value in every row: dropped");
        continue;
      }
      // Text that differs in every row (a USCC, a name) identifies rows; it cannot generalise.
      if (c.type == ColumnType::kCategorical && c.size() > 20 && c.levels.size() == c.size()) {
        out.warnings.push_back("column \"" + c.name +
                               "\" has a different value in every row (an identifier): dropped");
        continue;
      }
    }
    d.columns.push_back(std::move(c));
  }
  if (d.columns.empty()) return invalid_argument("no usable feature columns");
  return out;
}

}  // namespace rx::lab
