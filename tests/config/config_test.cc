#include "config/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

namespace rx::config {
namespace {

TEST(Config, DefaultsNeedNoFile) {
  Config c;
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.db_url, "sqlite:var/rongxin.db");
}

TEST(Config, ReadsTomlSections) {
  auto c = parse_config(
      "[server]\nport = 9000\naccess_log = false\n[database]\nurl = \"postgresql://x/y\"\n",
      "t.toml");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->port, 9000);
  EXPECT_FALSE(c->access_log);
  EXPECT_EQ(c->db_url, "postgresql://x/y");
  EXPECT_EQ(c->worker_threads, 4);
}

TEST(Config, SyntaxErrorsNameFileLineAndColumn) {
  auto c = parse_config("[server]\nport = = 1\n", "rongxin.toml");
  ASSERT_FALSE(c.is_ok());
  EXPECT_NE(c.status().message().find("rongxin.toml:2:"), std::string::npos)
      << c.status().message();
}

TEST(Config, UnknownKeysAndBadValuesAreErrorsWithPositions) {
  auto c =
      parse_config("[server]\nprot = 1\nport = 70000\nworker_threads = \"4\"\n[extra]\n", "f.toml");
  ASSERT_FALSE(c.is_ok());
  const auto& d = c.status().details();
  ASSERT_EQ(d.size(), 4u) << c.status().to_string();
  EXPECT_EQ(d[0].field, "extra");
  EXPECT_EQ(d[1].field, "server.port");
  EXPECT_NE(d[1].reason.find("f.toml:3:8"), std::string::npos) << d[1].reason;
  EXPECT_EQ(d[2].field, "server.worker_threads");
  EXPECT_EQ(d[3].field, "server.prot");
  EXPECT_NE(d[3].reason.find("unknown key"), std::string::npos);
}

TEST(Config, EnvironmentOverridesFile) {
  std::map<std::string, std::string> env = {
      {"RONGXIN_PORT", "9100"}, {"RONGXIN_DB", "sqlite:/tmp/x.db"}, {"RONGXIN_ACCESS_LOG", "0"}};
  auto lookup = [&](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  auto c = apply_environment(*parse_config("[server]\nport = 9000\n", "f"), lookup);
  ASSERT_TRUE(c.is_ok());
  EXPECT_EQ(c->port, 9100);
  EXPECT_EQ(c->db_url, "sqlite:/tmp/x.db");
  EXPECT_FALSE(c->access_log);
  env["RONGXIN_PORT"] = "80x";
  EXPECT_EQ(apply_environment(Config{}, lookup).status().details().at(0).field, "RONGXIN_PORT");
}

}  // namespace
}  // namespace rx::config

namespace rx::config {
namespace {

TEST(Config, ShippedExampleParsesToTheDefaults) {
  const char* root = std::getenv("RONGXIN_SOURCE_DIR");
  auto c = load_config_file(std::string(root ? root : ".") + "/config/rongxin.example.toml");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  Config d;
  EXPECT_EQ(c->port, d.port);
  EXPECT_EQ(c->worker_threads, d.worker_threads);
  EXPECT_EQ(c->max_body_bytes, d.max_body_bytes);
  EXPECT_EQ(c->db_url, d.db_url);
  EXPECT_EQ(c->web_dir, d.web_dir);
  EXPECT_EQ(c->db_busy_timeout_ms, d.db_busy_timeout_ms);
  EXPECT_EQ(c->io_threads, d.io_threads);
  EXPECT_EQ(c->access_log, d.access_log);
  EXPECT_EQ(c->catalog_dir, d.catalog_dir);
  EXPECT_EQ(c->max_push_bytes, d.max_push_bytes);
  EXPECT_EQ(c->register_unknown_enterprises, d.register_unknown_enterprises);
  EXPECT_EQ(c->indicators_file, d.indicators_file);
  EXPECT_EQ(c->composite_file, d.composite_file);
}

TEST(Config, ProductionModeAndPushSettings) {
  EXPECT_FALSE(Config().production);
  auto c = parse_config("production = true\n[push]\nretry_base_ms = 50\nmax_attempts = 3\n", "p");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_TRUE(c->production);
  EXPECT_EQ(c->push_retry_base_ms, 50);
  EXPECT_EQ(c->push_max_attempts, 3);
  auto bad = parse_config("production = \"yes\"\n[push]\nmax_attempts = 0\n", "p");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().details().size(), 2u) << bad.status().to_string();
  std::map<std::string, std::string> env = {{"RONGXIN_PRODUCTION", "1"}};
  auto lookup = [&](const char* n) -> const char* {
    auto it = env.find(n);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  EXPECT_TRUE(apply_environment(Config(), lookup)->production);
  env["RONGXIN_PRODUCTION"] = "maybe";
  EXPECT_FALSE(apply_environment(Config(), lookup).is_ok());
}

TEST(Config, MonitorThresholdsWithDefaultsAndCheckedRanges) {
  const MonitorThresholds d;
  EXPECT_EQ(d.denials, 5);
  EXPECT_EQ(d.quiet_end_hour, 6);
  auto c = parse_config(
      "[monitor]\ndenials = 3\nvolume_multiple = 2.5\nquiet_start_hour = 22\n"
      "application_purposes = [\"loan_application\"]\n",
      "m.toml");
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(c->monitor.denials, 3);
  EXPECT_DOUBLE_EQ(c->monitor.volume_multiple, 2.5);
  EXPECT_EQ(c->monitor.quiet_start_hour, 22);
  EXPECT_EQ(c->monitor.application_purposes, std::vector<std::string>{"loan_application"});
  EXPECT_EQ(c->monitor.distinct_enterprises, d.distinct_enterprises);
  auto bad = parse_config(
      "[monitor]\ndenials = 0\nvolume_multiple = 0.5\nquiet_end_hour = 24\n"
      "application_purposes = [\"gambling\"]\nsurprise = 1\n",
      "m.toml");
  ASSERT_FALSE(bad.is_ok());
  std::map<std::string, std::string> errors;
  for (const FieldError& e : bad.status().details()) errors[e.field] = e.reason;
  EXPECT_EQ(errors.size(), 5u) << bad.status().to_string();
  EXPECT_NE(errors["monitor.denials"].find("m.toml:2"), std::string::npos)
      << errors["monitor.denials"];
  EXPECT_NE(errors["monitor.volume_multiple"].find("m.toml:3"), std::string::npos);
  EXPECT_NE(errors["monitor.quiet_end_hour"].find("m.toml:4"), std::string::npos);
  EXPECT_NE(errors["monitor.application_purposes"].find("gambling"), std::string::npos);
  EXPECT_TRUE(errors.contains("monitor.surprise"));
}

}  // namespace
}  // namespace rx::config
