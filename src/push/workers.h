// The push background work of one server: a fan-out pass every fanout_interval and a dispatcher
// pass every poll_interval, each on its own thread (a slow webhook never delays fan-out).
// Started and stopped with the server; stop() waits for the passes in progress.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "catalog/catalog.h"
#include "push/dispatcher.h"

namespace rx::push {

struct WorkerOptions {
  DispatchOptions dispatch;
  std::chrono::milliseconds fanout_interval{1000};
  std::chrono::milliseconds poll_interval{250};
  // Told about every failed pass (the server logs them); the threads carry on.
  std::function<void(std::string_view what, const Status&)> on_error;
};

class Workers {
 public:
  // Everything referenced must outlive the workers.
  Workers(store::Database& db, const catalog::Catalog& catalog, const Clock& clock, Random& random,
          PostFn post, WorkerOptions options);
  ~Workers();

  void start();  // idempotent
  void stop();   // idempotent; joins both threads

 private:
  void loop(std::chrono::milliseconds interval, const std::function<void()>& pass);

  store::Database& db_;
  const catalog::Catalog& catalog_;
  const Clock& clock_;
  Random& random_;
  Dispatcher dispatcher_;
  WorkerOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread fanout_, dispatch_;
};

}  // namespace rx::push
