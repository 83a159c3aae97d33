#include "ingest/connector.h"

#include <nlohmann/json.hpp>

#include "ingest/row_source.h"

namespace rx::ingest {
namespace {

constexpr size_t kMaxCachedEnterprises = 10'000;

std::string url_for(const std::string& pattern, const std::string& uscc) {
  std::string url = pattern;
  for (size_t at; (at = url.find("{uscc}")) != std::string::npos;) url.replace(at, 6, uscc);
  return url;
}

}  // namespace

InterfaceConnector::InterfaceConnector(const catalog::Category& category, Fetch fetch,
                                       const Clock& clock)
    : category_(category), fetch_(std::move(fetch)), clock_(clock) {}

Result<LiveRecords> InterfaceConnector::records(const std::string& uscc) {
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(uscc);
    if (it != cache_.end() && it->second.expires > clock_.now()) {
      LiveRecords hit = it->second.records;
      hit.from_cache = true;
      return hit;
    }
  }
  RX_ASSIGN_OR_RETURN(LiveRecords fresh, fetch_and_check(uscc));
  const auto ttl = std::chrono::seconds(category_.source->cache_seconds);
  if (ttl.count() > 0) {
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kMaxCachedEnterprises) cache_.clear();
    cache_[uscc] = {clock_.now() + ttl, fresh};
  }
  return fresh;
}

Result<LiveRecords> InterfaceConnector::fetch_and_check(const std::string& uscc) {
  const catalog::InterfaceSource& source = *category_.source;
  const std::string url = url_for(source.url, uscc);
  std::string last_error;
  for (int attempt = 0; attempt <= source.retries; ++attempt) {
    auto response = fetch_(url, std::chrono::milliseconds(source.timeout_ms));
    if (!response.is_ok()) {
      last_error = response.status().message();
      continue;
    }
    if (response->status >= 500) {
      last_error = "the source answered HTTP " + std::to_string(response->status);
      continue;
    }
    LiveRecords out;
    if (response->status == 404) return out;
    if (response->status != 200)
      return unavailable("source of category '" + category_.id + "' answered HTTP " +
                         std::to_string(response->status));
    auto body = nlohmann::json::parse(response->body, nullptr, false);
    if (body.is_object() && body.contains("records")) body = body["records"];
    if (!body.is_array())
      return unavailable("source of category '" + category_.id +
                         "' did not answer a JSON array of records");
    SourceRow row;
    std::vector<std::string> storage;
    std::vector<std::pair<size_t, size_t>> spans;
    std::string payload;
    for (const nlohmann::json& item : body) {
      row.problems.clear();
      cells_from_json(item, category_, storage, row);
      if (row.problems.empty()) render_payload(category_, row, payload, spans);
      bool own =
          row.problems.empty() && payload.find("\"uscc\":\"" + uscc + "\"") != std::string::npos;
      if (!own) {
        ++out.invalid;
        continue;
      }
      out.payloads.push_back(payload);
    }
    return out;
  }
  return unavailable("source of category '" + category_.id + "' failed after " +
                     std::to_string(source.retries + 1) + " attempts: " + last_error);
}

}  // namespace rx::ingest
