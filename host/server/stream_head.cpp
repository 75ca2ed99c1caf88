#include "host/server/stream_head.hpp"

#include <string_view>

namespace atrium::host::server {

namespace {

void appendClean(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
}

void appendHeader(std::string& out, std::string_view name, std::string_view value) {
  appendClean(out, name);
  out += ": ";
  appendClean(out, value);
  out += "\r\n";
}

}  // namespace

std::string renderStreamHead(const http::Response& response) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " OK\r\n";
  if (!response.content_type.empty()) appendHeader(out, "Content-Type", response.content_type);
  for (const auto& [name, value] : response.headers) {
    if (http::equalsIgnoreCase(name, "Connection") ||
        http::equalsIgnoreCase(name, "Content-Length") ||
        http::equalsIgnoreCase(name, "Transfer-Encoding")) {
      continue;
    }
    appendHeader(out, name, value);
  }
  appendHeader(out, "Connection", "close");
  out += "\r\n";
  return out;
}

}  // namespace atrium::host::server
