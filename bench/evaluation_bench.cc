// Batch evaluation at city scale: indicators + composite evaluation (+ the scorecard when a
// model file is given) for N synthetic enterprises x M months, in chunks as `rongxin evaluate`
// runs them, once with oneTBB on all cores and once on one thread, in the same process.
// Panels are synthesised in memory (a seeded latent health per firm drives every series and
// event), so the figure is the evaluation engine's; reading records from the database is
// measured separately (docs/benchmarks.md).
//
// Usage: evaluation_bench SOURCE_DIR [ENTERPRISES=3000000] [MONTHS=36] [CHUNK=100000]
//                         [MODEL.json]
#include <sys/resource.h>
#include <tbb/global_control.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "catalog/loader.h"
#include "credit/composite.h"
#include "credit/evaluation_run.h"
#include "credit/indicator_library.h"
#include "credit/scorecard_scorer.h"

namespace {

using namespace rx::credit;

struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  int poisson(double mean) {
    int k = 0;
    for (double t = std::exp(-mean), p = uniform(); p > t; p *= uniform()) ++k;
    return k;
  }
};

int find(const std::vector<SeriesSpec>& s, std::string_view id) {
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i].id == id) return static_cast<int>(i);
  return -1;
}
int find(const std::vector<EventSpec>& s, std::string_view id) {
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i].id == id) return static_cast<int>(i);
  return -1;
}

// One chunk of synthetic firms [first, first + n).
Panel synth_panel(const IndicatorLibrary& lib, int64_t first, int64_t n, MonthIndex as_of,
                  int months) {
  Panel p(n, as_of, months, lib.series.size(), lib.events.size());
  std::vector<EventColumnBuilder> events(lib.events.size());
  const int32_t end_day = last_day_of(as_of);
  auto series = [&](std::string_view id, int64_t e, int m, float v) {
    if (int k = find(lib.series, id); k >= 0)
      p.add(static_cast<size_t>(k), e, p.first_month() + m, v);
  };
  auto event = [&](std::string_view id, int64_t e, int32_t day, float v) {
    if (int k = find(lib.events, id); k >= 0) events[static_cast<size_t>(k)].add(e, day, v);
  };
  for (int64_t e = 0; e < n; ++e) {
    Rng r{static_cast<uint64_t>(first + e) * 7919 + 17};
    const double health = std::pow(r.uniform(), 0.6);  // most firms are healthy
    const double heads = 2 + std::floor(std::pow(r.uniform(), 3) * 200);
    const double trend = (health - 0.35) * 0.02;
    const int32_t registered = end_day - static_cast<int32_t>(r.uniform() * 365 * 20);
    event("registration", e, registered, static_cast<float>(heads * 1e5 * (0.5 + r.uniform())));
    for (int y = 0; y < 3; ++y)
      event(
          "tax_grade", e, end_day - 200 - 365 * y,
          static_cast<float>(std::clamp(1 + std::floor(health * 5 + r.uniform() - 0.3), 1.0, 5.0)));
    for (int m = 0; m < months; ++m) {
      const double level = heads * std::exp(trend * m) * (0.9 + 0.2 * r.uniform());
      const bool arrears = r.chance(std::pow(1 - health, 4) * 0.6);
      series("tax_paid", e, m, static_cast<float>(level * 900 * (arrears ? 0.3 : 1)));
      series("tax_arrears", e, m, arrears ? static_cast<float>(level * 500) : 0.f);
      series("sales_revenue", e, m, static_cast<float>(level * 30000));
      series("insured_headcount", e, m, static_cast<float>(std::round(level)));
      series("social_insurance_arrears", e, m, arrears && r.chance(0.5) ? 1.f : 0.f);
      series("social_insurance_paid", e, m, static_cast<float>(level * 1500));
      if (health > 0.3 || r.chance(0.5)) {
        series("fund_deposit", e, m, static_cast<float>(level * 600));
        series("fund_depositors", e, m, static_cast<float>(std::round(level)));
        series("fund_arrears", e, m, arrears && r.chance(0.3) ? 1.f : 0.f);
      }
      series("electricity_usage", e, m, static_cast<float>(level * 400));
      series("water_usage", e, m, static_cast<float>(level * 3));
      series("utility_arrears", e, m,
             arrears && r.chance(0.5) ? static_cast<float>(level * 50) : 0.f);
      series("utility_disconnections", e, m, arrears && r.chance(0.1) ? 1.f : 0.f);
      if (e % 5 == 0) {
        series("inventory_value", e, m, static_cast<float>(level * 2e4));
        series("customs_value", e, m, static_cast<float>(level * 1e4));
      }
    }
    const double adverse = std::pow(1 - health, 3);
    auto scatter = [&](std::string_view id, int count, int span_days, float value) {
      for (int k = 0; k < count; ++k)
        event(id, e, end_day - static_cast<int32_t>(r.uniform() * span_days), value);
    };
    const int penalties = r.poisson(adverse * 2);
    for (int k = 0; k < penalties; ++k) {
      const int32_t day = end_day - static_cast<int32_t>(r.uniform() * 1500);
      event("penalty", e, day, 5000);
      event(r.chance(0.3) ? "penalty_serious" : "penalty_general", e, day, kMissing);
    }
    scatter("license", r.poisson(0.5), 1500, kMissing);
    scatter("judgment_defendant", r.poisson(adverse * 1.5), 1500, 1e5f);
    scatter("enforcement", r.poisson(adverse), 1500, 1e5f);
    scatter("dishonest_debtor", r.poisson(adverse * 0.5), 1500, kMissing);
    scatter("consumption_restriction", r.poisson(adverse * 0.3), 1500, kMissing);
    const int ip = r.poisson(health * 3);
    scatter("ip_valid", ip, 3000, kMissing);
    scatter("invention_patent", ip / 3, 3000, kMissing);
    scatter("trademark", ip - ip / 3, 3000, kMissing);
    scatter("ip_pledge", r.chance(0.05) ? 1 : 0, 3000, 5e5f);
    scatter("contract_award", r.poisson(health * 0.3), 1000, 1e6f);
  }
  for (size_t k = 0; k < events.size(); ++k) p.set_events(k, events[k].build(n));
  return p;
}

struct Timing {
  double synth = 0, evaluate = 0;
  std::map<std::string, int64_t> grades;
  double score_sum = 0;
};

Timing run(const IndicatorLibrary& lib, const CompositeModel& model, const RowScorer* scorer,
           int64_t total, int months, int64_t chunk) {
  using clock = std::chrono::steady_clock;
  Timing t;
  const MonthIndex as_of = month_index(2026, 10);
  for (int64_t first = 0; first < total; first += chunk) {
    const int64_t n = std::min(chunk, total - first);
    auto t0 = clock::now();
    const Panel panel = synth_panel(lib, first, n, as_of, months);
    auto t1 = clock::now();
    const PanelEvaluation result = evaluate_panel(panel, lib, model, scorer);
    auto t2 = clock::now();
    t.synth += std::chrono::duration<double>(t1 - t0).count();
    t.evaluate += std::chrono::duration<double>(t2 - t1).count();
    for (const CompositeResult& c : result.composite) ++t.grades[std::string(c.grade)];
    for (const auto& s : result.scorecard)
      if (s) t.score_sum += s->score;
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SOURCE_DIR [ENTERPRISES] [MONTHS] [CHUNK] [MODEL.json]\n",
                 argv[0]);
    return 2;
  }
  const std::string root = argv[1];
  const int64_t total = argc > 2 ? std::stoll(argv[2]) : 3'000'000;
  const int months = argc > 3 ? std::stoi(argv[3]) : 36;
  const int64_t chunk = argc > 4 ? std::stoll(argv[4]) : 100'000;
  auto catalog = rx::catalog::load_catalog(root + "/data/catalog");
  if (!catalog.is_ok())
    return std::fprintf(stderr, "%s\n", catalog.status().to_string().c_str()), 1;
  auto lib = load_indicator_library(root + "/data/credit/indicators.toml", *catalog);
  if (!lib.is_ok()) return std::fprintf(stderr, "%s\n", lib.status().to_string().c_str()), 1;
  auto model = load_composite_model(root + "/data/credit/composite.toml", *lib);
  if (!model.is_ok()) return std::fprintf(stderr, "%s\n", model.status().to_string().c_str()), 1;
  std::unique_ptr<RowScorer> scorer;
  if (argc > 5) {
    auto loaded = load_scorecard_scorer(argv[5], *lib);
    if (!loaded.is_ok())
      return std::fprintf(stderr, "%s\n", loaded.status().to_string().c_str()), 1;
    scorer = std::move(*loaded);
  }
  std::printf(
      "{\"enterprises\": %lld, \"months\": %d, \"chunk\": %lld, \"indicators\": %zu, "
      "\"factors\": %zu, \"scorecard\": %s",
      static_cast<long long>(total), months, static_cast<long long>(chunk), lib->indicators.size(),
      model->factors.size(), scorer ? "true" : "false");
  const Timing parallel = run(*lib, *model, scorer.get(), total, months, chunk);
  // The same work on one thread, on a tenth of the firms (scaled), for the parallel speed-up.
  Timing serial;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    serial = run(*lib, *model, scorer.get(), std::max<int64_t>(total / 10, 1), months, chunk);
  }
  const double serial_scaled = serial.evaluate * static_cast<double>(total) /
                               static_cast<double>(std::max<int64_t>(total / 10, 1));
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      ", \"synthesis_seconds\": %.2f, \"evaluation_seconds\": %.2f, "
      "\"evaluation_seconds_one_thread_scaled\": %.2f, \"speedup\": %.2f, "
      "\"enterprises_per_second\": %.0f, \"peak_rss_mb\": %ld, \"grades\": {",
      parallel.synth, parallel.evaluate, serial_scaled, serial_scaled / parallel.evaluate,
      static_cast<double>(total) / parallel.evaluate, usage.ru_maxrss / 1024);
  bool first = true;
  for (const auto& [g, n] : parallel.grades) {
    std::printf("%s\"%s\": %lld", first ? "" : ", ", g.c_str(), static_cast<long long>(n));
    first = false;
  }
  std::printf("}");
  if (scorer)
    std::printf(", \"mean_scorecard_score\": %.1f",
                parallel.score_sum / static_cast<double>(total));
  std::printf("}\n");
  return 0;
}
