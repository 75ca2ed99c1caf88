#include <stdexcept>

#include <gtest/gtest.h>

#include "host/config/host_config.hpp"

namespace atrium::host::config {
namespace {

TEST(ListenAddressTest, HostAndPort) {
  const ListenAddress a = parseListenAddress("127.0.0.1:8080");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 8080);
  const ListenAddress b = parseListenAddress("localhost:65535");
  EXPECT_EQ(b.host, "localhost");
  EXPECT_EQ(b.port, 65535);
}

TEST(ListenAddressTest, PortOnlyMeansAllInterfaces) {
  const ListenAddress a = parseListenAddress(":9000");
  EXPECT_EQ(a.host, "0.0.0.0");
  EXPECT_EQ(a.port, 9000);
}

TEST(ListenAddressTest, PortZeroIsAllowed) { EXPECT_EQ(parseListenAddress("127.0.0.1:0").port, 0); }

TEST(ListenAddressTest, Ipv6InBrackets) {
  const ListenAddress a = parseListenAddress("[::1]:8443");
  EXPECT_EQ(a.host, "::1");
  EXPECT_EQ(a.port, 8443);
}

void expectInvalid(const std::string& text, const std::string& message) {
  try {
    parseListenAddress(text);
    ADD_FAILURE() << "accepted '" << text << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(e.what(), message);
  }
}

TEST(ListenAddressTest, RejectsBadAddresses) {
  expectInvalid("127.0.0.1:65536",
                "invalid listen address '127.0.0.1:65536': port 65536 is out of range 0..65535");
  expectInvalid("h:99999999999999999999",
                "invalid listen address 'h:99999999999999999999': port 99999999999999999999 is out "
                "of range 0..65535");
  expectInvalid("h:-1", "invalid listen address 'h:-1': port '-1' is not a number");
  expectInvalid("h:80a", "invalid listen address 'h:80a': port '80a' is not a number");
  expectInvalid("h:", "invalid listen address 'h:': the port is missing (expected HOST:PORT)");
  expectInvalid("8080", "invalid listen address '8080': expected HOST:PORT, [IPv6]:PORT or :PORT");
  expectInvalid("", "invalid listen address '': expected HOST:PORT, [IPv6]:PORT or :PORT");
  expectInvalid("::1:80",
                "invalid listen address '::1:80': write IPv6 addresses in brackets: [::1]:8080");
  expectInvalid("[::1]8080", "invalid listen address '[::1]8080': expected ':PORT' after ']'");
  expectInvalid("[::1:8080",
                "invalid listen address '[::1:8080': missing ']' after the IPv6 address");
  expectInvalid("[]:80",
                "invalid listen address '[]:80': the IPv6 address between '[' and ']' is empty");
  expectInvalid("my host:80",
                "invalid listen address 'my host:80': the host 'my host' contains ' '");
}

}  // namespace
}  // namespace atrium::host::config
