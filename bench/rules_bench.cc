// Micro-benchmarks of eligibility rules (src/rules): evaluate() is the inner loop of policy
// matching (200 policies x 3,000,000 enterprises), so it is measured per row over a million
// random rows, as the matcher will see them. Release builds only.
#include <benchmark/benchmark.h>

#include <cmath>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "rules/schema.h"

namespace {

using rx::rules::AttributeType;

constexpr size_t kRows = 1'000'000;
constexpr size_t kWidth = 8;

const char* const kRule =
    "size in [\"small\", \"micro\"] and district == \"310107\" and years_operating >= 1 "
    "and not dishonest_debtor and composite_grade >= \"B\"";

rx::rules::Schema make_schema() {
  using T = AttributeType;
  auto s = rx::rules::Schema::create({
      {"size", "企业规模", "Size", "", T::kString, {"micro", "small", "medium", "large"}},
      {"district", "所在区", "District", "", T::kString, {}},
      {"years_operating", "经营年限", "Years", "年", T::kNumber, {}},
      {"dishonest_debtor", "失信被执行人", "Dishonest debtor", "", T::kBool, {}},
      {"composite_grade", "综合评价等级", "Grade", "", T::kGrade, {"A", "B", "C", "D"}},
      {"revenue", "营业收入", "Revenue", "万元", T::kNumber, {}},
      {"employees", "从业人数", "Employees", "人", T::kNumber, {}},
      {"high_tech", "高新技术企业", "High tech", "", T::kBool, {}},
  });
  return std::move(s).value();
}

const rx::rules::Schema& schema() {
  static const rx::rules::Schema s = make_schema();
  return s;
}

// Row-major rows. `pass` is the chance that each condition holds (so a row matches with
// pass^5); `missing` the chance that a value is NaN.
std::vector<double> make_rows(double pass, double missing) {
  const rx::rules::Schema& s = schema();
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0, 1);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> districts;
  for (int d = 1; d <= 16; ++d) districts.push_back(s.encode(1, std::to_string(310100 + d)));
  const double target = s.encode(1, "310107");
  std::vector<double> rows(kRows * kWidth);
  for (size_t r = 0; r < kRows; ++r) {
    double* x = &rows[r * kWidth];
    const bool ok[5] = {u(rng) < pass, u(rng) < pass, u(rng) < pass, u(rng) < pass, u(rng) < pass};
    x[0] = ok[0] ? (u(rng) < 0.5 ? 0 : 1) : (u(rng) < 0.5 ? 2 : 3);
    x[1] = ok[1] ? target : districts[rng() % 16];
    if (!ok[1] && x[1] == target) x[1] = districts[0];
    x[2] = ok[2] ? 1 + static_cast<double>(rng() % 30) : 0.5;
    x[3] = ok[3] ? 0 : 1;
    x[4] = ok[4] ? static_cast<double>(2 + rng() % 2) : static_cast<double>(rng() % 2);
    x[5] = static_cast<double>(rng() % 100000);
    x[6] = static_cast<double>(rng() % 300);
    x[7] = static_cast<double>(rng() % 2);
    for (size_t c = 0; c < kWidth; ++c) {
      if (u(rng) < missing) x[c] = nan;
    }
  }
  return rows;
}

// Args: per-condition pass rate in percent, missing rate in percent.
void BM_Evaluate5Conditions(benchmark::State& state) {
  const auto rows = make_rows(static_cast<double>(state.range(0)) / 100,
                              static_cast<double>(state.range(1)) / 100);
  const rx::rules::Rule rule = rx::rules::compile(kRule, schema()).value();
  size_t matched = 0;
  for (auto _ : state) {
    for (size_t r = 0; r < kRows; ++r) {
      matched += rule.matches(std::span<const double>(&rows[r * kWidth], kWidth));
    }
    benchmark::DoNotOptimize(matched);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
  state.counters["matched_share"] =
      static_cast<double>(matched) / static_cast<double>(state.iterations() * kRows);
}
// 70% per condition (17% match), every condition true (no short cut), 10% missing values.
BENCHMARK(BM_Evaluate5Conditions)
    ->Args({70, 0})
    ->Args({100, 0})
    ->Args({90, 10})
    ->Unit(benchmark::kMillisecond);

void BM_FailedConditions(benchmark::State& state) {
  const auto rows = make_rows(0.7, 0);
  const rx::rules::Rule rule = rx::rules::compile(kRule, schema()).value();
  int64_t failed = 0;
  for (auto _ : state) {
    for (size_t r = 0; r < kRows; ++r) {
      failed += rule.failed_conditions(std::span<const double>(&rows[r * kWidth], kWidth));
    }
    benchmark::DoNotOptimize(failed);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_FailedConditions)->Unit(benchmark::kMillisecond);

void BM_Compile(benchmark::State& state) {
  for (auto _ : state) {
    auto rule = rx::rules::compile(kRule, schema());
    benchmark::DoNotOptimize(rule);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Compile);

}  // namespace

BENCHMARK_MAIN();
