// The city generator against the catalogue in data/catalog: headers, types, enum values,
// ranges, keys, dates, determinism and the health correlations the data is meant to carry.
#include "synth/city.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/money.h"
#include "core/time.h"
#include "core/uscc.h"
#include "synth/csv_table.h"

namespace rx::synth {
namespace {

const Instant kNow{std::chrono::seconds(1'795'000'000)};  // 2026-11-18: window ends 2026-10

using Rows = std::vector<std::vector<std::string>>;

// RFC 4180 with "\n" line ends, as the generator writes it.
Rows parse_csv(const std::string& text) {
  Rows rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"', ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field)), field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field)), field.clear();
      rows.push_back(std::move(row)), row.clear();
    } else {
      field += c;
    }
  }
  EXPECT_TRUE(field.empty() && row.empty()) << "file does not end with a newline";
  return rows;
}

struct City {
  std::map<std::string, std::string> bytes;
  std::map<std::string, Rows> rows;  // header first
  CityStats stats;
};

City generate(int64_t enterprises, int months, uint64_t seed) {
  City city;
  auto result = generate_city({enterprises, months, seed, kNow},
                              [&](std::string_view id) -> Result<std::unique_ptr<Sink>> {
                                std::string* out = &city.bytes[std::string(id)];
                                return std::unique_ptr<Sink>(std::make_unique<StringSink>(out));
                              });
  EXPECT_TRUE(result.is_ok()) << result.status().to_string();
  for (auto& [id, data] : city.bytes) city.rows[id] = parse_csv(data);
  city.stats = *result;
  return city;
}

// One shared mid-sized city for the read-only checks.
const City& city() {
  static const City c = generate(2000, 12, 7);
  return c;
}

std::filesystem::path catalog_dir() {
  const char* root = std::getenv("RONGXIN_SOURCE_DIR");
  return std::filesystem::path(root ? root : ".") / "data" / "catalog";
}

toml::table load_category(std::string_view id) {
  return toml::parse_file((catalog_dir() / (std::string(id) + ".toml")).string());
}

int column(const Rows& rows, std::string_view name) {
  auto it = std::find(rows[0].begin(), rows[0].end(), name);
  return it == rows[0].end() ? -1 : static_cast<int>(it - rows[0].begin());
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

size_t utf8_chars(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Returns why `value` is not a valid value of `field`, or "" when it is.
std::string check_value(const toml::table& field, const std::string& value) {
  const std::string type = field["type"].value_or(std::string());
  const double min = field["min"].value_or(-1e300), max = field["max"].value_or(1e300);
  if (value.empty()) return field["required"].value_or(false) ? "required" : "";
  auto in_range = [&](double v) { return v >= min && v <= max ? "" : "out of range"; };
  if (type == "uscc") return Uscc::parse(value).is_ok() ? "" : "bad uscc";
  if (type == "date") return Date::parse(value).is_ok() ? "" : "bad date";
  if (type == "period")
    return value.size() == 7 && value[4] == '-' && Date::parse(value + "-01").is_ok()
               ? ""
               : "bad period";
  if (type == "boolean") return value == "true" || value == "false" ? "" : "bad boolean";
  if (type == "integer") {
    if (!is_digits(value)) return "bad integer";
    return in_range(std::stod(value));
  }
  if (type == "money" || type == "decimal") {
    const int64_t scale = type == "money" ? 2 : field["scale"].value_or(int64_t{4});
    auto dot = value.find('.');
    std::string_view whole = std::string_view(value).substr(0, dot);
    if (!is_digits(whole)) return "bad number";
    if (dot != std::string::npos) {
      std::string_view frac = std::string_view(value).substr(dot + 1);
      if (!is_digits(frac) || static_cast<int64_t>(frac.size()) > scale) return "too many decimals";
    }
    if (type == "money" && !Money::parse_yuan(value).is_ok()) return "bad money";
    return in_range(std::stod(value));
  }
  if (type == "enum") {
    const toml::array* values = field["values"].as_array();
    for (const auto& v : *values)
      if (v.value_or(std::string()) == value) return "";
    return "not an enum value";
  }
  if (type == "string")
    return utf8_chars(value) <= static_cast<size_t>(field["max_length"].value_or(int64_t{200}))
               ? ""
               : "too long";
  return "unknown type " + type;
}

TEST(City, WritesEveryStoredCatalogueCategoryExceptSelfReported) {
  std::set<std::string> expected, generated;
  for (const auto& entry : std::filesystem::directory_iterator(catalog_dir())) {
    if (entry.path().extension() != ".toml" || entry.path().stem() == "catalog") continue;
    toml::table t = toml::parse_file(entry.path().string());
    if (t["mode"].value_or(std::string()) == "stored" && !t["self_reported"].value_or(false))
      expected.insert(entry.path().stem().string());
  }
  for (const auto& c : city_categories()) generated.insert(std::string(c.id));
  EXPECT_EQ(generated, expected);
  EXPECT_EQ(city_categories()[0].id, "registration");
}

TEST(City, HeadersAreTheCatalogueFieldsInOrder) {
  for (const auto& c : city_categories()) {
    toml::table t = load_category(c.id);
    std::vector<std::string> fields;
    for (const auto& f : *t["fields"].as_array())
      fields.push_back(f.as_table()->at("name").value_or(std::string()));
    EXPECT_EQ(city().rows.at(std::string(c.id))[0], fields) << c.id;
    EXPECT_EQ(std::vector<std::string>(c.columns.begin(), c.columns.end()), fields) << c.id;
  }
}

TEST(City, EveryValuePassesTheCatalogueAndKeysAreUnique) {
  for (const auto& c : city_categories()) {
    toml::table t = load_category(c.id);
    const toml::array& fields = *t["fields"].as_array();
    const Rows& rows = city().rows.at(std::string(c.id));
    ASSERT_GT(rows.size(), 1u) << c.id << " has no rows";
    std::vector<int> key;
    for (const auto& k : *t["key"].as_array()) key.push_back(column(rows, *k.value<std::string>()));
    std::set<std::string> keys;
    int failures = 0;
    for (size_t i = 1; i < rows.size() && failures < 5; ++i) {
      const auto& row = rows[i];
      ASSERT_EQ(row.size(), fields.size()) << c.id << " row " << i;
      for (size_t j = 0; j < fields.size(); ++j) {
        std::string why = check_value(*fields[j].as_table(), row[j]);
        if (!why.empty() && ++failures)
          ADD_FAILURE() << c.id << " row " << i << " " << rows[0][j] << "=\"" << row[j]
                        << "\": " << why;
      }
      std::string k;
      for (int col : key) k += row[static_cast<size_t>(col)] + '\x1f';
      if (!keys.insert(k).second && ++failures) ADD_FAILURE() << c.id << " duplicate key " << k;
    }
  }
}

TEST(City, PeriodsAndDatesLieInTheWindow) {
  for (const auto& c : city_categories()) {
    toml::table t = load_category(c.id);
    const Rows& rows = city().rows.at(std::string(c.id));
    const int period = column(rows, "period");
    for (size_t i = 1; i < rows.size(); ++i) {
      if (period >= 0) {
        const std::string& p = rows[i][static_cast<size_t>(period)];
        ASSERT_GE(p, "2025-11") << c.id;
        ASSERT_LE(p, "2026-10") << c.id;
      }
      for (size_t j = 0; j < rows[0].size(); ++j) {
        const auto& field = *(*t["fields"].as_array())[j].as_table();
        // valid_to is when a licence expires: the only date that may lie in the future.
        if (field["type"].value_or(std::string()) == "date" && !rows[i][j].empty() &&
            rows[0][j] != "valid_to") {
          // Registration is the registry as of now; everything else ends with the window.
          ASSERT_LE(rows[i][j], c.id == "registration" ? "2026-11-18" : "2026-10-31")
              << c.id << " " << rows[0][j];
        }
      }
    }
  }
}

TEST(City, RegistrationIsTheRegistryInOrder) {
  const Rows& rows = city().rows.at("registration");
  ASSERT_EQ(rows.size(), 2001u);
  EXPECT_EQ(city().stats.rows[0], (std::pair<std::string, int64_t>("registration", 2000)));
  for (const auto& [id, n] : city().stats.rows)
    EXPECT_EQ(n + 1, static_cast<int64_t>(city().rows.at(id).size())) << id;
}

TEST(City, SameSeedSameBytesOtherSeedOtherBytes) {
  City a = generate(300, 6, 11), b = generate(300, 6, 11), c = generate(300, 6, 12);
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_NE(a.bytes.at("registration"), c.bytes.at("registration"));
  EXPECT_NE(a.bytes.at("tax"), c.bytes.at("tax"));
}

TEST(City, MicroFirmsHaveOneToTenInsuredStaff) {
  std::map<std::string, std::string> size;
  for (size_t i = 1; i < city().rows.at("registration").size(); ++i)
    size[city().rows.at("registration")[i][0]] = city().rows.at("registration")[i][4];
  const Rows& si = city().rows.at("social_insurance");
  for (size_t i = 1; i < si.size(); ++i) {
    if (size[si[i][0]] != "micro") continue;
    const int n = std::stoi(si[i][2]);
    ASSERT_GE(n, 1);
    ASSERT_LE(n, 10);
  }
}

// Per enterprise: latent health, and what the data shows.
struct Observed {
  double health = 0;
  std::string status;
  bool trouble = false;  // tax or social insurance arrears, a penalty, or sued / listed
  int first_headcount = -1, last_headcount = -1;
  std::string last_period;
  std::string grade;
};

std::map<std::string, Observed> observe(const City& c, uint64_t seed) {
  std::map<std::string, Observed> by_uscc;
  const Rows& reg = c.rows.at("registration");
  for (size_t i = 1; i < reg.size(); ++i) {
    auto status = *registry::parse_enterprise_status(reg[i][7]);
    Observed& o = by_uscc[reg[i][0]];
    o.health = latent_health(seed, static_cast<int64_t>(i - 1), status);
    o.status = reg[i][7];
  }
  for (const auto& row : c.rows.at("tax"))
    if (row[5] != "0.00" && row[5] != "arrears_amount") by_uscc[row[0]].trouble = true;
  const Rows& si = c.rows.at("social_insurance");
  for (size_t i = 1; i < si.size(); ++i) {
    Observed& o = by_uscc[si[i][0]];
    if (si[i][8] != "0") o.trouble = true;
    if (o.first_headcount < 0) o.first_headcount = std::stoi(si[i][2]);
    o.last_headcount = std::stoi(si[i][2]);
    EXPECT_TRUE(o.last_period.empty() || o.last_period < si[i][1]) << "periods out of order";
    o.last_period = si[i][1];
  }
  for (const auto& row : c.rows.at("admin_penalty")) by_uscc[row[0]].trouble = true;
  for (const auto& row : c.rows.at("judicial"))
    if (row[3] == "defendant") by_uscc[row[0]].trouble = true;
  for (const auto& row : c.rows.at("tax_credit_grade")) by_uscc[row[0]].grade = row[2];
  by_uscc.erase("uscc");  // header rows
  return by_uscc;
}

TEST(City, TroubleConcentratesInTheWorstHealthDecile) {
  auto by_uscc = observe(city(), 7);
  std::vector<Observed> firms;
  for (auto& [u, o] : by_uscc) firms.push_back(o);
  std::sort(firms.begin(), firms.end(),
            [](const Observed& a, const Observed& b) { return a.health < b.health; });
  const size_t decile = firms.size() / 10;
  auto rate = [&](size_t from, auto pred) {
    double n = 0;
    for (size_t i = from; i < from + decile; ++i) n += pred(firms[i]) ? 1 : 0;
    return n / static_cast<double>(decile);
  };
  auto trouble = [](const Observed& o) { return o.trouble; };
  const double worst = rate(0, trouble), best = rate(firms.size() - decile, trouble);
  EXPECT_GT(worst, 0.5);
  EXPECT_GT(worst, 4 * best) << "worst " << worst << " best " << best;

  // Headcount falls for the worst firms that have monthly data over the whole year.
  auto shrinking = [](const Observed& o) {
    return o.first_headcount > 2 && o.last_headcount < o.first_headcount;
  };
  auto growing = [](const Observed& o) {
    return o.first_headcount > 2 && o.last_headcount > o.first_headcount;
  };
  EXPECT_GT(rate(0, shrinking), 2 * rate(firms.size() - decile, shrinking));
  EXPECT_GT(rate(firms.size() - decile, growing), 2 * rate(0, growing));

  // Grades (M, for new firms, says nothing): A and B for the healthy, C and D for the troubled.
  auto good = [](const Observed& o) { return o.grade == "A" || o.grade == "B"; };
  auto bad = [](const Observed& o) { return o.grade == "C" || o.grade == "D"; };
  auto graded = [](const Observed& o) { return !o.grade.empty() && o.grade != "M"; };
  EXPECT_GT(rate(firms.size() - decile, good), 0.9 * rate(firms.size() - decile, graded));
  EXPECT_GT(rate(0, bad), 5 * rate(firms.size() - decile, bad) + 0.1);
}

TEST(City, RevokedAndCancelledFirmsStopReporting) {
  int active_to_end = 0, active = 0, closed_to_end = 0, closed = 0;
  for (const auto& [u, o] : observe(city(), 7)) {
    if (o.last_period.empty()) continue;
    const bool to_end = o.last_period == "2026-10";
    if (o.status == "active")
      ++active, active_to_end += to_end;
    else
      ++closed, closed_to_end += to_end;
  }
  EXPECT_EQ(active_to_end, active);
  ASSERT_GT(closed, 0);
  EXPECT_LT(closed_to_end * 2, closed);
}

TEST(City, DirectoryFilesMatchTheSinks) {
  auto dir = std::filesystem::temp_directory_path() / "rx_synth_city_test";
  std::filesystem::remove_all(dir);
  auto stats = write_city({50, 3, 5, kNow}, dir.string());
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  City c = generate(50, 3, 5);
  for (const auto& cat : city_categories()) {
    std::ifstream in(dir / (std::string(cat.id) + ".csv"), std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(data, c.bytes.at(std::string(cat.id))) << cat.id;
  }
  std::filesystem::remove_all(dir);
}

class FailingSink final : public Sink {
 public:
  Status write(std::string_view) override { return unavailable("disk full"); }
};

TEST(City, SinkErrorsAreReported) {
  std::string ignored;
  auto result = generate_city({2000, 12, 1, kNow}, [&](std::string_view id) {
    return Result<std::unique_ptr<Sink>>(id == "tax" ? std::unique_ptr<Sink>(new FailingSink)
                                                     : std::make_unique<StringSink>(&ignored));
  });
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().message(), "disk full");
  auto refused = generate_city({10, 1, 1, kNow}, [&](std::string_view id) {
    return id == "judicial" ? Result<std::unique_ptr<Sink>>(not_found("no judicial"))
                            : Result<std::unique_ptr<Sink>>(std::make_unique<StringSink>(&ignored));
  });
  EXPECT_FALSE(refused.is_ok());
}

TEST(CsvTable, QuotesOnlyWhatNeedsQuotingAndFormatsNumbers) {
  std::string data;
  StringSink sink(&data);
  constexpr std::string_view kColumns[] = {"a", "b", "c", "d", "e", "f"};
  CsvTable t(&sink, kColumns);
  t.text("x,y").text("say \"hi\"").money(123405).fixed(7, 3).date(0).period(2026 * 12 + 1).end();
  t.text("plain").empty().money(0).integer(-5).boolean(true).boolean(false).end();
  ASSERT_TRUE(t.flush().is_ok());
  EXPECT_EQ(data,
            "a,b,c,d,e,f\n\"x,y\",\"say \"\"hi\"\"\",1234.05,0.007,1970-01-01,2026-02\n"
            "plain,,0.00,-5,true,false\n");
  EXPECT_EQ(t.rows(), 2);
}

}  // namespace
}  // namespace rx::synth
