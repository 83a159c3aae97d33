#include "market/indicator_scan.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace rx::market {
namespace {

std::map<std::string, double> scan(const std::string& json, bool* ok = nullptr) {
  std::map<std::string, double> out;
  const bool read =
      scan_indicators(json, [&](std::string_view id, double v) { out[std::string(id)] = v; });
  if (ok) *ok = read;
  return out;
}

TEST(IndicatorScan, ReadsTheTopLevelIndicatorsOnly) {
  const std::string json = R"({"factors":{"indicators":{"x":1},"tax":{"band":0,"note":"a \"}\" b"}},
    "indicators" : {"a":0.0,"b":-1.5e3,"c":null,"d":177959.0},
    "library_version":3,"scorecard":[{"k":[1,2,{"z":"}"}]}],"model_version":"v1"})";
  bool ok = false;
  const auto got = scan(json, &ok);
  EXPECT_TRUE(ok);
  EXPECT_EQ(got, (std::map<std::string, double>{{"a", 0}, {"b", -1500}, {"d", 177959}}));
  EXPECT_TRUE(scan("{}", &ok).empty());
  EXPECT_TRUE(ok);
}

TEST(IndicatorScan, RefusesWhatItCannotReadSafely) {
  for (const char* bad :
       {"", "[]", R"({"indicators":{"a\u0062":1}})", R"({"indicators":{"a":"1"}})",
        R"({"indicators":{"a":1)", R"({"x":"unterminated)", "{\"x\" 1}"}) {
    bool ok = true;
    scan(bad, &ok);
    EXPECT_FALSE(ok) << bad;
  }
}

// Random documents shaped like evaluation details: whatever the scanner accepts, it reads as a
// JSON parser does.
TEST(IndicatorScan, AgreesWithAFullParse) {
  std::mt19937 gen(9);
  std::uniform_int_distribution<int> pick(0, 9);
  std::function<nlohmann::json(int)> value = [&](int depth) -> nlohmann::json {
    switch (depth > 2 ? pick(gen) % 4 : pick(gen)) {
      case 0:
        return nullptr;
      case 1:
        return pick(gen) * 1.25 - 3;
      case 2:
        return std::string("s\"}{][,") + std::to_string(pick(gen));
      case 3:
        return pick(gen) > 4;
      case 4:
      case 5: {
        nlohmann::json o = nlohmann::json::object();
        for (int i = pick(gen) % 4; i > 0; --i)
          o["k" + std::to_string(pick(gen))] = value(depth + 1);
        return o;
      }
      default: {
        nlohmann::json a = nlohmann::json::array();
        for (int i = pick(gen) % 4; i > 0; --i) a.push_back(value(depth + 1));
        return a;
      }
    }
  };
  for (int n = 0; n < 2000; ++n) {
    nlohmann::json doc = nlohmann::json::object();
    doc["factors"] = value(0);
    nlohmann::json indicators = nlohmann::json::object();
    for (int i = pick(gen); i > 0; --i)
      indicators["i" + std::to_string(pick(gen))] =
          pick(gen) < 2 ? nlohmann::json() : nlohmann::json(pick(gen) / 7.0);
    doc["indicators"] = indicators;
    doc["z"] = value(0);
    const std::string text = doc.dump(n % 2 ? 1 : -1);
    bool ok = false;
    const auto got = scan(text, &ok);
    ASSERT_TRUE(ok) << text;
    std::map<std::string, double> want;
    for (const auto& [k, v] : indicators.items())
      if (v.is_number()) want[k] = v.get<double>();
    ASSERT_EQ(got, want) << text;
  }
}

}  // namespace
}  // namespace rx::market
