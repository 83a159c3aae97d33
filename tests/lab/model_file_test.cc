#include "lab/model_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "lab/base64.h"

namespace rx::lab {
namespace {

Dataset simulated(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  Dataset d;
  d.target_name = "status";
  d.bad_value = "bad";
  d.columns = {{"income", ColumnType::kNumeric, {}, {}, {}},
               {"region", ColumnType::kCategorical, {}, {}, {"north", "south", "east"}}};
  for (size_t i = 0; i < n; ++i) {
    double x = z(rng);
    int32_t region = static_cast<int32_t>(rng() % 3);
    bool missing = u(rng) < 0.05;
    d.columns[0].numeric.push_back(missing ? NAN : x);
    d.columns[1].codes.push_back(region);
    double eta = -1 - 0.8 * (missing ? -1 : x) + (region == 1 ? 0.7 : 0);
    d.target.push_back(u(rng) < 1 / (1 + std::exp(-eta)));
  }
  return d;
}

TEST(Base64, RoundTrip) {
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba",
                                                       "foobar", std::string("\0\xff", 2)})
    EXPECT_EQ(*base64_decode(base64_encode(s)), s);
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_FALSE(base64_decode("Zm9v!mFy").is_ok());
  EXPECT_FALSE(base64_decode("Zm9").is_ok());
}

TEST(ModelFile, ScorecardRoundTripPredictsTheSame) {
  Dataset d = simulated(5000, 1);
  auto fitted = fit_model(d, {});
  ASSERT_TRUE(fitted.is_ok()) << fitted.status().to_string();
  fitted->model.created_at = "2025-01-02T03:04:05Z";
  fitted->model.author = "tester";
  std::string text = serialize_model(fitted->model);
  auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["format"], "rongxin-model");
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["odds_convention"], "good:bad");
  EXPECT_EQ(doc["scaling"]["base_score"], 600);
  EXPECT_TRUE(doc["variables"][0]["bins"][0]["lower"].is_null());  // -inf
  auto back = parse_model(text);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back->author, "tester");
  EXPECT_EQ(back->target, "status");
  EXPECT_EQ(serialize_model(*back), text);
  auto a = predict_pd(fitted->model, d), b = predict_pd(*back, d);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  for (size_t i = 0; i < a->size(); ++i) ASSERT_DOUBLE_EQ((*a)[i], (*b)[i]);
}

TEST(ModelFile, XgboostRoundTripPredictsTheSame) {
  Dataset d = simulated(3000, 2);
  FitOptions o;
  o.algorithm = Algorithm::kXgboost;
  o.xgboost.rounds = 30;
  auto fitted = fit_model(d, o);
  ASSERT_TRUE(fitted.is_ok()) << fitted.status().to_string();
  EXPECT_GT(fitted->model.training.auc, 0.6);
  auto back = parse_model(serialize_model(fitted->model));
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back->algorithm, Algorithm::kXgboost);
  auto a = predict_pd(fitted->model, d), b = predict_pd(*back, d);
  ASSERT_TRUE(a.is_ok() && b.is_ok()) << b.status().to_string();
  for (size_t i = 0; i < a->size(); ++i) ASSERT_FLOAT_EQ(float((*a)[i]), float((*b)[i]));
}

TEST(ModelFile, NewerVersionIsRejectedClearly) {
  Dataset d = simulated(2000, 3);
  auto fitted = fit_model(d, {});
  ASSERT_TRUE(fitted.is_ok());
  nlohmann::json doc = model_to_json(fitted->model);
  doc["format_version"] = 2;
  auto m = model_from_json(doc);
  ASSERT_FALSE(m.is_ok());
  EXPECT_EQ(m.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(m.status().message(),
            "model format_version 2 is newer than this rongxin understands (1)");
}

TEST(ModelFile, MalformedDocumentsAreErrorsNotCrashes) {
  EXPECT_FALSE(parse_model("{").is_ok());
  EXPECT_FALSE(parse_model("[]").is_ok());
  EXPECT_FALSE(parse_model(R"({"format": "other"})").is_ok());
  auto m = parse_model(R"({"format": "rongxin-model", "format_version": 1})");
  ASSERT_FALSE(m.is_ok());
  EXPECT_NE(m.status().message().find("malformed model file"), std::string::npos);
  Dataset d = simulated(2000, 4);
  auto fitted = fit_model(d, {});
  ASSERT_TRUE(fitted.is_ok());
  nlohmann::json doc = model_to_json(fitted->model);
  doc["variables"][0]["bins"][0]["woe"] = "high";
  EXPECT_FALSE(model_from_json(doc).is_ok());
}

TEST(ModelFile, UnseenCategoryGoesToTheNeutralBin) {
  Dataset d = simulated(5000, 5);
  auto fitted = fit_model(d, {});
  ASSERT_TRUE(fitted.is_ok());
  Dataset other = d.subset({0});
  other.columns[1].levels = {"west"};
  other.columns[1].codes = {0};
  auto bins = assign_bins(fitted->model.scorecard, other);
  ASSERT_TRUE(bins.is_ok());
  for (size_t j = 0; j < fitted->model.scorecard.variables.size(); ++j) {
    const VariableBinning& b = fitted->model.scorecard.variables[j].binning;
    if (b.name == "region") {
      EXPECT_EQ((*bins)[j][0], b.neutral_bin);
    }
  }
}

}  // namespace
}  // namespace rx::lab
