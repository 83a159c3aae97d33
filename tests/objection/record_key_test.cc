#include "objection/record_key.h"

#include <gtest/gtest.h>

namespace rx::objection {
namespace {

catalog::Category category(std::vector<std::string> key) {
  catalog::Category c;
  c.id = "demo";
  c.key = std::move(key);
  return c;
}

TEST(RecordKeyTest, KeyFieldsOtherThanUsccInCatalogueOrder) {
  const auto payload = nlohmann::json::parse(
      R"({"uscc":"91310115MA1K3YJ662","year":2023,"grade":"A","decision_number":"沪罚〔2024〕1号"})");
  EXPECT_EQ(record_key(category({"uscc", "decision_number"}), payload),
            "decision_number=沪罚〔2024〕1号");
  EXPECT_EQ(record_key(category({"uscc", "year"}), payload), "year=2023");
  EXPECT_EQ(record_key(category({"grade", "uscc", "year"}), payload), "grade=A&year=2023");
}

TEST(RecordKeyTest, CanonicalValuesAndEscaping) {
  const auto payload = nlohmann::json::parse(
      R"({"uscc":"X","amount":125000050,"flag":true,"empty":null,"odd":"a&b=c%d"})");
  EXPECT_EQ(record_key(category({"uscc", "amount", "flag"}), payload),
            "amount=125000050&flag=true");
  EXPECT_EQ(record_key(category({"uscc", "empty", "missing"}), payload), "empty=&missing=");
  EXPECT_EQ(record_key(category({"odd"}), payload), "odd=a%26b%3Dc%25d");
  EXPECT_EQ(record_key(category({"uscc"}), payload), "");
}

}  // namespace
}  // namespace rx::objection
