// City-scale synthetic credit data (`rongxin gen --out DIR`): the registry of
// registry::generate_enterprises plus every stored catalogue category except self_reported,
// as CSV in the catalogue's column order (data/catalog/<id>.toml), deterministic from the seed.
//
// Each enterprise has a latent financial health drawn from its own PRNG stream; firms in
// trouble show tax arrears, falling headcount, social insurance and provident fund arrears,
// utility arrears and disconnections, penalties and lawsuits together, while healthy firms get
// A/B tax grades, growing headcount and patents. Rows are generated per enterprise and
// streamed to the sinks, so memory does not grow with the number of enterprises (beyond what
// registry::generate_enterprises keeps to make USCCs and names distinct).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "registry/enterprise.h"

namespace rx::synth {

// Where the bytes of one category's CSV go. write() receives whole rows, in order, in chunks of
// about 1 MiB; close() is called once after the last write.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual Status write(std::string_view bytes) = 0;
  virtual Status close() { return Status::ok(); }
};

// Appends everything to a string the caller owns and keeps alive (tests).
class StringSink final : public Sink {
 public:
  explicit StringSink(std::string* out) : out_(out) {}
  Status write(std::string_view bytes) override {
    out_->append(bytes);
    return Status::ok();
  }

 private:
  std::string* out_;
};

struct CategoryColumns {
  std::string_view id;  // the catalogue category id and the file name without ".csv"
  std::span<const std::string_view> columns;
};

// The categories generated, registration first, each with its columns in catalogue order.
std::span<const CategoryColumns> city_categories();

struct CityOptions {
  int64_t enterprises = 1000;
  int months = 12;  // the months covered end with the month before `now`
  uint64_t seed = 1;
  Instant now;
};

struct CityStats {
  std::vector<std::pair<std::string, int64_t>> rows;  // data rows per category, header excluded
};

// Opens the sink for one category id; called once per category before any row.
using SinkFactory = std::function<Result<std::unique_ptr<Sink>>(std::string_view category)>;
// Called after each batch of enterprises, and once at the end with done == total.
using Progress = std::function<void(int64_t done, int64_t total)>;

// Generates the city into the sinks. The same options give byte-identical output.
// REQUIRES: options.enterprises >= 0, 1 <= options.months <= 600.
Result<CityStats> generate_city(const CityOptions& options, const SinkFactory& open,
                                const Progress& progress = {});

// generate_city into DIR/<category>.csv, creating DIR if needed.
Result<CityStats> write_city(const CityOptions& options, const std::string& dir,
                             const Progress& progress = {});

// The latent financial health in [0, 1] (0 = failing) of enterprise number `index` (0-based,
// in registry order) for `seed`. Revoked and cancelled firms are drawn lower. Exposed so that
// tests can check the data against the score that drove it.
double latent_health(uint64_t seed, int64_t index, registry::EnterpriseStatus status);

}  // namespace rx::synth
