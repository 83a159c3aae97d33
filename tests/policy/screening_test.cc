#include "policy/screening.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "policy/enterprise_index.h"
#include "registry/reference.h"
#include "rules/schema.h"

namespace rx::policy {
namespace {

const rules::Schema& schema() {
  static const rules::Schema s =
      rules::Schema::create({{"x", "x", "x", "", rules::AttributeType::kNumber, {}},
                             {"y", "y", "y", "", rules::AttributeType::kNumber, {}}})
          .value();
  return s;
}

Target target(const char* id, const char* rule) {
  return {id, 1, "guarantee", rules::compile(rule, schema()).value()};
}

TEST(Screening, ReportsNewlyEligiblePairsUntilHandled) {
  Screening s({target("low", "x < 5"), target("high", "x >= 5 and y == 1")});
  s.reserve(3);
  std::vector<Hit> hits;
  s.assess(0, std::vector<double>{1, 0}, hits);
  s.assess(2, std::vector<double>{7, 1}, hits);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].ordinal, 0u);
  EXPECT_EQ(hits[0].target, 0u);
  EXPECT_EQ(hits[1].ordinal, 2u);
  EXPECT_EQ(hits[1].target, 1u);
  s.handle(0, 0);
  hits.clear();
  s.assess(0, std::vector<double>{2, 0}, hits);
  EXPECT_TRUE(hits.empty());  // still eligible, already handled
  // A missing value is never eligible; the bit clears.
  s.assess(2, std::vector<double>{7, std::nan("")}, hits);
  EXPECT_TRUE(hits.empty());
  EXPECT_FALSE(s.eligible(2, 1));
  EXPECT_EQ(s.eligible_count(0), 1u);
  EXPECT_EQ(s.eligible_count(1), 0u);
}

TEST(Screening, ParallelRowsAgreeWithOneAtATime) {
  const size_t n = 20'011;  // not a multiple of 64, started off a word boundary
  const uint32_t first = 37;
  std::mt19937 gen(3);
  std::uniform_int_distribution<int> value(0, 9);
  std::vector<double> rows;
  for (size_t i = 0; i < n; ++i) {
    rows.push_back(value(gen));
    rows.push_back(value(gen) % 2);
  }
  auto make = [] {
    return Screening({target("a", "x < 3"), target("b", "x >= 5 and y == 1"), target("c", "")});
  };
  Screening parallel = make(), serial = make();
  parallel.reserve(first + static_cast<uint32_t>(n));
  serial.reserve(first + static_cast<uint32_t>(n));
  std::vector<Hit> a, b;
  parallel.assess_rows(first, rows, 2, a);
  for (size_t i = 0; i < n; ++i)
    serial.assess(first + static_cast<uint32_t>(i), std::span(rows).subspan(i * 2, 2), b);
  EXPECT_EQ(a.size(), b.size());
  for (uint32_t t = 0; t < 3; ++t) {
    EXPECT_EQ(parallel.eligible_count(t), serial.eligible_count(t));
    std::vector<uint32_t> pa, sa;
    parallel.for_each_eligible(t, [&](uint32_t o) { pa.push_back(o); });
    serial.for_each_eligible(t, [&](uint32_t o) { sa.push_back(o); });
    EXPECT_EQ(pa, sa);
  }
  EXPECT_EQ(parallel.eligible_count(2), n);
}

TEST(EnterpriseIndex, AssignsOrdinalsAndKeepsGroups) {
  EnterpriseIndex index;
  EXPECT_EQ(index.add("91310000000000001A", "310107", "C39"), 0u);
  EXPECT_EQ(index.add("91310000000000002B", "310115", "I65"), 1u);
  // Out of order (an enterprise registered after the full run): the side map.
  EXPECT_EQ(index.add("91310000000000000X", "nowhere", ""), 2u);
  EXPECT_EQ(index.add("91310000000000001A", "310107", "C39"), 0u);
  EXPECT_EQ(index.find("91310000000000002B"), 1u);
  EXPECT_EQ(index.find("91310000000000000X"), 2u);
  EXPECT_EQ(index.find("91310000000000009Y"), std::nullopt);
  EXPECT_EQ(registry::districts()[index.district(0)].name_zh, "普陀区");
  EXPECT_EQ(index.section(1), 'I');
  EXPECT_EQ(index.district(2), 255);
  EXPECT_EQ(index.section(2), '?');
}

}  // namespace
}  // namespace rx::policy
