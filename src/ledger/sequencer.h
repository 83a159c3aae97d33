// The server's background sequencer: runs Ledger::sequence every `interval` (and at once
// again while a full batch was found), so every committed entry is in a signed head within
// about one interval.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "ledger/ledger.h"

namespace rx::ledger {

class Sequencer {
 public:
  // ledger and observer (may be null) must outlive the sequencer. on_error hears failed
  // passes; the thread carries on.
  Sequencer(Ledger& ledger, SequenceObserver* observer, std::chrono::milliseconds interval,
            std::function<void(const Status&)> on_error);
  ~Sequencer();

  void start();  // idempotent
  void stop();   // idempotent; finishes the pass in progress, then one last pass

 private:
  void loop();

  Ledger& ledger_;
  SequenceObserver* observer_;
  std::chrono::milliseconds interval_;
  std::function<void(const Status&)> on_error_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rx::ledger
