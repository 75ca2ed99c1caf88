#include "host/server/listen_socket.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace atrium::host::server {
namespace {

bool isListeningOn(int fd, uint16_t port) {
  int accepting = 0;
  socklen_t len = sizeof(accepting);
  if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) != 0 || accepting == 0) {
    return false;
  }
  sockaddr_storage addr{};
  socklen_t addr_len = sizeof(addr);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0) return false;
  if (addr.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port) == port;
  }
  if (addr.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port) == port;
  }
  return false;
}

}  // namespace

bool stopListening(uint16_t port) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return false;
  bool stopped = false;
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(dir)) continue;
    if (!isListeningOn(static_cast<int>(fd), port)) continue;
    int family = AF_INET;
    sockaddr_storage addr{};
    socklen_t addr_len = sizeof(addr);
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&addr), &addr_len) == 0) {
      family = addr.ss_family;
    }
    int placeholder = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (placeholder < 0) continue;
    // Atomically swaps the fd's file description: the listening socket loses its last
    // reference, is closed by the kernel and leaves the acceptor's epoll set.
    if (::dup2(placeholder, static_cast<int>(fd)) >= 0) stopped = true;
    ::close(placeholder);
  }
  closedir(dir);
  return stopped;
}

}  // namespace atrium::host::server
