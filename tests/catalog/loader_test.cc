#include "catalog/loader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

namespace rx::catalog {
namespace {

std::string source_dir() {
  const char* dir = std::getenv("RONGXIN_SOURCE_DIR");
  return dir ? dir : ".";
}

constexpr std::string_view kMinimal = R"(id = "demo"
name = "示例"
department = "测试部门"
key = ["uscc", "period"]
time_field = "period"

[[fields]]
name = "uscc"
label = "统一社会信用代码"
type = "uscc"
required = true

[[fields]]
name = "period"
label = "所属期"
type = "period"
required = true

[[fields]]
name = "grade"
label = "等级"
type = "enum"
values = ["A", "B"]
)";

std::string details(const Status& s) {
  std::string out;
  for (const FieldError& d : s.details()) out += d.field + ": " + d.reason + "\n";
  return out;
}

TEST(CatalogLoader, ShippedCatalogueHasEveryCategoryTheIssueNames) {
  auto catalog = load_catalog(source_dir() + "/data/catalog");
  ASSERT_TRUE(catalog.is_ok()) << catalog.status().to_string() << details(catalog.status());
  std::set<std::string> ids;
  for (const Category& c : catalog->categories) ids.insert(c.id);
  for (const char* id :
       {"registration", "tax", "tax_credit_grade", "social_insurance", "provident_fund",
        "utilities", "public_resource_trading", "intellectual_property", "logistics",
        "admin_license", "admin_penalty", "judicial", "self_reported"})
    EXPECT_TRUE(ids.count(id)) << id;
  EXPECT_TRUE(catalog->category("self_reported")->self_reported);
  EXPECT_FALSE(catalog->name.empty());
  for (const Category& c : catalog->categories) {
    EXPECT_FALSE(c.department.empty()) << c.id;
    for (const Field& f : c.fields) EXPECT_FALSE(f.label.empty()) << c.id << "." << f.name;
  }
}

TEST(CatalogLoader, ParsesACategory) {
  auto c = parse_category(kMinimal, "demo.toml");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string() << details(c.status());
  EXPECT_EQ(c->id, "demo");
  EXPECT_EQ(c->mode, Mode::kStored);
  EXPECT_EQ(c->frequency, Frequency::kMonthly);
  ASSERT_EQ(c->fields.size(), 3u);
  EXPECT_EQ(c->fields[2].type, FieldType::kEnum);
  EXPECT_EQ(c->fields[2].values, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(c->field_index("grade"), 2);
  EXPECT_EQ(c->field("nope"), nullptr);
}

TEST(CatalogLoader, EveryProblemNamesFileLineColumnAndKey) {
  std::string text(kMinimal);
  text +=
      "\n[[fields]]\nname = \"Bad Name\"\nlabel = \"x\"\ntype = \"money\"\nvalues = [\"a\"]\n"
      "colour = \"red\"\n";
  auto c = parse_category(text, "demo.toml");
  ASSERT_FALSE(c.is_ok());
  std::string all = details(c.status());
  EXPECT_NE(all.find("fields[3].name: demo.toml:26:8: must match [a-z][a-z0-9_]*"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("fields[3].values: demo.toml:29:10: only enum fields have values"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("fields[3].colour: demo.toml:30:1: unknown key"), std::string::npos) << all;
}

TEST(CatalogLoader, RejectsInconsistentCategories) {
  auto fails_with = [](std::string text, std::string_view expected) {
    auto c = parse_category(text, "demo.toml");
    ASSERT_FALSE(c.is_ok()) << "accepted: " << text;
    std::string all = c.status().message() + "\n" + details(c.status());
    EXPECT_NE(all.find(expected), std::string::npos) << all;
  };
  std::string base(kMinimal);
  auto replace = [&](std::string_view from, std::string_view to) {
    std::string t = base;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  fails_with(replace("key = [\"uscc\", \"period\"]", "key = [\"period\"]"),
             "must include \"uscc\"");
  fails_with(replace("key = [\"uscc\", \"period\"]", "key = [\"uscc\", \"month\"]"),
             "names 'month', which is not a field");
  fails_with(replace("values = [\"A\", \"B\"]", "values = [\"A\", \"A\"]"), "repeats a value");
  fails_with(replace("values = [\"A\", \"B\"]", ""), "an enum field needs values");
  fails_with(replace("type = \"period\"", "type = \"month\""), "'month' is not one of: string");
  fails_with(replace("time_field = \"period\"", "time_field = \"grade\""),
             "must name a date, period or integer");
  fails_with(
      replace(
          "[[fields]]\nname = \"period\"\nlabel = \"所属期\"\ntype = \"period\"\nrequired = true",
          "[[fields]]\nname = \"period\"\nlabel = \"所属期\"\ntype = \"period\""),
      "is part of the key and must be required");
  fails_with(replace("id = \"demo\"", "id = \"demo\"\nmode = \"interface\""),
             "needs a [source] table");
  fails_with("id = \"x\"\nname = ", "cannot parse catalogue demo.toml:2:");
}

TEST(CatalogLoader, InterfaceCategoryNeedsAnHttpUrlWithTheUscc) {
  std::string text(kMinimal);
  text.replace(text.find("id = \"demo\""), 11,
               "id = \"demo\"\nmode = \"interface\"\n[source]\nurl = \"https://x/{uscc}\"\n");
  // [source] must come after the top-level keys in TOML, so build it properly instead.
  std::string good(kMinimal);
  good.insert(good.find("[[fields]]"),
              "mode = \"interface\"\n\n[source]\nurl = \"http://127.0.0.1:9/q?uscc={uscc}\"\n"
              "timeout_ms = 500\n\n");
  auto c = parse_category(good, "demo.toml");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string() << details(c.status());
  ASSERT_TRUE(c->source);
  EXPECT_EQ(c->source->timeout_ms, 500);
  std::string bad = good;
  bad.replace(bad.find("http://127.0.0.1:9/q?uscc={uscc}"), 32, "ftp://host/");
  auto b = parse_category(bad, "demo.toml");
  ASSERT_FALSE(b.is_ok());
  EXPECT_NE(details(b.status()).find("must start with http:// and contain {uscc}"),
            std::string::npos)
      << details(b.status());
}

TEST(CatalogLoader, DirectoryChecksIdsAgainstFileNames) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("rx_catalog_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "catalog.toml") << "name = \"测试清单\"\n";
  std::ofstream(dir / "other.toml") << kMinimal;
  auto c = load_catalog(dir.string());
  ASSERT_FALSE(c.is_ok());
  EXPECT_NE(details(c.status()).find("id 'demo' must equal the file name 'other'"),
            std::string::npos)
      << details(c.status());
  fs::rename(dir / "other.toml", dir / "demo.toml");
  auto ok = load_catalog(dir.string());
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(ok->categories.size(), 1u);
  EXPECT_EQ(load_catalog((dir / "missing").string()).status().code(), StatusCode::kInvalidArgument);
  fs::remove_all(dir);
}

TEST(CatalogLoader, MaskingRulesPerSensitivityLevel) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("rx_masking_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "demo.toml") << kMinimal << "mask = \"name\"\n";
  std::ofstream(dir / "catalog.toml")
      << "name = \"测试清单\"\n[masking]\nrestricted = \"clear\"\ntrade_secret = \"hide\"\n";
  auto bad = load_catalog(dir.string());
  ASSERT_FALSE(bad.is_ok());
  const std::string why = details(bad.status());
  EXPECT_NE(why.find("masking.restricted: " + (dir / "catalog.toml").string() +
                     ":3:14: must not be 'clear'"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("catalog.toml:4:16: 'hide' is not one of"), std::string::npos) << why;
  EXPECT_NE(why.find("demo.toml:24:8: only string fields have a mask pattern"), std::string::npos)
      << why;

  std::ofstream(dir / "demo.toml") << kMinimal;
  std::ofstream(dir / "catalog.toml")
      << "name = \"测试清单\"\n[masking]\nrestricted = \"withhold\"\n";
  auto ok = load_catalog(dir.string());
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(ok->masking.restricted, Treatment::kWithhold);
  EXPECT_EQ(ok->masking.sensitive_personal, Treatment::kMask);  // the default
  fs::remove_all(dir);

  auto shipped = load_catalog(source_dir() + "/data/catalog");
  ASSERT_TRUE(shipped.is_ok());
  const Field* id = shipped->category("registration")->field("legal_representative_id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->sensitivity, Sensitivity::kSensitivePersonal);
  EXPECT_EQ(id->mask, MaskPattern::kIdNumber);
}

}  // namespace
}  // namespace rx::catalog
