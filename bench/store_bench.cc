// Micro-benchmarks of the enterprise registry on SQLite: the reads behind
// GET /api/v1/enterprises/{uscc} and GET /api/v1/enterprises, without HTTP, plus the API-key
// check every authenticated request makes first.
//
// The database is a temporary file with 3000 synthetic enterprises (seed 1), the same data
// set as `rongxin gen --enterprises 3000 --seed 1`, migrated like `rongxin serve` does. It is
// created once per process and removed at exit.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "auth/api_keys.h"
#include "core/clock.h"
#include "crypto/crypto.h"
#include "registry/enterprise_repository.h"
#include "registry/synthetic.h"
#include "store/database.h"
#include "store/migrations.h"

namespace {

namespace fs = std::filesystem;
using rx::registry::Enterprise;
using rx::registry::EnterpriseQuery;
using rx::registry::EnterpriseRepository;

constexpr int64_t kEnterprises = 3000;

[[noreturn]] void die(const std::string& what, const rx::Status& s) {
  std::fprintf(stderr, "store_bench: %s: %s\n", what.c_str(), s.to_string().c_str());
  std::exit(1);
}

struct Fixture {
  fs::path dir;
  std::unique_ptr<rx::store::Database> db;
  std::vector<rx::Uscc> usccs;  // every registered code, in generation order

  Fixture() {
    dir = fs::temp_directory_path() / ("rx-store-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto opened = rx::store::open_database({.url = "sqlite:" + (dir / "bench.db").string()});
    if (!opened.is_ok()) die("open", opened.status());
    db = std::move(opened).value();
    rx::SystemClock clock;
    if (rx::Status s = rx::store::migrate(*db, clock); !s.is_ok()) die("migrate", s);
    std::vector<Enterprise> all;
    rx::registry::generate_enterprises(kEnterprises, 1, clock.now(),
                                       [&](Enterprise&& e) { all.push_back(std::move(e)); });
    if (rx::Status s = EnterpriseRepository(*db).create_many(all); !s.is_ok())
      die("create_many", s);
    for (const auto& e : all) usccs.push_back(e.uscc);
  }
  ~Fixture() {
    db.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

Fixture& fixture() {
  static Fixture f;  // thread-safe initialization; shared by the threaded benchmarks
  return f;
}

// Point lookup by primary key, cycling through all 3000 codes in a scrambled order so that
// consecutive lookups do not hit neighbouring B-tree pages.
void BM_EnterpriseGet(benchmark::State& state) {
  Fixture& f = fixture();
  EnterpriseRepository repo(*f.db);
  size_t i = static_cast<size_t>(state.thread_index()) * 997;
  for (auto _ : state) {
    auto r = repo.get(f.usccs[(i * 7919) % f.usccs.size()]);
    ++i;
    if (!r.is_ok()) {
      state.SkipWithError("get failed");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EnterpriseGet);
BENCHMARK(BM_EnterpriseGet)->Threads(2)->UseRealTime();

void BM_EnterpriseGetNotFound(benchmark::State& state) {
  Fixture& f = fixture();
  EnterpriseRepository repo(*f.db);
  const auto absent = *rx::Uscc::parse("914403001922038216");  // valid, not generated
  for (auto _ : state) {
    auto r = repo.get(absent);
    if (r.status().code() != rx::StatusCode::kNotFound) {
      state.SkipWithError("expected not found");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EnterpriseGetNotFound);

// The first page of 20, unfiltered (what GET /api/v1/enterprises returns by default).
void BM_EnterpriseListFirstPage(benchmark::State& state) {
  Fixture& f = fixture();
  EnterpriseRepository repo(*f.db);
  EnterpriseQuery q;
  q.limit = 20;
  for (auto _ : state) {
    auto r = repo.list(q);
    if (!r.is_ok() || r->items.size() != 20) {
      state.SkipWithError("list failed");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 20);
}
BENCHMARK(BM_EnterpriseListFirstPage);

// A page of 20 in the middle of the registry, reached by cursor.
void BM_EnterpriseListCursorPage(benchmark::State& state) {
  Fixture& f = fixture();
  EnterpriseRepository repo(*f.db);
  std::vector<std::string> sorted;
  for (const auto& u : f.usccs) sorted.push_back(u.str());
  std::sort(sorted.begin(), sorted.end());
  EnterpriseQuery q;
  q.limit = 20;
  q.after = sorted[sorted.size() / 2];
  for (auto _ : state) {
    auto r = repo.list(q);
    if (!r.is_ok() || r->items.size() != 20) {
      state.SkipWithError("list failed");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * 20);
}
BENCHMARK(BM_EnterpriseListCursorPage);

// A page of 20 filtered by industry section: the filter has to skip non-matching rows.
void BM_EnterpriseListFilteredPage(benchmark::State& state) {
  Fixture& f = fixture();
  EnterpriseRepository repo(*f.db);
  EnterpriseQuery q;
  q.limit = 20;
  q.industry = "C";  // manufacturing: about one enterprise in eight
  int64_t items = 0;
  for (auto _ : state) {
    auto r = repo.list(q);
    if (!r.is_ok() || r->items.empty()) {
      state.SkipWithError("list failed");
      break;
    }
    items += static_cast<int64_t>(r->items.size());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(items);
}
BENCHMARK(BM_EnterpriseListFilteredPage);

void BM_EnterpriseCount(benchmark::State& state) {
  Fixture& f = fixture();
  EnterpriseRepository repo(*f.db);
  for (auto _ : state) {
    auto r = repo.count();
    if (!r.is_ok() || *r != kEnterprises) {
      state.SkipWithError("count failed");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_EnterpriseCount);

// ApiKeyRepository::authenticate: SHA-256 of the presented key, then one read transaction
// looking the hash up. The HTTP API does this before every authenticated request.
void BM_ApiKeyAuthenticate(benchmark::State& state) {
  Fixture& f = fixture();
  rx::SystemClock clock;
  rx::crypto::SecureRandom random;
  rx::auth::ApiKeyRepository keys(*f.db, clock, random);
  rx::auth::NewKeyRequest request;
  request.role = rx::auth::Role::kAdmin;
  request.label = "bench";
  auto issued = keys.create(request);
  if (!issued.is_ok()) die("create key", issued.status());
  for (auto _ : state) {
    auto r = keys.authenticate(issued->secret);
    if (!r.is_ok()) {
      state.SkipWithError("authenticate failed");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiKeyAuthenticate);

// The hash alone, to separate it from the database round trip above.
void BM_Sha256Hex(benchmark::State& state) {
  const std::string key = "rx_" + std::string(43, 'A');
  for (auto _ : state) benchmark::DoNotOptimize(rx::crypto::sha256_hex(key));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sha256Hex);

}  // namespace

BENCHMARK_MAIN();
