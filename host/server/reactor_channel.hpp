#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "host/server/reactor_mailbox.hpp"

namespace Pistache::Tcp {
class Peer;
class Transport;
}  // namespace Pistache::Tcp

namespace atrium::host::server {

// The way into one Pistache reactor thread from other threads: a ReactorMailbox whose wake-up
// socket is registered with the reactor as one more peer. Each wake-up is a tiny HTTP request
// on that peer, so Pistache's own parser hands it to the handler's onRequest, on the reactor
// thread, which recognises the peer (carries()) and drains the mailbox instead of routing it.
// Nothing outside the process can reach the peer: it is one end of a socket pair.
class ReactorChannel {
 public:
  // On the reactor thread that owns `transport`. Throws std::exception when the socket pair
  // cannot be made.
  static std::shared_ptr<ReactorChannel> open(Pistache::Tcp::Transport& transport);
  ~ReactorChannel();

  const std::shared_ptr<ReactorMailbox>& mailbox() const { return mailbox_; }
  bool carries(const std::shared_ptr<Pistache::Tcp::Peer>& peer) const { return peer == peer_; }
  // Reactor thread. False once Pistache dropped the peer (idle too long, or a wake-up could
  // not be written): open a new channel.
  bool usable() const;

  // Reactor thread, on a wake-up: run what was posted.
  void onWake();
  // Reactor thread, on every client request: Pistache closes a peer whose parser clock is
  // older than the keep-alive timeout. Restarting the channel's clock with each request keeps
  // it open at least 7/8 of that timeout past any request that may answer through it; a
  // request running longer loses its own idle connection at the full timeout anyway, and its
  // answer, finding the channel closed, goes to Pistache directly.
  void keepAlive(std::chrono::milliseconds keepalive_timeout);

  // After the reactor stopped: later posts are dropped; the socket is closed unless Pistache
  // closed it already.
  void stop();

 private:
  ReactorChannel(std::shared_ptr<ReactorMailbox> mailbox,
                 std::shared_ptr<Pistache::Tcp::Peer> peer);

  std::shared_ptr<ReactorMailbox> mailbox_;
  std::shared_ptr<Pistache::Tcp::Peer> peer_;
  std::chrono::steady_clock::time_point clock_restarted_ = std::chrono::steady_clock::now();
  bool stopped_ = false;
};

// Every channel an HttpServer opened, so that shutdown can stop them all.
class ReactorChannels {
 public:
  void add(std::shared_ptr<ReactorChannel> channel);
  void stopAll();

 private:
  std::mutex mutex_;
  std::vector<std::shared_ptr<ReactorChannel>> channels_;
};

}  // namespace atrium::host::server
