// One line per request, written to a file descriptor (stdout in production) in batches:
// a write system call per request would cost more than the request itself under load.
// Lines reach the descriptor at most `flush_interval` after they were added, when the buffer
// passes `max_buffered_bytes`, and when the log is destroyed (so a clean shutdown loses none).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace rx::api {

class AccessLog {
 public:
  explicit AccessLog(int fd,
                     std::chrono::milliseconds flush_interval = std::chrono::milliseconds(200),
                     std::size_t max_buffered_bytes = 64 * 1024);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Thread-safe. Appends `line` and a newline.
  void write(std::string_view line);
  // Writes out everything buffered so far.
  void flush();

 private:
  void write_out(std::string& pending);  // called with flush_mutex_ held

  int fd_;
  std::size_t max_buffered_bytes_;
  std::mutex buffer_mutex_;  // guards buffer_ and stopping_
  std::mutex flush_mutex_;   // keeps batches in order on the descriptor
  std::condition_variable wake_;
  std::string buffer_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace rx::api
