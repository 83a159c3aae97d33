// A bounded pool of connections, created lazily. Thread-safe.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/status.h"

namespace rx::store {

template <class Conn>
class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Conn>>()>;

  ConnectionPool(size_t max_size, Factory factory)
      : max_size_(max_size), factory_(std::move(factory)) {}

  // A connection checked out for the lifetime of the lease; returned on destruction.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_->give_back(std::move(conn_), broken_);
    }
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }
    // A broken connection is dropped instead of being reused.
    void mark_broken() { broken_ = true; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Conn> conn_;
    bool broken_ = false;
  };

  // Blocks until a connection is free or can be created.
  Result<Lease> acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;
    lock.unlock();
    auto made = factory_();
    if (!made.is_ok()) {
      std::lock_guard relock(mu_);
      --open_;
      cv_.notify_one();
      return made.status();
    }
    return Lease(this, std::move(made).value());
  }

 private:
  void give_back(std::unique_ptr<Conn> conn, bool broken) {
    std::lock_guard lock(mu_);
    if (broken) {
      --open_;
    } else {
      idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }

  const size_t max_size_;
  Factory factory_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
  size_t open_ = 0;
};

}  // namespace rx::store
