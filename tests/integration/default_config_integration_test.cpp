// config/default.yaml is what `make run` serves: it must stay valid and answer.
#include <gtest/gtest.h>

#include "tests/support/temp_dir.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

TEST(DefaultConfigTest, ServesTheHelloExample) {
  TestServer server(readFile(sourceDir() / "config" / "default.yaml"));
  auto res = server.client().get("/api/hello?name=Ada");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["message"], "Hello, Ada!");
  EXPECT_EQ(server.client().get("/health").status, 200);
}

TEST(DefaultConfigTest, GreetingComesFromTheEnvironment) {
  TestServerOptions options;
  options.env["ATRIUM_GREETING"] = "Salom";
  TestServer server(readFile(sourceDir() / "config" / "default.yaml"), options);
  EXPECT_EQ(server.client().get("/api/hello?name=Ada").json()["message"], "Salom, Ada!");
}

}  // namespace
}  // namespace atrium::testing
