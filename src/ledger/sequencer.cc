#include "ledger/sequencer.h"

namespace rx::ledger {

constexpr size_t kBatch = 20'000;

Sequencer::Sequencer(Ledger& ledger, SequenceObserver* observer, std::chrono::milliseconds interval,
                     std::function<void(const Status&)> on_error)
    : ledger_(ledger), observer_(observer), interval_(interval), on_error_(std::move(on_error)) {}

Sequencer::~Sequencer() {
  stop();
}

void Sequencer::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Sequencer::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Sequencer::loop() {
  for (bool last = false; !last;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
      last = stopping_;  // entries committed before stop() still get their head
    }
    for (;;) {
      Result<size_t> done = ledger_.sequence(observer_, kBatch);
      if (!done.is_ok()) {
        if (on_error_) on_error_(done.status());
        break;
      }
      if (*done < kBatch) break;
    }
  }
}

}  // namespace rx::ledger
