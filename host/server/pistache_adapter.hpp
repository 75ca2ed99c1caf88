#pragma once

#include <functional>
#include <memory>
#include <string>

#include <pistache/http.h>

#include "host/http/request.hpp"
#include "host/http/response.hpp"

namespace atrium::host::server {

// A response header whose name is chosen at run time. Pistache 0.0.5 silently drops headers
// added with addRaw(); typed headers are written, so custom names go through this class.
class DynamicHeader : public Pistache::Http::Header::Header {
 public:
  DynamicHeader(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void write(std::ostream& stream) const override { stream << value_; }
  void parse(const std::string& data) override { value_ = data; }
#ifdef SAFE_HEADER_CAST
  // Only consulted by typed lookups (tryGet<T>), which never target a dynamic header.
  uint64_t hash() const override { return std::hash<std::string>{}(name_); }
#endif

 private:
  std::string name_;
  std::string value_;
};

// Copies what the host needs out of Pistache's request (which Pistache reuses after
// onRequest returns). Query values are percent-decoded ('+' is a space).
http::Request toHostRequest(const Pistache::Http::Request& request);

// Writes `response` (status, headers, body) through Pistache. Returns bytes of body sent.
size_t sendHostResponse(Pistache::Http::ResponseWriter& writer, const http::Response& response,
                        bool head_only);

}  // namespace atrium::host::server
