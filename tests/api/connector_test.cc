// Interface mode end to end: the connector asks a small source server on loopback over real
// HTTP (api/http/client), with timeout, retries and a cache.
#include "ingest/connector.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "api/http/client.h"
#include "api/http/server.h"
#include "catalog/loader.h"

namespace rx::api {
namespace {

constexpr std::string_view kCategory = R"(id = "court_live"
name = "司法信息（接口）"
department = "市高级人民法院"
mode = "interface"
key = ["uscc", "case_number"]

[source]
url = "http://127.0.0.1:PORT/cases?uscc={uscc}"
timeout_ms = 300
retries = 2
cache_seconds = 60

[[fields]]
name = "uscc"
label = "统一社会信用代码"
type = "uscc"
required = true

[[fields]]
name = "case_number"
label = "案号"
type = "string"
required = true

[[fields]]
name = "amount"
label = "标的金额"
type = "money"
)";

constexpr std::string_view kUscc = "914403001922038216";

class ConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;  // a free port: tests run in parallel
    server_ = std::make_unique<HttpServer>(options, [this](const HttpRequest& r) {
      ++calls_;
      HttpResponse out;
      int mode = mode_.load();
      if (mode == kSlow) std::this_thread::sleep_for(std::chrono::milliseconds(600));
      if (mode == kFlaky && calls_ % 2 == 1) out.status = 503;
      if (mode == kMissing) out.status = 404;
      out.body = R"({"records": [{"uscc": ")" + std::string(r.query_string().substr(5)) +
                 R"(", "case_number": "(2025)沪0115民初123号", "amount": "1500.50"},
                 {"uscc": "914403001922038216", "case_number": "", "amount": "1"},
                 {"uscc": "91330100799655058B", "case_number": "other firm", "amount": "1"}]})";
      return out;
    });
    ASSERT_TRUE(server_->listen().is_ok());
    thread_ = std::thread([this] { server_->run(false); });
    std::string text(kCategory);
    text.replace(text.find("PORT"), 4, std::to_string(server_->port()));
    auto c = catalog::parse_category(text, "court_live.toml");
    ASSERT_TRUE(c.is_ok()) << c.status().to_string();
    category_ = *c;
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  enum { kNormal, kSlow, kFlaky, kMissing };
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  std::atomic<int> calls_{0}, mode_{kNormal};
  catalog::Category category_;
  ManualClock clock_{Instant(std::chrono::seconds(1'795'000'000))};
};

TEST_F(ConnectorTest, ChecksTheSourcesRecordsAgainstTheCatalogueAndCaches) {
  ingest::InterfaceConnector connector(category_, http_get, clock_);
  auto first = connector.records(std::string(kUscc));
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  ASSERT_EQ(first->payloads.size(), 1u);
  EXPECT_EQ(
      first->payloads[0],
      R"({"uscc":"914403001922038216","case_number":"(2025)沪0115民初123号","amount":150050})");
  EXPECT_EQ(first->invalid, 2) << "a record missing its key and one about another firm";
  EXPECT_FALSE(first->from_cache);
  auto second = connector.records(std::string(kUscc));
  EXPECT_TRUE(second->from_cache);
  EXPECT_EQ(calls_, 1);
  clock_.advance(std::chrono::seconds(61));
  EXPECT_FALSE(connector.records(std::string(kUscc))->from_cache);
  EXPECT_EQ(calls_, 2);
}

TEST_F(ConnectorTest, RetriesServerErrors) {
  mode_ = kFlaky;
  ingest::InterfaceConnector connector(category_, http_get, clock_);
  auto r = connector.records(std::string(kUscc));
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(calls_, 2);
  EXPECT_EQ(r->payloads.size(), 1u);
}

TEST_F(ConnectorTest, ASlowSourceTimesOutAfterItsRetries) {
  mode_ = kSlow;
  ingest::InterfaceConnector connector(category_, http_get, clock_);
  auto r = connector.records(std::string(kUscc));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("failed after 3 attempts"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("timed out after 300 ms"), std::string::npos)
      << r.status().message();
}

TEST_F(ConnectorTest, NotFoundMeansNoRecordsAndRefusedConnectionsAreUnavailable) {
  mode_ = kMissing;
  ingest::InterfaceConnector connector(category_, http_get, clock_);
  auto none = connector.records(std::string(kUscc));
  ASSERT_TRUE(none.is_ok());
  EXPECT_TRUE(none->payloads.empty());
  auto refused = http_get("http://127.0.0.1:1/x", std::chrono::milliseconds(200));
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(http_get("https://127.0.0.1/x", std::chrono::milliseconds(200)).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rx::api
