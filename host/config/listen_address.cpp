// parseListenAddress (declared in host_config.hpp).
#include <charconv>
#include <stdexcept>

#include "host/config/host_config.hpp"

namespace atrium::host::config {
namespace {

[[noreturn]] void fail(const std::string& text, const std::string& why) {
  throw std::invalid_argument("invalid listen address '" + text + "': " + why);
}

uint16_t parsePort(const std::string& text, std::string_view port) {
  if (port.empty()) fail(text, "the port is missing (expected HOST:PORT)");
  unsigned value = 0;
  const auto result = std::from_chars(port.data(), port.data() + port.size(), value);
  if (result.ec == std::errc::result_out_of_range ||
      (result.ec == std::errc() && result.ptr == port.data() + port.size() && value > 65535)) {
    fail(text, "port " + std::string(port) + " is out of range 0..65535");
  }
  if (result.ec != std::errc() || result.ptr != port.data() + port.size()) {
    fail(text, "port '" + std::string(port) + "' is not a number");
  }
  return static_cast<uint16_t>(value);
}

void checkHost(const std::string& text, std::string_view host) {
  for (const char c : host) {
    if (c == ' ' || c == '\t' || c == '/' || c == '[' || c == ']') {
      fail(text, "the host '" + std::string(host) + "' contains '" + std::string(1, c) + "'");
    }
  }
}

}  // namespace

ListenAddress parseListenAddress(const std::string& text) {
  ListenAddress address;
  std::string_view rest = text;
  if (!rest.empty() && rest.front() == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) fail(text, "missing ']' after the IPv6 address");
    address.host = std::string(rest.substr(1, close - 1));
    if (address.host.empty()) fail(text, "the IPv6 address between '[' and ']' is empty");
    rest.remove_prefix(close + 1);
    if (rest.empty() || rest.front() != ':') fail(text, "expected ':PORT' after ']'");
    checkHost(text, address.host);
    address.port = parsePort(text, rest.substr(1));
    return address;
  }
  const size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos) {
    fail(text, "expected HOST:PORT, [IPv6]:PORT or :PORT");
  }
  const std::string_view host = rest.substr(0, colon);
  if (host.find(':') != std::string_view::npos) {
    fail(text, "write IPv6 addresses in brackets: [::1]:8080");
  }
  checkHost(text, host);
  address.host = host.empty() ? "0.0.0.0" : std::string(host);
  address.port = parsePort(text, rest.substr(colon + 1));
  return address;
}

}  // namespace atrium::host::config
