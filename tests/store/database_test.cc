#include "store/database.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/migrations.h"
#include "store/postgres_database.h"
#include "testing/test_database.h"

namespace rx::store {
namespace {

using rx::testing::BackendTest;

class DatabaseTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    ASSERT_TRUE(db().write([](Session& s) {
                      return s
                          .execute(
                              "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT "
                              "NULL UNIQUE, price DOUBLE PRECISION)")
                          .status();
                    })
                    .is_ok());
  }

  int64_t count_items() {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(Rows rows, s.query("SELECT count(*) FROM items"));
                      n = rows.at(0).integer(0);
                      return Status::ok();
                    })
                    .is_ok());
    return n;
  }
};

TEST_P(DatabaseTest, RoundTripsTypedValuesAndNulls) {
  Status s = db().write([](Session& session) -> Status {
    RX_ASSIGN_OR_RETURN(int64_t changed,
                        session.execute("INSERT INTO items (id, name, price) VALUES (?, ?, ?)",
                                        {int64_t{1}, std::string("茶叶 'quoted' ?"), 12.5}));
    EXPECT_EQ(changed, 1);
    return session
        .execute("INSERT INTO items (id, name, price) VALUES (?, ?, ?)",
                 {int64_t{2}, std::string("b"), std::monostate{}})
        .status();
  });
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  ASSERT_TRUE(db().read([](Session& session) -> Status {
                    RX_ASSIGN_OR_RETURN(Rows rows,
                                        session.query("SELECT id, name, price FROM items "
                                                      "ORDER BY id"));
                    EXPECT_EQ(rows.size(), 2u);
                    EXPECT_EQ(rows[0].integer(0), 1);
                    EXPECT_EQ(rows[0].text(1), "茶叶 'quoted' ?");
                    EXPECT_DOUBLE_EQ(rows[0].real(2), 12.5);
                    EXPECT_TRUE(rows[1].is_null(2));
                    return Status::ok();
                  })
                  .is_ok());
}

TEST_P(DatabaseTest, FailedTransactionWritesNothing) {
  Status s = db().write([](Session& session) -> Status {
    RX_RETURN_IF_ERROR(
        session
            .execute("INSERT INTO items (id, name) VALUES (?, ?)", {int64_t{1}, std::string("a")})
            .status());
    return invalid_argument("second half failed");
  });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(count_items(), 0);
}

TEST_P(DatabaseTest, AnExceptionRollsBackAndTheConnectionStaysUsable) {
  for (int i = 0; i < 20; ++i) {  // more than the pool's connections
    Status s = db().write([&](Session& session) -> Status {
      RX_RETURN_IF_ERROR(session
                             .execute("INSERT INTO items (id, name) VALUES (?, ?)",
                                      {int64_t{i}, "n" + std::to_string(i)})
                             .status());
      RX_ASSIGN_OR_RETURN(Rows rows, session.query("SELECT name FROM items"));
      (void)rows.at(0).integer(0);  // a text column read as an integer throws
      return Status::ok();
    });
    EXPECT_EQ(s.code(), StatusCode::kInternal);
    EXPECT_NE(s.message().find("rolled back"), std::string::npos) << s.message();
  }
  EXPECT_EQ(count_items(), 0);
  EXPECT_TRUE(db().write([](Session& session) {
                    return session
                        .execute("INSERT INTO items (id, name) VALUES (?, ?)",
                                 {int64_t{1}, std::string("a")})
                        .status();
                  })
                  .is_ok());
  EXPECT_EQ(count_items(), 1);
}

TEST_P(DatabaseTest, UniqueViolationIsAlreadyExistsAndRollsBack) {
  Status s = db().write([](Session& session) -> Status {
    RX_RETURN_IF_ERROR(
        session
            .execute("INSERT INTO items (id, name) VALUES (?, ?)", {int64_t{1}, std::string("a")})
            .status());
    return session
        .execute("INSERT INTO items (id, name) VALUES (?, ?)", {int64_t{2}, std::string("a")})
        .status();
  });
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.to_string();
  EXPECT_EQ(count_items(), 0);
}

TEST_P(DatabaseTest, SqlErrorsAreReportedNotThrown) {
  Status s =
      db().read([](Session& session) { return session.query("SELECT nope FROM items").status(); });
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("nope"), std::string::npos) << s.message();
  // The pool stays usable after an error.
  EXPECT_EQ(count_items(), 0);
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        int64_t id = t * 100 + i;
        Status s = db().write([&](Session& session) {
          return session
              .execute("INSERT INTO items (id, name) VALUES (?, ?)", {id, "n" + std::to_string(id)})
              .status();
        });
        EXPECT_TRUE(s.is_ok()) << s.to_string();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(count_items(), 100);
}

RX_INSTANTIATE_BACKENDS(DatabaseTest);

class MigrationTest : public BackendTest {};

TEST_P(MigrationTest, IsAtLatestVersionAndIdempotent) {
  EXPECT_EQ(*schema_version(db()), latest_schema_version());
  ASSERT_TRUE(migrate(db(), clock()).is_ok());
  EXPECT_EQ(*schema_version(db()), latest_schema_version());
}

TEST_P(MigrationTest, RefusesADatabaseFromANewerBuild) {
  int newer = latest_schema_version() + 1;
  ASSERT_TRUE(db().write([&](Session& s) {
                    return s
                        .execute(
                            "INSERT INTO schema_migrations (version, name, applied_at) "
                            "VALUES (?, 'from the future', 0)",
                            {int64_t{newer}})
                        .status();
                  })
                  .is_ok());
  Status s = migrate(db(), clock());
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("newer than this build"), std::string::npos) << s.message();
}

RX_INSTANTIATE_BACKENDS(MigrationTest);

TEST(EmptyDatabase, HasSchemaVersionZero) {
  auto t = rx::testing::TestDatabase::create(rx::testing::Backend::kSqlite, /*migrated=*/false);
  ASSERT_TRUE(t.is_ok());
  EXPECT_EQ(*schema_version((*t)->db()), 0);
}

TEST(OpenDatabase, ExplainsBadUrlsAndMissingFiles) {
  auto bad = open_database({.url = "mysql://x"});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  auto missing = open_database({.url = "sqlite:/nonexistent-dir/x.db", .create_if_missing = false});
  EXPECT_EQ(missing.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.status().message().find("does not exist"), std::string::npos);
  auto no_dir = open_database({.url = "sqlite:/nonexistent-dir/x.db"});
  EXPECT_NE(no_dir.status().message().find("directory"), std::string::npos)
      << no_dir.status().message();
  auto no_server = open_database({.url = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"});
  EXPECT_EQ(no_server.status().code(), StatusCode::kUnavailable);
}

TEST(OpenDatabase, SqliteSynchronousIsNormalUnlessFullIsAsked) {
  auto synchronous = [](bool full) -> int64_t {
    auto db = open_database({.url = "sqlite::memory:", .sqlite_synchronous_full = full});
    EXPECT_TRUE(db.is_ok());
    int64_t level = -1;
    EXPECT_TRUE((*db)
                    ->read([&](Session& s) -> Status {
                      RX_ASSIGN_OR_RETURN(Rows rows, s.query("PRAGMA synchronous"));
                      level = rows.at(0).integer(0);
                      return Status::ok();
                    })
                    .is_ok());
    return level;
  };
  EXPECT_EQ(synchronous(false), 1);  // NORMAL
  EXPECT_EQ(synchronous(true), 2);   // FULL
}

TEST(Dialect, PlaceholdersAreNumberedOutsideStringLiterals) {
  EXPECT_EQ(number_placeholders("SELECT ? WHERE a = '?' AND b = ?"),
            "SELECT $1 WHERE a = '?' AND b = $2");
  EXPECT_EQ(render_for_dialect("id {{autoincrement_pk}}, b {{bytes}}", Dialect::kPostgres),
            "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, b BYTEA");
  EXPECT_EQ(render_for_dialect("b {{bytes}}", Dialect::kSqlite), "b BLOB");
  EXPECT_EQ(escape_like("50%_a\\"), "50\\%\\_a\\\\");
}

}  // namespace
}  // namespace rx::store
