#include "host/server/reactor_channel.hpp"

#include <unistd.h>

#include <pistache/http.h>
#include <pistache/net.h>
#include <pistache/peer.h>
#include <pistache/transport.h>

namespace atrium::host::server {

namespace {
// The smallest request Pistache's parser completes: one wake-up.
constexpr const char* kWakeRequest = "GET / HTTP/1.1\r\n\r\n";
}  // namespace

std::shared_ptr<ReactorChannel> ReactorChannel::open(Pistache::Tcp::Transport& transport) {
  auto mailbox = std::make_shared<ReactorMailbox>(kWakeRequest);
  mailbox->bindToCurrentThread();
  auto peer = Pistache::Tcp::Peer::Create(mailbox->reactorFd(),
                                          Pistache::Address("127.0.0.1", Pistache::Port(0)));
  // On the reactor's own thread Pistache registers the peer at once (no queue involved).
  transport.handleNewPeer(peer);
  mailbox->adoptReactorEnd();
  peer->setIdle(true);
  return std::shared_ptr<ReactorChannel>(new ReactorChannel(std::move(mailbox), std::move(peer)));
}

ReactorChannel::ReactorChannel(std::shared_ptr<ReactorMailbox> mailbox,
                               std::shared_ptr<Pistache::Tcp::Peer> peer)
    : mailbox_(std::move(mailbox)), peer_(std::move(peer)) {}

ReactorChannel::~ReactorChannel() { stop(); }

void ReactorChannel::onWake() {
  // Pistache marked the peer busy for this "request"; idle is what keeps the header timeout
  // away from it. Its parser clock restarts when onRequest returns.
  peer_->setIdle(true);
  mailbox_->drain();
}

bool ReactorChannel::usable() const {
  // Pistache holds its peers in a map of the reactor thread; when it removed this one (closing
  // the socket), ours is the last reference.
  return !mailbox_->closed() && peer_.use_count() > 1;
}

void ReactorChannel::keepAlive(std::chrono::milliseconds keepalive_timeout) {
  const auto now = std::chrono::steady_clock::now();
  if (now - clock_restarted_ < keepalive_timeout / 8) return;
  auto parser = Pistache::Http::Handler::getParser(peer_);
  if (!parser) return;
  parser->reset();  // restarts the clock Pistache's idle check reads
  clock_restarted_ = now;
}

void ReactorChannel::stop() {
  if (stopped_) return;
  stopped_ = true;
  mailbox_->stop();
  // Pistache closes a peer's socket only when it removes the peer (and then drops its
  // reference); one it still holds at shutdown is never closed by it.
  if (peer_.use_count() > 1) ::close(peer_->fd());
}

void ReactorChannels::add(std::shared_ptr<ReactorChannel> channel) {
  std::lock_guard lock(mutex_);
  channels_.push_back(std::move(channel));
}

void ReactorChannels::stopAll() {
  std::lock_guard lock(mutex_);
  for (auto& channel : channels_) channel->stop();
  channels_.clear();
}

}  // namespace atrium::host::server
