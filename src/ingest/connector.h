// Interface mode (专线接口): for a category the platform does not store, the source
// department is asked live, one enterprise at a time, and its answer is checked against the
// catalogue like any ingested row, so the rest of the platform sees one view. Timeouts,
// retries and a short cache keep a slow or flaky source from slowing every caller.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "core/clock.h"

namespace rx::ingest {

struct FetchResponse {
  int status = 0;
  std::string body;
};

// Performs one HTTP GET within `timeout`; an error for transport failures (refused, timed
// out). Injected so that domain code never sees an HTTP library.
using Fetch =
    std::function<Result<FetchResponse>(const std::string& url, std::chrono::milliseconds timeout)>;

struct LiveRecords {
  std::vector<std::string> payloads;  // canonical JSON objects, as stored records have
  int64_t invalid = 0;                // source records that failed the catalogue's checks
  bool from_cache = false;
};

class InterfaceConnector {
 public:
  // REQUIRES: category.mode == kInterface and category.source is set.
  InterfaceConnector(const catalog::Category& category, Fetch fetch, const Clock& clock);

  // The source's records about `uscc`. 404 means none. Transport errors and 5xx are retried
  // `retries` times; then kUnavailable naming the source. Thread-safe.
  Result<LiveRecords> records(const std::string& uscc);

 private:
  Result<LiveRecords> fetch_and_check(const std::string& uscc);

  const catalog::Category& category_;
  Fetch fetch_;
  const Clock& clock_;
  std::mutex mutex_;
  struct Cached {
    Instant expires;
    LiveRecords records;
  };
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace rx::ingest
