#include "testing/test_database.h"

#include <cstdlib>
#include <filesystem>

#include "crypto/crypto.h"
#include "store/migrations.h"

namespace rx::testing {
namespace {

std::string random_suffix() {
  crypto::SecureRandom random;
  uint8_t bytes[8];
  random.fill(bytes);
  return crypto::to_hex(bytes);
}

Status run_admin(const std::string& url, const std::string& sql) {
  auto admin = store::open_database({.url = url, .pool_size = 1});
  if (!admin.is_ok()) return admin.status();
  return (*admin)->write([&](store::Session& s) { return s.execute(sql).status(); });
}

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

Result<std::unique_ptr<TestDatabase>> TestDatabase::create(Backend backend, bool migrated) {
  std::unique_ptr<TestDatabase> t(new TestDatabase());
  t->backend_ = backend;
  if (backend == Backend::kSqlite) {
    t->cleanup_ =
        (std::filesystem::temp_directory_path() / ("rx_test_" + random_suffix() + ".db")).string();
    t->url_ = "sqlite:" + t->cleanup_;
  } else {
    const char* base = std::getenv("RONGXIN_TEST_PG_URL");
    if (base == nullptr || *base == '\0')
      return failed_precondition(
          "RONGXIN_TEST_PG_URL is not set: run PostgreSQL tests through `make test` "
          "(scripts/with-postgres.sh starts a server)");
    t->cleanup_ = "t_" + random_suffix();
    RX_RETURN_IF_ERROR(run_admin(base, "CREATE SCHEMA " + t->cleanup_));
    std::string url = base;
    url += url.find('?') == std::string::npos ? "?" : "&";
    url += "options=-csearch_path%3D" + t->cleanup_;
    t->url_ = url;
  }
  auto db = store::open_database({.url = t->url_, .pool_size = 4});
  if (!db.is_ok()) return db.status();
  t->db_ = std::move(db).value();
  if (migrated) RX_RETURN_IF_ERROR(store::migrate(*t->db_, t->clock_));
  return t;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (backend_ == Backend::kSqlite) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(cleanup_ + suffix, ec);
  } else if (!cleanup_.empty()) {
    (void)run_admin(std::getenv("RONGXIN_TEST_PG_URL"), "DROP SCHEMA " + cleanup_ + " CASCADE");
  }
}

}  // namespace rx::testing
