// Micro-benchmarks of the pure core value types: USCC validation and money parsing, which
// run on every request that names an enterprise or an amount.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/uscc.h"

namespace {

// Valid codes (real published ones and a synthetic one; see tests/data/uscc_cases.tsv).
const std::vector<std::string_view> kValid = {
    "914403001922038216", "9144030071526726XG", "91330100799655058B",
    "91350100M000100Y43", "91310115MA1K3YJ15R",
};

void BM_UsccParseValid(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) {
    auto r = rx::Uscc::parse(kValid[i++ % kValid.size()]);
    if (!r.is_ok()) {
      state.SkipWithError("a valid code was rejected");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UsccParseValid);

// Invalid codes fail at different rules; the error path builds a Status with details.
void BM_UsccParseInvalid(benchmark::State& state) {
  static const std::vector<std::string_view> kCases = {
      "91440300192203821",   // length
      "9144030019220382I6",  // charset
      "B14403001922038216",  // authority
      "919903001922038216",  // division
      "914403001922038217",  // final check character
  };
  const std::string_view code = kCases[static_cast<size_t>(state.range(0))];
  for (auto _ : state) {
    auto r = rx::Uscc::parse(code);
    if (r.is_ok()) {
      state.SkipWithError("an invalid code was accepted");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(std::string(code));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UsccParseInvalid)->DenseRange(0, 4);

void BM_MoneyParseYuan(benchmark::State& state) {
  static const std::vector<std::string_view> kCases = {"1234", "1234.5", "-0.05", "98765432.10"};
  const std::string_view text = kCases[static_cast<size_t>(state.range(0))];
  for (auto _ : state) {
    auto r = rx::Money::parse_yuan(text);
    if (!r.is_ok()) {
      state.SkipWithError("a valid amount was rejected");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(std::string(text));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MoneyParseYuan)->DenseRange(0, 3);

void BM_MoneyParseYuanInvalid(benchmark::State& state) {
  for (auto _ : state) {
    auto r = rx::Money::parse_yuan("12.345");  // three decimals
    if (r.is_ok()) {
      state.SkipWithError("an invalid amount was accepted");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MoneyParseYuanInvalid);

}  // namespace

BENCHMARK_MAIN();
