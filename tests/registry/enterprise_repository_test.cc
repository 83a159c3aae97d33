#include "registry/enterprise_repository.h"

#include <gtest/gtest.h>

#include <set>

#include "registry/synthetic.h"
#include "testing/test_database.h"

namespace rx::registry {
namespace {

class EnterpriseRepositoryTest : public rx::testing::BackendTest {
 protected:
  std::vector<Enterprise> seed(int64_t n) {
    std::vector<Enterprise> all;
    generate_enterprises(n, 7, clock().now(), [&](Enterprise&& e) { all.push_back(std::move(e)); });
    EXPECT_TRUE(EnterpriseRepository(db()).create_many(all).is_ok());
    return all;
  }
};

TEST_P(EnterpriseRepositoryTest, CreateGetAndDuplicate) {
  EnterpriseRepository repo(db());
  auto all = seed(3);
  auto got = repo.get(all[1].uscc);
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  EXPECT_EQ(got->name, all[1].name);
  EXPECT_EQ(got->registered_capital, all[1].registered_capital);
  EXPECT_EQ(got->registration_date, all[1].registration_date);
  EXPECT_EQ(got->created_at, all[1].created_at);
  Status dup = repo.create(all[1]);
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(repo.get(*Uscc::parse("914403001922038216")).status().code(), StatusCode::kNotFound);
}

TEST_P(EnterpriseRepositoryTest, BatchWithADuplicateWritesNothing) {
  EnterpriseRepository repo(db());
  std::vector<Enterprise> all;
  generate_enterprises(5, 9, clock().now(), [&](Enterprise&& e) { all.push_back(std::move(e)); });
  all.push_back(all[0]);
  EXPECT_EQ(repo.create_many(all).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*repo.count(), 0);
}

TEST_P(EnterpriseRepositoryTest, CursorPaginationVisitsEveryEnterpriseOnce) {
  EnterpriseRepository repo(db());
  seed(57);
  std::set<std::string> seen;
  EnterpriseQuery q;
  q.limit = 10;
  int pages = 0;
  for (;;) {
    auto page = repo.list(q);
    ASSERT_TRUE(page.is_ok()) << page.status().to_string();
    ++pages;
    for (const auto& e : page->items) EXPECT_TRUE(seen.insert(e.uscc.str()).second);
    if (!page->next_cursor) break;
    q.after = page->next_cursor;
  }
  EXPECT_EQ(seen.size(), 57u);
  EXPECT_EQ(pages, 6);
}

TEST_P(EnterpriseRepositoryTest, FiltersByTextDistrictIndustrySizeAndStatus) {
  EnterpriseRepository repo(db());
  auto all = seed(200);
  const Enterprise& target = all[17];
  EnterpriseQuery by_name;
  by_name.text = target.name.substr(6, 6);  // two Chinese characters from the middle
  auto page = repo.list(by_name);
  ASSERT_TRUE(page.is_ok());
  bool found = false;
  for (const auto& e : page->items) {
    EXPECT_NE(e.name.find(by_name.text), std::string::npos);
    found = found || e.uscc == target.uscc;
  }
  EXPECT_TRUE(found);

  EnterpriseQuery by_prefix;
  by_prefix.text = target.uscc.str().substr(0, 12);
  EXPECT_EQ(repo.list(by_prefix)->items.at(0).uscc, target.uscc);

  EnterpriseQuery combined;
  combined.district = target.district;
  combined.industry = target.industry.substr(0, 1);
  combined.size = target.size;
  combined.status = target.status;
  combined.limit = kMaxPageSize;
  auto expected = std::count_if(all.begin(), all.end(), [&](const Enterprise& e) {
    return e.district == target.district && e.industry[0] == target.industry[0] &&
           e.size == target.size && e.status == target.status;
  });
  EXPECT_EQ(static_cast<long>(repo.list(combined)->items.size()), expected);

  EnterpriseQuery wildcard;
  wildcard.text = "%";
  EXPECT_TRUE(repo.list(wildcard)->items.empty());
}

TEST_P(EnterpriseRepositoryTest, UpdateIsAtomicAndCanBeRejected) {
  EnterpriseRepository repo(db());
  auto all = seed(2);
  auto updated = repo.update(all[0].uscc, [](Enterprise e) -> Result<Enterprise> {
    e.name = "上海新名称有限公司";
    return e;
  });
  ASSERT_TRUE(updated.is_ok());
  EXPECT_EQ(repo.get(all[0].uscc)->name, "上海新名称有限公司");
  auto rejected = repo.update(
      all[0].uscc, [](Enterprise) -> Result<Enterprise> { return invalid_argument("no"); });
  EXPECT_EQ(rejected.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(repo.get(all[0].uscc)->name, "上海新名称有限公司");
}

RX_INSTANTIATE_BACKENDS(EnterpriseRepositoryTest);

TEST(Synthetic, IsDeterministicValidAndDistinct) {
  Instant now{std::chrono::seconds(1'795'000'000)};
  std::vector<Enterprise> a, b;
  generate_enterprises(3000, 1, now, [&](Enterprise&& e) { a.push_back(std::move(e)); });
  generate_enterprises(3000, 1, now, [&](Enterprise&& e) { b.push_back(std::move(e)); });
  std::set<std::string> usccs, names;
  int micro = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].uscc, b[i].uscc);
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_TRUE(Uscc::parse(a[i].uscc.str()).is_ok());
    usccs.insert(a[i].uscc.str());
    names.insert(a[i].name);
    micro += a[i].size == SizeClass::kMicro;
    EXPECT_LE(a[i].registration_date, date_of(now));
  }
  EXPECT_EQ(usccs.size(), 3000u);
  EXPECT_EQ(names.size(), 3000u);
  EXPECT_GT(micro, 1800);  // about 70%
  EXPECT_LT(micro, 2400);
}

}  // namespace
}  // namespace rx::registry
