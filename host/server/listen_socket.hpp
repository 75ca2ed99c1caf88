#pragma once

#include <cstdint>

namespace atrium::host::server {

// Stops accepting new connections on the listening TCP socket bound to `port` in this process,
// without touching established connections: the listening socket is replaced (dup2) by an
// unbound one, so the kernel refuses new connections while in-flight requests finish.
// Pistache 0.0.5 offers no way to stop its acceptor alone (PLATFORM_NOTES.md). Returns false
// when no such socket was found.
bool stopListening(uint16_t port);

}  // namespace atrium::host::server
