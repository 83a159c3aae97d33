// The HTTP server over real loopback sockets: keep-alive, limits, protocol errors and
// graceful shutdown.
#include "api/http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

namespace rx::api {
namespace {

class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Client() { close(fd_); }
  bool connected() const { return connected_; }
  void send_all(const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }
  // Reads one response (headers + Content-Length body); "" on close or timeout.
  std::string read_response() {
    for (;;) {
      auto end = buffer_.find("\r\n\r\n");
      if (end != std::string::npos) {
        size_t length = 0;
        auto cl = buffer_.find("Content-Length: ");
        if (cl != std::string::npos && cl < end) length = std::stoul(buffer_.substr(cl + 16));
        if (buffer_.size() >= end + 4 + length) {
          std::string response = buffer_.substr(0, end + 4 + length);
          buffer_.erase(0, end + 4 + length);
          return response;
        }
      }
      char chunk[4096];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return "";
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }
  bool closed_by_peer() {
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    options.port = 0;
    server_ =
        std::make_unique<HttpServer>(options, [this](const HttpRequest& r) { return handle(r); });
    ASSERT_TRUE(server_->listen().is_ok());
    thread_ = std::thread([this] { server_->run(false); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  HttpResponse handle(const HttpRequest& r) {
    ++calls_;
    if (r.path() == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(300));
    if (r.path() == "/throw") throw std::runtime_error("boom");
    HttpResponse out;
    out.body = R"({"path":")" + std::string(r.path()) + R"(","bytes":)" +
               std::to_string(r.body.size()) + "}";
    return out;
  }
  std::string get(const std::string& path) {
    return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
  }

  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  std::atomic<int> calls_{0};
};

TEST_F(ServerTest, ServesSeveralRequestsOnOneKeepAliveConnection) {
  start();
  Client c(server_->port());
  ASSERT_TRUE(c.connected());
  c.send_all(get("/a") + get("/b"));
  std::string first = c.read_response(), second = c.read_response();
  EXPECT_NE(first.find("HTTP/1.1 200"), std::string::npos) << first;
  EXPECT_NE(first.find(R"("path":"/a")"), std::string::npos);
  EXPECT_NE(second.find(R"("path":"/b")"), std::string::npos) << second;
  EXPECT_EQ(calls_, 2);
}

TEST_F(ServerTest, RejectsOversizedBodiesWith413WithoutCallingTheHandler) {
  ServerOptions o;
  o.max_body_bytes = 1024;
  start(o);
  Client c(server_->port());
  c.send_all(
      "POST /x HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: "
      "5000\r\n\r\n" +
      std::string(5000, 'a'));
  std::string r = c.read_response();
  EXPECT_NE(r.find("HTTP/1.1 413"), std::string::npos) << r;
  EXPECT_NE(r.find(R"("code":"payload_too_large")"), std::string::npos) << r;
  EXPECT_EQ(calls_, 0);
}

TEST_F(ServerTest, AnswersMalformedRequestsWith400AndCloses) {
  start();
  Client c(server_->port());
  c.send_all("GARBAGE\x01 / HTTP/1.1\r\n\r\n");
  std::string r = c.read_response();
  EXPECT_NE(r.find("HTTP/1.1 400"), std::string::npos) << r;
  EXPECT_NE(r.find(R"("error":)"), std::string::npos);
  EXPECT_TRUE(c.closed_by_peer());
  EXPECT_EQ(calls_, 0);
}

TEST_F(ServerTest, HandlerExceptionsBecome500WithTheErrorShape) {
  start();
  Client c(server_->port());
  c.send_all(get("/throw"));
  std::string r = c.read_response();
  EXPECT_NE(r.find("HTTP/1.1 500"), std::string::npos) << r;
  EXPECT_NE(r.find(R"({"error":{"code":"internal")"), std::string::npos) << r;
}

TEST_F(ServerTest, ClosesIdleConnectionsAfterTheReadTimeout) {
  ServerOptions o;
  o.read_timeout = std::chrono::milliseconds(200);
  start(o);
  Client c(server_->port());
  EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(ServerTest, StopLetsInFlightRequestsFinishThenRefusesNewConnections) {
  start();
  uint16_t port = server_->port();
  Client c(port);
  c.send_all(get("/slow"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  server_->stop();
  std::string r = c.read_response();
  EXPECT_NE(r.find("HTTP/1.1 200"), std::string::npos) << r;
  EXPECT_NE(r.find("Connection: close"), std::string::npos) << r;
  thread_.join();
  Client late(port);
  EXPECT_FALSE(late.connected());
}

}  // namespace
}  // namespace rx::api
