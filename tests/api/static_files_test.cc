#include "api/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace rx::api {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("rx_static_" + std::to_string(getpid()));
    std::filesystem::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<html>app</html>";
    std::ofstream(root_ / "assets" / "app-1234.js") << "console.log(1)";
    std::ofstream(root_.parent_path() / "rx_secret.txt") << "secret";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  StaticFiles files(root_.string());
  auto js = files.serve("/assets/app-1234.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js->body, "console.log(1)");
  bool immutable = false;
  for (auto& [k, v] : js->headers)
    immutable = immutable || v.find("immutable") != std::string::npos;
  EXPECT_TRUE(immutable);
  EXPECT_EQ(files.serve("/")->body, "<html>app</html>");
}

TEST_F(StaticFilesTest, AppRoutesFallBackToIndexButMissingFilesDoNot) {
  StaticFiles files(root_.string());
  EXPECT_EQ(files.serve("/enterprises/91310115MA1K3YJ15R")->body, "<html>app</html>");
  EXPECT_FALSE(files.serve("/assets/missing.js"));
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
  StaticFiles files(root_.string());
  EXPECT_FALSE(files.serve("/../rx_secret.txt"));
  EXPECT_FALSE(files.serve("/assets/../../rx_secret.txt"));
  EXPECT_FALSE(StaticFiles("").serve("/"));
}

}  // namespace
}  // namespace rx::api
