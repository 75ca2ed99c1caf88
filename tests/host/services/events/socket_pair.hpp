#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

namespace atrium::host::events::testing {

// A connected pair of real sockets: `server` is handed to an EventStream, `client` read here.
struct SocketPair {
  SocketPair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
      throw std::runtime_error("socketpair");
    server = fds[0];
    client = fds[1];
    ::fcntl(server, F_SETFL, ::fcntl(server, F_GETFL) | O_NONBLOCK);
  }
  ~SocketPair() {
    if (client >= 0) ::close(client);
  }
  // Everything readable within `wait` (stops at EOF or after the first quiet wait).
  std::string read(std::chrono::milliseconds wait = std::chrono::milliseconds(200)) const {
    std::string out;
    char buf[65536];
    for (;;) {
      pollfd p{client, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) break;
      const ssize_t n = ::recv(client, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
      wait = std::chrono::milliseconds(20);
    }
    return out;
  }
  // True when the server side closed (EOF) within `wait`.
  bool closedWithin(std::chrono::milliseconds wait) const {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    char buf[65536];
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{client, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const ssize_t n = ::recv(client, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return true;
    }
    return false;
  }
  int server = -1;  // owned by the stream it is given to
  int client = -1;
};

}  // namespace atrium::host::events::testing
