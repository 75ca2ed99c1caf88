#include "host/http/http_date.hpp"

#include <gtest/gtest.h>

namespace atrium::host::http {
namespace {

TEST(HttpDateTest, FormatsAndParsesImfFixdate) {
  const auto at = std::chrono::system_clock::from_time_t(784111777);
  EXPECT_EQ(formatHttpDate(at), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), at);
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  EXPECT_EQ(parseHttpDate(formatHttpDate(now)), now);
}

TEST(HttpDateTest, OtherFormsAreNotDates) {
  EXPECT_FALSE(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(parseHttpDate("Sun Nov  6 08:49:37 1994"));
  EXPECT_FALSE(parseHttpDate("Sun, 06 Nov 1994 08:49:37 UTC"));
  EXPECT_FALSE(parseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT"));
  EXPECT_FALSE(parseHttpDate("Sun, 32 Nov 1994 08:49:37 GMT"));
  EXPECT_FALSE(parseHttpDate("Sun, 06 Nov 1994 25:49:37 GMT"));
  EXPECT_FALSE(parseHttpDate(""));
}

}  // namespace
}  // namespace atrium::host::http
