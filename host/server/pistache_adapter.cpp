#include "host/server/pistache_adapter.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <sstream>

#include "host/http/header_syntax.hpp"
#include "host/http/router.hpp"

namespace atrium::host::server {

namespace PH = Pistache::Http;

namespace {

std::string decodeQueryComponent(const std::string& raw) {
  std::string spaced = raw;
  std::replace(spaced.begin(), spaced.end(), '+', ' ');
  std::string decoded;
  if (!http::percentDecode(spaced, decoded)) return spaced;  // keep malformed input verbatim
  return decoded;
}

std::string versionText(PH::Version version) {
  return version == PH::Version::Http10 ? "HTTP/1.0" : "HTTP/1.1";
}

}  // namespace

http::Request toHostRequest(const PH::Request& request) {
  http::Request out;
  out.method = PH::methodString(request.method());
  out.path = request.resource();
  out.http_version = versionText(request.version());
  out.raw_target = out.path + request.query().as_str();
  for (auto it = request.query().parameters_begin(); it != request.query().parameters_end(); ++it) {
    out.query.emplace_back(decodeQueryComponent(it->first), decodeQueryComponent(it->second));
  }
  // Pistache keeps query parameters in an unordered map: sort for a deterministic order.
  std::sort(out.query.begin(), out.query.end());
  const auto& headers = request.headers();
  // Pistache parses well-known headers into typed objects that can only be written to a stream.
  // Constructing an ostream costs a locale lookup, so each thread keeps one and reuses it.
  thread_local std::ostringstream value;
  const auto typed = headers.list();
  out.headers.reserve(typed.size() + headers.rawList().size());
  for (const auto& header : typed) {
    value.str(std::string());
    value.clear();
    header->write(value);
    out.headers.emplace_back(header->name(), value.str());
  }
  for (const auto& [name, raw] : headers.rawList()) {
    out.headers.emplace_back(raw.name(), raw.value());
  }
  out.body = request.body();
  out.client_ip = request.address().host();
  // Pistache 0.0.5 reports the port in network byte order.
  out.client_port = ntohs(static_cast<uint16_t>(request.address().port()));
  return out;
}

bool HeaderBlock::build(const http::Response& response) {
  size_t size = response.content_type.size() + 16;
  for (const auto& [name, value] : response.headers) size += name.size() + value.size() + 4;
  rest_.reserve(size);
  auto append = [this](std::string_view name, std::string_view value) {
    if (!http::isHeaderName(name) || !http::isHeaderValue(value)) return;
    if (first_name_.empty()) {
      first_name_ = name;
    } else {
      rest_.append("\r\n").append(name).append(": ");
    }
    rest_.append(value);
  };
  if (!response.content_type.empty()) append("Content-Type", response.content_type);
  for (const auto& [name, value] : response.headers) append(name, value);
  return !first_name_.empty();
}

Pistache::Async::Promise<ssize_t> sendHostResponse(PH::ResponseWriter& writer,
                                                   const http::Response& response, bool head_only) {
  auto block = std::make_shared<HeaderBlock>();
  if (block->build(response)) writer.headers().add(block);
  auto code = static_cast<PH::Code>(response.status);
  if (head_only) return writer.send(code, nullptr, 0, PH::Mime::MediaType());
  return writer.send(code, response.body.data(), response.body.size(), PH::Mime::MediaType());
}

}  // namespace atrium::host::server
