#include "catalog/versions.h"

#include <gtest/gtest.h>

#include "catalog/loader.h"
#include "store/migrations.h"
#include "testing/test_database.h"

namespace rx::catalog {
namespace {

Field make_field(std::string name, std::string label, FieldType type, bool required = false) {
  Field f;
  f.name = std::move(name);
  f.label = std::move(label);
  f.type = type;
  f.required = required;
  return f;
}

Catalog demo_catalog() {
  Catalog c;
  c.name = "测试清单";
  Category tax;
  tax.id = "tax";
  tax.name = "纳税";
  tax.department = "税务";
  tax.key = {"uscc", "period"};
  tax.fields = {make_field("uscc", "代码", FieldType::kUscc, true),
                make_field("period", "所属期", FieldType::kPeriod, true)};
  c.categories.push_back(tax);
  return c;
}

TEST(CatalogDiff, ReportsAddedRemovedAndChangedByIdentity) {
  Catalog a = demo_catalog();
  Catalog b = a;
  b.categories[0].fields.push_back(make_field("paid_amount", "实缴", FieldType::kMoney));
  b.categories[0].fields[1].label = "税款所属期";
  Category water = a.categories[0];
  water.id = "water";
  b.categories.push_back(water);
  auto d = diff_catalogs(to_json(a), to_json(b));
  EXPECT_EQ(d["categories_added"], nlohmann::json::array({"water"}));
  EXPECT_TRUE(d["categories_removed"].empty());
  ASSERT_EQ(d["categories_changed"].size(), 1u);
  const auto& tax = d["categories_changed"][0];
  EXPECT_EQ(tax["id"], "tax");
  ASSERT_EQ(tax["fields_added"].size(), 1u);
  EXPECT_EQ(tax["fields_added"][0]["name"], "paid_amount");
  ASSERT_EQ(tax["fields_changed"].size(), 1u);
  EXPECT_EQ(tax["fields_changed"][0]["changes"]["label"]["from"], "所属期");
  EXPECT_EQ(tax["fields_changed"][0]["changes"]["label"]["to"], "税款所属期");
  auto back = diff_catalogs(to_json(b), to_json(a));
  EXPECT_EQ(back["categories_removed"], nlohmann::json::array({"water"}));
  EXPECT_EQ(back["categories_changed"][0]["fields_removed"][0]["name"], "paid_amount");
  EXPECT_TRUE(diff_catalogs(to_json(a), to_json(a))["categories_changed"].empty());
}

class CatalogVersionsTest : public rx::testing::BackendTest {};

TEST_P(CatalogVersionsTest, SameCatalogueSameVersionChangedCatalogueNextVersion) {
  CatalogVersions versions(db());
  Catalog a = demo_catalog();
  auto v1 = versions.publish(a, clock().now());
  ASSERT_TRUE(v1.is_ok()) << v1.status().to_string();
  EXPECT_EQ(*v1, 1);
  EXPECT_EQ(*versions.publish(a, clock().now()), 1);
  Catalog b = a;
  b.categories[0].fields.push_back(make_field("paid_amount", "实缴", FieldType::kMoney));
  EXPECT_EQ(*versions.publish(b, clock().now()), 2);
  EXPECT_EQ(*versions.publish(a, clock().now()), 1) << "an earlier state keeps its number";
  auto list = versions.list();
  ASSERT_TRUE(list.is_ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].fields, 3);
  EXPECT_EQ((*list)[1].categories, 1);
  auto snap = versions.snapshot(2);
  ASSERT_TRUE(snap.is_ok());
  EXPECT_EQ((*snap)["categories"][0]["fields"].size(), 3u);
  EXPECT_EQ(versions.snapshot(9).status().code(), StatusCode::kNotFound);
}

RX_INSTANTIATE_BACKENDS(CatalogVersionsTest);

}  // namespace
}  // namespace rx::catalog
