#include "api/access_log.h"

#include <unistd.h>

#include <cerrno>

namespace rx::api {

AccessLog::AccessLog(int fd, std::chrono::milliseconds flush_interval,
                     std::size_t max_buffered_bytes)
    : fd_(fd), max_buffered_bytes_(max_buffered_bytes) {
  flusher_ = std::thread([this, flush_interval] {
    std::unique_lock lock(buffer_mutex_);
    while (!stopping_) {
      wake_.wait_for(lock, flush_interval);
      lock.unlock();
      flush();
      lock.lock();
    }
  });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(buffer_mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  flusher_.join();
  flush();
}

void AccessLog::write(std::string_view line) {
  bool full;
  {
    std::lock_guard lock(buffer_mutex_);
    buffer_.append(line);
    buffer_.push_back('\n');
    full = buffer_.size() >= max_buffered_bytes_;
  }
  if (full) flush();
}

void AccessLog::flush() {
  std::lock_guard order(flush_mutex_);
  std::string pending;
  {
    std::lock_guard lock(buffer_mutex_);
    pending.swap(buffer_);
  }
  write_out(pending);
}

void AccessLog::write_out(std::string& pending) {
  // A log that cannot be written (closed pipe, full disk) must not take requests down:
  // the rest of the batch is dropped.
  std::size_t done = 0;
  while (done < pending.size()) {
    ssize_t n = ::write(fd_, pending.data() + done, pending.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace rx::api
