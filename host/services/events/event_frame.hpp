#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace atrium::host::events {

// The text/event-stream wire format (WHATWG HTML, "Server-sent events"). `data` may hold
// newlines: each line becomes its own `data:` field. CR and LF are removed from `name`.
std::string formatEvent(uint64_t id, std::string_view name, std::string_view data);
// A comment line (": text"), ignored by clients; keeps proxies from closing an idle stream.
std::string formatComment(std::string_view text);
// Tells the client how long to wait before reconnecting.
std::string formatRetry(int64_t milliseconds);

}  // namespace atrium::host::events
