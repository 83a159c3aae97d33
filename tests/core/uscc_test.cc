#include "core/uscc.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "core/clock.h"

namespace rx {
namespace {

struct Case {
  std::string code, expected;
  int line;
};

std::vector<Case> load_cases() {
  const char* root = std::getenv("RONGXIN_SOURCE_DIR");
  std::string path = std::string(root ? root : ".") + "/tests/data/uscc_cases.tsv";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::vector<Case> cases;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    cases.push_back({line.substr(0, tab), line.substr(tab + 1), n});
  }
  return cases;
}

TEST(Uscc, CasesFromDataFile) {
  auto cases = load_cases();
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    auto r = Uscc::parse(c.code);
    if (c.expected == "valid") {
      EXPECT_TRUE(r.is_ok()) << "line " << c.line << " " << c.code << ": "
                             << r.status().to_string();
      continue;
    }
    ASSERT_FALSE(r.is_ok()) << "line " << c.line << " " << c.code << " should be invalid";
    const std::string& message = r.status().message();
    auto colon = c.expected.find(": ");
    if (c.expected.starts_with("length")) {
      EXPECT_NE(message.find("must be 18 characters"), std::string::npos) << message;
      EXPECT_EQ(r.status().details().at(0).reason, c.expected + ", expected 18");
    } else {
      std::string position = c.expected.substr(0, colon);
      std::string reason = c.expected.substr(colon + 2);
      EXPECT_EQ(r.status().details().at(0).field, "uscc[" + position + "]") << "line " << c.line;
      EXPECT_NE(r.status().details().at(0).reason.find(reason), std::string::npos)
          << "line " << c.line << ": got '" << r.status().details().at(0).reason << "'";
    }
  }
}

TEST(Uscc, ExposesItsParts) {
  auto u = Uscc::parse("914403001922038216");
  ASSERT_TRUE(u.is_ok());
  EXPECT_EQ(u->authority(), '9');
  EXPECT_EQ(u->type(), '1');
  EXPECT_EQ(u->division(), "440300");
  EXPECT_EQ(u->organization_code(), "192203821");
}

TEST(Uscc, OrganizationCheckFollowsGb11714) {
  EXPECT_EQ(*Uscc::organization_check("19220382"), '1');
  EXPECT_EQ(*Uscc::organization_check("71526726"), 'X');
  EXPECT_FALSE(Uscc::organization_check("1922038").is_ok());
}

TEST(Uscc, CompletingFirst17AlwaysParses) {
  SeededRandom random(42);
  for (int i = 0; i < 2000; ++i) {
    std::string body = "MA";
    for (int k = 0; k < 6; ++k) body += Uscc::kCharset[random.uniform(Uscc::kCharset.size())];
    std::string first17 = "91310115" + body + *Uscc::organization_check(body);
    auto u = Uscc::from_first17(first17);
    ASSERT_TRUE(u.is_ok()) << first17 << ": " << u.status().to_string();
    EXPECT_TRUE(Uscc::parse(u->str()).is_ok());
    // Changing any one character of a valid code makes it invalid (mod-31 catches all
    // single substitutions).
    std::string altered = u->str();
    size_t pos = random.uniform(18);
    altered[pos] = altered[pos] == '0' ? '1' : '0';
    EXPECT_FALSE(Uscc::parse(altered).is_ok()) << altered;
  }
}

}  // namespace
}  // namespace rx
