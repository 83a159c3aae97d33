// The example policies under data/policies/ parse against the platform's real attributes and
// cover every kind, level and way of applying.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "catalog/loader.h"
#include "credit/indicator_library.h"
#include "market/profile.h"
#include "policy/policy_file.h"

namespace rx::policy {
namespace {

TEST(ShippedPolicies, ParseAndCoverEveryKindLevelAndMode) {
  const std::string root =
      std::getenv("RONGXIN_SOURCE_DIR") ? std::getenv("RONGXIN_SOURCE_DIR") : ".";
  auto catalog = catalog::load_catalog(root + "/data/catalog");
  ASSERT_TRUE(catalog.is_ok());
  auto library = credit::load_indicator_library(root + "/data/credit/indicators.toml", *catalog);
  ASSERT_TRUE(library.is_ok());
  auto attributes = market::EnterpriseAttributes::create(*library);
  ASSERT_TRUE(attributes.is_ok());
  std::set<std::string> kinds_seen, levels, modes, phases;
  int count = 0;
  const Date today = Date::parse("2026-11-30").value();
  for (const auto& entry : std::filesystem::directory_iterator(root + "/data/policies")) {
    if (entry.path().extension() != ".toml") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto p = parse_policy(text.str(), entry.path().filename().string(), attributes->schema());
    ASSERT_TRUE(p.is_ok()) << entry.path() << ": " << p.status().to_string();
    EXPECT_TRUE(p->example) << p->id;
    ++count;
    kinds_seen.insert(p->kind);
    levels.insert(std::string(to_string(p->level)));
    modes.insert(std::string(to_string(p->apply.mode)));
    phases.insert(std::string(to_string(phase(*p, today))));
  }
  EXPECT_GE(count, 15);
  EXPECT_EQ(kinds_seen, std::set<std::string>(kinds().begin(), kinds().end()));
  EXPECT_EQ(levels.size(), 4u);
  EXPECT_EQ(modes.size(), 2u);
  EXPECT_EQ(phases, (std::set<std::string>{"active", "expired", "upcoming"}));
}

}  // namespace
}  // namespace rx::policy
