// Delivers inbox messages to their recipients' webhooks (inbox::set_webhook): each queued
// delivery is POSTed as JSON, signed like data pushes (X-Rongxin-Signature over timestamp and
// body), retried with exponential backoff, and dead after the policy's last attempt. So an
// enterprise or a lender hears of every application step in its own systems too.
#pragma once

#include "core/clock.h"
#include "push/dispatcher.h"
#include "store/database.h"

namespace rx::push {

class InboxDelivery {
 public:
  // Everything referenced must outlive this. run_once is not to be called from two threads of
  // one process at a time.
  InboxDelivery(store::Database& db, const Clock& clock, PostFn post, DispatchOptions options)
      : db_(db), clock_(clock), post_(std::move(post)), options_(options) {}

  // Sends the deliveries due now (at most options.batch).
  Result<DispatchStats> run_once();

 private:
  store::Database& db_;
  const Clock& clock_;
  PostFn post_;
  DispatchOptions options_;
};

}  // namespace rx::push
