#include "host/server/pistache_adapter.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <sstream>

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
  for (const auto& header : headers.list()) {
    std::ostringstream value;
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

size_t sendHostResponse(PH::ResponseWriter& writer, const http::Response& response,
                        bool head_only) {
  auto& headers = writer.headers();
  for (const auto& [name, value] : response.headers) {
    headers.add(std::make_shared<DynamicHeader>(name, value));
  }
  if (!response.content_type.empty()) {
    headers.add(std::make_shared<DynamicHeader>("Content-Type", response.content_type));
  }
  auto code = static_cast<PH::Code>(response.status);
  if (head_only) {
    writer.send(code, nullptr, 0, PH::Mime::MediaType());
    return 0;
  }
  writer.send(code, response.body.data(), response.body.size(), PH::Mime::MediaType());
  return response.body.size();
}

}  // namespace atrium::host::server
