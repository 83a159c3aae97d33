// Fresh databases for repository tests, on both backends. Every repository test is a
// parameterised test instantiated with RX_INSTANTIATE_BACKENDS so that it runs on SQLite and
// on PostgreSQL. PostgreSQL comes from RONGXIN_TEST_PG_URL (set by scripts/with-postgres.sh,
// which `make test` uses); without it the PostgreSQL cases fail, loudly, rather than skip.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace rx::testing {

enum class Backend { kSqlite, kPostgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

class TestDatabase {
 public:
  // A new empty database: a temp SQLite file, or a new PostgreSQL schema. With `migrated`,
  // the schema is at the latest version.
  static Result<std::unique_ptr<TestDatabase>> create(Backend backend, bool migrated = true);
  ~TestDatabase();

  store::Database& db() { return *db_; }
  const std::string& url() const { return url_; }
  const Clock& clock() const { return clock_; }

 private:
  TestDatabase() = default;
  Backend backend_ = Backend::kSqlite;
  std::string url_;
  std::string cleanup_;  // temp file or schema name
  std::unique_ptr<store::Database> db_;
  ManualClock clock_{Instant(std::chrono::seconds(1'795'000'000))};
};

// A fixture base: db() is fresh and migrated for every test.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto made = TestDatabase::create(GetParam());
    ASSERT_TRUE(made.is_ok()) << made.status().to_string();
    test_db_ = std::move(made).value();
  }
  store::Database& db() { return test_db_->db(); }
  const Clock& clock() { return test_db_->clock(); }
  std::unique_ptr<TestDatabase> test_db_;
};

}  // namespace rx::testing

#define RX_INSTANTIATE_BACKENDS(suite)                                                       \
  INSTANTIATE_TEST_SUITE_P(                                                                  \
      Backends, suite,                                                                       \
      ::testing::Values(::rx::testing::Backend::kSqlite, ::rx::testing::Backend::kPostgres), \
      ::rx::testing::backend_name)
