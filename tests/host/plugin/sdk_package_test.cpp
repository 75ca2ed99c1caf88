// The SDK as an installed CMake package, for real: install the "sdk" component of this build
// into a temp prefix, build sdk/examples/hello out of tree against it, then load the produced
// hello.so with the host's plugin manager and call hello.greet.
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "host/plugin/plugin_manager.hpp"
#include "tests/host/plugin/plugin_test_support.hpp"

namespace atrium::host::plugin {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

class SdkPackageTest : public ::testing::Test {
 protected:
  // Runs a shell command, appending its output to the log; on failure the log is printed.
  void run(const std::string& command) {
    const std::string full = command + " >>" + quoted(log_) + " 2>&1";
    const int status = std::system(full.c_str());
    ASSERT_EQ(status, 0) << command << "\n--- output ---\n" << atrium::testing::readFile(log_);
  }

  atrium::testing::TempDir dir_{"atrium-sdk-package"};
  fs::path log_ = dir_ / "commands.log";
};

TEST_F(SdkPackageTest, InstalledSdkBuildsTheHelloExampleWhichTheHostLoads) {
  const fs::path prefix = dir_ / "prefix";
  const fs::path build = dir_ / "hello-build";
  atrium::testing::writeFile(log_, "");
  run("cmake --install " + quoted(atrium::testing::binaryDir()) + " --prefix " + quoted(prefix) +
      " --component sdk");
  EXPECT_TRUE(fs::exists(prefix / "include/atrium/abi.h"));
  EXPECT_TRUE(fs::exists(prefix / "include/atrium/sdk.hpp"));
  EXPECT_TRUE(fs::exists(prefix / "include/atrium/detail/plugin_state.hpp"));
  for (const char* file : {"AtriumSDKConfig.cmake", "AtriumSDKConfigVersion.cmake",
                           "AtriumSDKTargets.cmake", "AtriumPlugin.cmake"}) {
    EXPECT_TRUE(fs::exists(prefix / "lib/cmake/AtriumSDK" / file)) << file;
  }
  EXPECT_FALSE(fs::exists(prefix / "bin/atrium")) << "the sdk component must not carry the host";

  // Out of tree: the example's sources are copied so nothing resolves against the checkout.
  const fs::path source = dir_ / "hello-src";
  fs::copy(atrium::testing::sourceDir() / "sdk/examples/hello", source,
           fs::copy_options::recursive);
  run("cmake -S " + quoted(source) + " -B " + quoted(build) + " -DCMAKE_BUILD_TYPE=Release" +
      " -DCMAKE_PREFIX_PATH=" + quoted(prefix));
  run("cmake --build " + quoted(build) + " -j2");
  const fs::path plugin_file = build / "hello.so";
  ASSERT_TRUE(fs::exists(plugin_file));

  config::HostConfig config;
  config::PluginConfig entry;
  entry.name = "hello";
  entry.file = plugin_file.string();
  entry.config = YAML::Load("greeting: Salom");
  entry.mark = config::SourceMark{"app.yaml", 2, 5};
  config.plugins.push_back(entry);
  common::LogSink sink(2);
  PluginManager manager(sink);
  manager.loadAll(config);

  const HandlerEntry* greet = manager.findHandler("hello.greet");
  ASSERT_NE(greet, nullptr);
  EXPECT_TRUE(greet->nonblocking);
  http::Request request = test::makeRequest("GET", "/hello");
  request.query = {{"name", "Ada"}};
  http::Response response;
  greet->invoke(request, response);
  ASSERT_FALSE(response.has_error) << response.error.internal_detail;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body), json({{"message", "Salom, Ada!"}}));

  request.query = {{"name", std::string(101, 'x')}};
  http::Response too_long;
  greet->invoke(request, too_long);
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(too_long.error.code, "invalid_name");
}

}  // namespace
}  // namespace atrium::host::plugin
