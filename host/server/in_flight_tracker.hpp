#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace atrium::host::server {

// Counts requests that have arrived and not yet been answered, and answers handed to Pistache
// whose bytes are not on the socket yet, so that shutdown can wait for both.
//
// The two are waited for differently. A request being processed is waited for up to the drain
// timeout. A queued write normally reaches the socket within milliseconds, but Pistache 0.0.5
// silently drops the write (and never settles its promise) when the client closed the
// connection first — wrk and load balancers do that at the end of every run — so written
// answers get at most kWriteGrace after the last request finished, and are abandoned after.
class InFlightTracker {
 public:
  static constexpr std::chrono::milliseconds kWriteGrace{1000};

  void begin();           // a request arrived
  void handedOver();      // its answer was queued for writing (the request is no longer processed)
  void written();         // the queued answer's write settled
  void abandoned();       // the request ended without an answer to write (client gone)
  int64_t count() const;  // processing + writing
  // True when nothing is processed and nothing waits to be written before `timeout` (writes
  // get at most kWriteGrace of it).
  bool waitIdle(std::chrono::milliseconds timeout);

 private:
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  int64_t processing_ = 0;
  int64_t writing_ = 0;
};

}  // namespace atrium::host::server
