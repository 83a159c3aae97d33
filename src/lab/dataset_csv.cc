#include "lab/dataset_csv.h"

#include "ingest/csv_reader.h"

namespace rx::lab {

Result<LoadedDataset> read_csv_dataset(ingest::ByteSource& source, const DatasetOptions& options,
                                       const std::string& name) {
  ingest::CsvReader reader(source);
  ingest::RawRow row;
  RX_ASSIGN_OR_RETURN(bool any, reader.next(row));
  if (!any) return invalid_argument(name + ": empty file (a header row is needed)");
  if (!row.error.empty()) return invalid_argument(name + ": row 1 (header): " + row.error);
  std::vector<std::string> header(row.cells.begin(), row.cells.end());
  auto builder = DatasetBuilder::create(std::move(header), options);
  if (!builder.is_ok()) return invalid_argument(name + ": " + builder.status().message());
  for (;;) {
    RX_ASSIGN_OR_RETURN(bool more, reader.next(row));
    if (!more) break;
    if (!row.error.empty())
      return invalid_argument(name + ": row " + std::to_string(row.number) + " (line " +
                              std::to_string(row.line) + "): " + row.error);
    Status s = builder->add_row(row.number, row.cells);
    if (!s.is_ok()) return invalid_argument(name + ": " + s.message());
  }
  auto loaded = std::move(*builder).finish();
  if (!loaded.is_ok()) return invalid_argument(name + ": " + loaded.status().message());
  return loaded;
}

Result<LoadedDataset> load_csv_dataset(const std::string& path, const DatasetOptions& options) {
  RX_ASSIGN_OR_RETURN(auto source, ingest::FileSource::open(path));
  return read_csv_dataset(source, options, path);
}

}  // namespace rx::lab
