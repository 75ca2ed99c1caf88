#include "host/server/reserved_connection.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <pistache/http.h>
#include <pistache/peer.h>

namespace atrium::host::server {

ReservedConnection::~ReservedConnection() {
  if (fd_ >= 0) ::close(fd_);
}

void ReservedConnection::reserve(const Pistache::Http::ResponseWriter& writer) {
  if (fd_ >= 0) return;
  auto peer = writer.getPeer();
  if (!peer) return;
  fd_ = ::fcntl(peer->fd(), F_DUPFD_CLOEXEC, 0);
}

int ReservedConnection::take() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

}  // namespace atrium::host::server
