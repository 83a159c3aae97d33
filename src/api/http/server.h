// HTTP/1.1 server on Boost.Beast and C++20 coroutines. I/O threads only parse and write;
// every request's handler runs on a separate worker pool, so blocking database calls never
// stall the event loop. Keep-alive, a body size limit, read/write timeouts, and graceful
// shutdown: stop accepting, let in-flight requests finish, then close.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http_types.h"
#include "core/status.h"

namespace rx::api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port (tests)
  int io_threads = 1;
  int worker_threads = 4;
  size_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds read_timeout{std::chrono::seconds(30)};  // also keep-alive idle
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds drain_timeout{std::chrono::seconds(10)};  // for shutdown
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. kUnavailable when the address is in use.
  Status listen();
  // The bound port (after listen()).
  uint16_t port() const;
  // Serves until stop() or, when handle_signals, SIGINT/SIGTERM. Returns after the drain.
  void run(bool handle_signals);
  // SIGINT and SIGTERM start a graceful stop from now on (call before announcing the server,
  // so that a signal sent right after the announcement is never fatal).
  void stop_on_signals();
  // Thread-safe; returns at once. run() returns once in-flight requests are done.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rx::api
