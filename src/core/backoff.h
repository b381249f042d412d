#pragma once
// Waiting by polling without spinning: every unsuccessful poll sleeps, 20 us at
// first (a reply is often microseconds away), doubling up to a cap, so an idle
// rank costs almost no CPU on a shared, oversubscribed node. A blocking MPI
// call would instead spin a core in Open MPI's progress loop.
//
//   Backoff backoff;
//   while (!Poll()) backoff.Wait();      // Reset() after progress in a long loop
//
// Not thread-safe; one per waiting loop.

#include <algorithm>
#include <chrono>
#include <thread>

namespace lf {

class Backoff {
 public:
  explicit Backoff(int max_delay_us = 1000) : max_delay_us_(max_delay_us) {}

  // Sleeps the current delay, then doubles it (up to the cap).
  void Wait() {
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us_));
    delay_us_ = std::min(delay_us_ * 2, max_delay_us_);
  }
  // Progress was made: the next wait is short again.
  void Reset() { delay_us_ = kFirstDelayUs; }

 private:
  static constexpr int kFirstDelayUs = 20;
  int max_delay_us_;
  int delay_us_ = kFirstDelayUs;
};

}  // namespace lf
