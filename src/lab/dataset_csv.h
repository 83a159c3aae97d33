// Reads a Dataset from CSV (RFC 4180, header row first) through the ingest module's
// streaming reader. The one file in rx_lab that does I/O.
#pragma once

#include <string>

#include "ingest/byte_source.h"
#include "lab/dataset.h"

namespace rx::lab {

// Errors name the file and the row: malformed CSV, ragged rows, and everything
// DatasetBuilder rejects.
Result<LoadedDataset> read_csv_dataset(ingest::ByteSource& source, const DatasetOptions& options,
                                       const std::string& name = "input");
Result<LoadedDataset> load_csv_dataset(const std::string& path, const DatasetOptions& options);

}  // namespace rx::lab
