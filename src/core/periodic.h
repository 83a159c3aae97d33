// A background thread that runs one task every `interval` until stopped. The task's failures
// go to on_error and the thread carries on. With `last_pass`, stop() runs the task once more
// after the pass in progress, so work queued before stop() is still done (the ledger's heads).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/status.h"

namespace rx {

class Periodic {
 public:
  Periodic(std::chrono::milliseconds interval, std::function<Status()> task,
           std::function<void(const Status&)> on_error, bool last_pass = false);
  ~Periodic();  // stops

  void start();  // idempotent; the first run is at once
  void stop();   // idempotent; waits for the run in progress (and the last pass)

 private:
  void loop();

  std::chrono::milliseconds interval_;
  std::function<Status()> task_;
  std::function<void(const Status&)> on_error_;
  bool last_pass_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rx
