#include "host/server/reactor_mailbox.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace atrium::host::server {
namespace {

constexpr const char* kWake = "wake";

// Records where and whether it ran, and whether it was dropped unrun.
class Probe final : public ReactorTask {
 public:
  Probe(std::function<void()> on_run, std::function<void()> on_drop = {})
      : on_run_(std::move(on_run)), on_drop_(std::move(on_drop)) {}
  ~Probe() override {
    if (!ran_ && on_drop_) on_drop_();
  }
  void run() override {
    ran_ = true;
    on_run_();
  }

 private:
  std::function<void()> on_run_;
  std::function<void()> on_drop_;
  bool ran_ = false;
};

// What an event loop does with the reactor end: wait until readable, consume the bytes.
size_t waitAndConsume(int fd, int timeout_ms) {
  pollfd pfd{fd, POLLIN, 0};
  if (::poll(&pfd, 1, timeout_ms) != 1) return 0;
  size_t total = 0;
  char buffer[256];
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n <= 0) break;
    total += static_cast<size_t>(n);
  }
  return total;
}

TEST(ReactorMailboxTest, OnTheOwnerThreadATaskRunsAtOnce) {
  ReactorMailbox mailbox(kWake);
  mailbox.bindToCurrentThread();
  int runs = 0;
  mailbox.post(std::make_unique<Probe>([&] { ++runs; }));
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(waitAndConsume(mailbox.reactorFd(), 0), 0u) << "no wake-up for an inline run";
}

TEST(ReactorMailboxTest, FromAnotherThreadATaskWaitsForTheOwnersDrain) {
  ReactorMailbox mailbox(kWake);
  mailbox.bindToCurrentThread();
  std::vector<std::thread::id> ran_on;
  std::thread poster([&] {
    for (int i = 0; i < 3; ++i) {
      mailbox.post(std::make_unique<Probe>([&] { ran_on.push_back(std::this_thread::get_id()); }));
    }
  });
  poster.join();
  EXPECT_TRUE(ran_on.empty());
  EXPECT_EQ(mailbox.pendingForTest(), 3u);
  EXPECT_EQ(waitAndConsume(mailbox.reactorFd(), 1000), std::string(kWake).size())
      << "one wake message for the three posts";
  mailbox.drain();
  ASSERT_EQ(ran_on.size(), 3u);
  for (const auto& id : ran_on) EXPECT_EQ(id, std::this_thread::get_id());
  EXPECT_EQ(mailbox.pendingForTest(), 0u);
}

TEST(ReactorMailboxTest, TasksRunInPostingOrder) {
  ReactorMailbox mailbox(kWake);
  mailbox.bindToCurrentThread();
  std::vector<int> order;
  std::thread poster([&] {
    for (int i = 0; i < 100; ++i)
      mailbox.post(std::make_unique<Probe>([&, i] { order.push_back(i); }));
  });
  poster.join();
  mailbox.drain();
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[static_cast<size_t>(i)], i);
}

// The property Pistache 0.0.5's own queue lacks: many posters racing the consumer never leave a
// task behind without a wake-up.
TEST(ReactorMailboxTest, NoWakeUpIsLostUnderContention) {
  ReactorMailbox mailbox(kWake);
  constexpr int kPosters = 4;
  constexpr int kPerPoster = 20000;
  std::atomic<int> ran{0};
  std::atomic<bool> lost{false};
  std::atomic<bool> bound{false};
  std::thread reactor([&] {
    mailbox.bindToCurrentThread();
    bound = true;
    while (ran.load() < kPosters * kPerPoster) {
      if (waitAndConsume(mailbox.reactorFd(), 5000) == 0 && ran.load() < kPosters * kPerPoster) {
        lost = true;  // tasks are waiting and no wake-up came for 5 s
        return;
      }
      mailbox.drain();
    }
  });
  while (!bound) std::this_thread::yield();  // posts must come from other threads than the owner
  std::vector<std::thread> posters;
  for (int p = 0; p < kPosters; ++p) {
    posters.emplace_back([&] {
      for (int i = 0; i < kPerPoster; ++i) mailbox.post(std::make_unique<Probe>([&] { ++ran; }));
    });
  }
  for (auto& poster : posters) poster.join();
  reactor.join();
  EXPECT_FALSE(lost.load()) << ran.load() << " of " << kPosters * kPerPoster << " ran";
  EXPECT_EQ(ran.load(), kPosters * kPerPoster);
}

TEST(ReactorMailboxTest, WhenTheReactorEndIsGoneTasksRunOnThePostingThread) {
  ReactorMailbox mailbox(kWake);
  mailbox.bindToCurrentThread();
  mailbox.adoptReactorEnd();
  ::close(mailbox.reactorFd());  // what the event loop does when it drops the peer
  std::thread::id ran_on;
  std::thread poster([&] {
    mailbox.post(std::make_unique<Probe>([&] { ran_on = std::this_thread::get_id(); }));
    EXPECT_EQ(ran_on, std::this_thread::get_id());
  });
  poster.join();
  EXPECT_TRUE(mailbox.closed());
}

TEST(ReactorMailboxTest, StopDropsPendingAndLaterTasksUnrun) {
  ReactorMailbox mailbox(kWake);
  mailbox.bindToCurrentThread();
  int runs = 0;
  int drops = 0;
  std::thread([&] {
    mailbox.post(std::make_unique<Probe>([&] { ++runs; }, [&] { ++drops; }));
  }).join();
  mailbox.stop();
  EXPECT_EQ(drops, 1);
  std::thread([&] {
    mailbox.post(std::make_unique<Probe>([&] { ++runs; }, [&] { ++drops; }));
  }).join();
  EXPECT_EQ(drops, 2);
  EXPECT_EQ(runs, 0);
  EXPECT_TRUE(mailbox.closed());
}

}  // namespace
}  // namespace atrium::host::server
