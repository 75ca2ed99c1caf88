#include "host/services/events/event_frame.hpp"

namespace atrium::host::events {

namespace {

void appendField(std::string& out, std::string_view field, std::string_view value) {
  out.append(field);
  out.append(": ");
  for (char c : value) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  out.push_back('\n');
}

}  // namespace

std::string formatEvent(uint64_t id, std::string_view name, std::string_view data) {
  std::string out;
  out.reserve(data.size() + name.size() + 40);
  appendField(out, "id", std::to_string(id));
  if (!name.empty()) appendField(out, "event", name);
  size_t start = 0;
  for (;;) {
    size_t end = data.find_first_of("\r\n", start);
    appendField(out, "data", data.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + ((data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n') ? 2 : 1);
  }
  out.push_back('\n');
  return out;
}

std::string formatComment(std::string_view text) {
  std::string out;
  appendField(out, "", text);
  return out + "\n";
}

std::string formatRetry(int64_t milliseconds) {
  return "retry: " + std::to_string(milliseconds) + "\n\n";
}

}  // namespace atrium::host::events
