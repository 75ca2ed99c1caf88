#include "host/plugin/plugin_loader.hpp"

#include <gtest/gtest.h>

#include "atrium/abi.h"
#include "host/plugin/plugin_error.hpp"
#include "tests/host/plugin/plugin_test_support.hpp"

namespace atrium::host::plugin {
namespace {

// The ABI version this host speaks, as messages print it ("1.5").
std::string hostAbi() {
  return std::to_string(ATRIUM_ABI_MAJOR) + "." + std::to_string(ATRIUM_ABI_MINOR);
}

using test::fixture;

class PluginLoaderTest : public ::testing::Test {
 protected:
  std::string loadError(const std::string& file) {
    try {
      loadPlugin(file, sink_);
    } catch (const PluginError& e) {
      return e.what();
    }
    ADD_FAILURE() << "loading " << file << " did not fail";
    return {};
  }
  common::LogSink sink_{2};
};

TEST_F(PluginLoaderTest, LoadsTheCppTestkitAndCopiesItsDescriptor) {
  auto plugin = loadPlugin(fixture("testkit"), sink_);
  EXPECT_EQ(plugin->name(), "testkit");
  EXPECT_EQ(plugin->version(), "1.0.0");
  EXPECT_EQ(plugin->file(), fixture("testkit"));
  EXPECT_EQ(plugin->abiMajor(), ATRIUM_ABI_MAJOR);
  EXPECT_EQ(plugin->abiMinor(), ATRIUM_ABI_MINOR);
  EXPECT_NE(plugin->configSchemaYaml().find("greeting:"), std::string::npos);
  EXPECT_FALSE(plugin->started());
  std::vector<std::string> ids;
  for (const auto& handler : plugin->handlers()) ids.push_back(handler.id);
  for (const char* id : {"testkit.echo", "testkit.sleep", "testkit.throw", "testkit.http_error",
                         "testkit.json", "testkit.headers", "testkit.config"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  for (const auto& handler : plugin->handlers()) {
    EXPECT_EQ(handler.nonblocking(), handler.id == "testkit.json") << handler.id;
    EXPECT_FALSE(handler.description.empty()) << handler.id;
  }
}

TEST_F(PluginLoaderTest, LoadsThePlainCPlugin) {
  auto plugin = loadPlugin(fixture("c_plugin"), sink_);
  EXPECT_EQ(plugin->name(), "c_plugin");
  EXPECT_EQ(plugin->version(), "0.1.0");
  ASSERT_EQ(plugin->handlers().size(), 1u);
  EXPECT_EQ(plugin->handlers()[0].id, "c_plugin.hello");
  EXPECT_TRUE(plugin->handlers()[0].nonblocking());
  EXPECT_EQ(plugin->configSchemaYaml(), "");
}

TEST_F(PluginLoaderTest, TheSameFileCanBeLoadedTwiceWithIndependentState) {
  auto first = loadPlugin(fixture("testkit"), sink_);
  auto second = loadPlugin(fixture("testkit"), sink_);
  first->start("{}");
  second->start("{}");
  first.reset();  // stops and unloads one instance; the other keeps working
  EXPECT_TRUE(second->started());
}

TEST_F(PluginLoaderTest, MissingFileNamesTheFileAndTheFix) {
  const std::string file = "/nonexistent/dir/ghost.so";
  EXPECT_EQ(loadError(file),
            "plugin file not found: /nonexistent/dir/ghost.so; check the plugin's `file:` path "
            "(relative paths resolve against the config file's directory) and that the plugin "
            "was built");
}

TEST_F(PluginLoaderTest, DlopenFailureCarriesTheDlerrorText) {
  atrium::testing::TempDir dir("atrium-plugin");
  const std::string file = dir.write("garbage.so", "this is not an ELF file").string();
  const std::string error = loadError(file);
  EXPECT_EQ(error.rfind("cannot load plugin " + file + ": ", 0), 0u) << error;
  EXPECT_NE(error.find("garbage.so"), std::string::npos) << error;  // dlerror names it too
  EXPECT_NE(error.find("; check that it is a shared library built for this platform and that "
                       "its dependencies resolve (ldd " +
                       file + ")"),
            std::string::npos)
      << error;
}

TEST_F(PluginLoaderTest, MissingInitSymbolAsksAboutTheExportMacro) {
  EXPECT_EQ(loadError(fixture("no_symbol")),
            fixture("no_symbol") +
                ": no exported symbol atrium_plugin_init; is it built with "
                "ATRIUM_EXPORT_PLUGIN? (a C plugin defines `ATRIUM_EXPORT atrium_status "
                "atrium_plugin_init(...)`)");
}

TEST_F(PluginLoaderTest, AbiMajorMismatchNamesBothVersionsAndTheFix) {
  EXPECT_EQ(loadError(fixture("abi_mismatch")),
            fixture("abi_mismatch") + ": plugin built for ABI 99.0, host speaks " + hostAbi() +
                "; rebuild the plugin against this "
                "host's SDK");
}

TEST_F(PluginLoaderTest, InitFailureCarriesThePluginsMessage) {
  EXPECT_EQ(loadError(fixture("init_fails")),
            fixture("init_fails") +
                ": atrium_plugin_init failed (status 5 internal): init_fails: the license file "
                "/nonexistent/license.key is missing");
}

TEST_F(PluginLoaderTest, DuplicateHandlerIdsAreRefused) {
  EXPECT_EQ(loadError(fixture("dup_handler")),
            fixture("dup_handler") +
                ": plugin 'dup_handler' registers handler 'dup_handler.same' twice; handler ids "
                "must be unique");
}

TEST_F(PluginLoaderTest, HandlerIdsMustCarryThePluginPrefix) {
  EXPECT_EQ(loadError(fixture("bad_prefix")),
            fixture("bad_prefix") +
                ": handler id 'other.thing' of plugin 'bad_prefix' must start with "
                "'bad_prefix.'; rename it, e.g. 'bad_prefix.thing'");
}

TEST_F(PluginLoaderTest, StartPassesTheConfigAndReportsStartFailures) {
  auto plugin = loadPlugin(fixture("testkit"), sink_);
  try {
    plugin->start(R"({"greeting":"hi","delay_ms":0,"fail_start":true})");
    FAIL() << "start did not fail";
  } catch (const PluginError& e) {
    EXPECT_EQ(std::string(e.what()), "plugin 'testkit' (" + fixture("testkit") +
                                         ") failed to start (status 5 internal): fail_start "
                                         "is set in testkit's config");
  }
  EXPECT_FALSE(plugin->started());
}

}  // namespace
}  // namespace atrium::host::plugin
