#pragma once

#include <functional>
#include <memory>
#include <string>

#include <pistache/http.h>

#include "host/http/request.hpp"
#include "host/http/response.hpp"

namespace atrium::host::server {

// All of a response's own header lines as ONE Pistache header object. Pistache writes each
// header object as `name() ": " write() CRLF`, so an object whose value continues with further
// "CRLF Name: value" lines emits them all. Adding headers one by one costs several heap
// allocations each in Pistache's case-insensitive header map; this costs one per response.
// Lines whose name is not an HTTP token or whose value holds CR, LF or NUL are dropped:
// plugin headers are checked at the ABI already, this also guards config-provided values.
class HeaderBlock : public Pistache::Http::Header::Header {
 public:
  // False when `response` has no header lines at all (nothing to add).
  bool build(const http::Response& response);
  const char* name() const override { return first_name_.c_str(); }
  void write(std::ostream& stream) const override { stream << rest_; }
#ifdef SAFE_HEADER_CAST
  uint64_t hash() const override { return std::hash<std::string>{}(first_name_); }
#endif

 private:
  std::string first_name_;
  std::string rest_;  // first value, then "\r\nName: value" for every further line
};

// Copies what the host needs out of Pistache's request (which Pistache reuses after
// onRequest returns). Query values are percent-decoded ('+' is a space).
http::Request toHostRequest(const Pistache::Http::Request& request);

// Writes `response` (status, headers, body) through Pistache. The promise settles when the
// bytes have been written to the socket (or the write failed): a write made off the reactor
// thread is only queued when this returns.
Pistache::Async::Promise<ssize_t> sendHostResponse(Pistache::Http::ResponseWriter& writer,
                                                   const http::Response& response, bool head_only);

}  // namespace atrium::host::server
