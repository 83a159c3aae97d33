#include "push/workers.h"

#include "push/fanout.h"

namespace rx::push {

Workers::Workers(store::Database& db, const catalog::Catalog& catalog, const Clock& clock,
                 Random& random, PostFn post, WorkerOptions options)
    : db_(db),
      catalog_(catalog),
      clock_(clock),
      random_(random),
      dispatcher_(db, clock, std::move(post), options.dispatch),
      options_(std::move(options)) {}

Workers::~Workers() {
  stop();
}

void Workers::start() {
  std::lock_guard lock(mutex_);
  if (fanout_.joinable()) return;
  stopping_ = false;
  fanout_ = std::thread([this] {
    loop(options_.fanout_interval, [this] {
      auto done = fan_out(db_, catalog_, clock_, random_);
      if (!done.is_ok() && options_.on_error) options_.on_error("push fan-out", done.status());
    });
  });
  dispatch_ = std::thread([this] {
    loop(options_.poll_interval, [this] {
      auto done = dispatcher_.run_once();
      if (!done.is_ok() && options_.on_error) options_.on_error("push delivery", done.status());
    });
  });
}

void Workers::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (fanout_.joinable()) fanout_.join();
  if (dispatch_.joinable()) dispatch_.join();
}

void Workers::loop(std::chrono::milliseconds interval, const std::function<void()>& pass) {
  for (;;) {
    pass();
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, interval, [this] { return stopping_; })) return;
  }
}

}  // namespace rx::push
