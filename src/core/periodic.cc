#include "core/periodic.h"

namespace rx {

Periodic::Periodic(std::chrono::milliseconds interval, std::function<Status()> task,
                   std::function<void(const Status&)> on_error, bool last_pass)
    : interval_(interval),
      task_(std::move(task)),
      on_error_(std::move(on_error)),
      last_pass_(last_pass) {}

Periodic::~Periodic() {
  stop();
}

void Periodic::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Periodic::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Periodic::loop() {
  auto run = [this] {
    if (Status st = task_(); !st.is_ok() && on_error_) on_error_(st);
  };
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    run();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
  lock.unlock();
  if (last_pass_) run();
}

}  // namespace rx
