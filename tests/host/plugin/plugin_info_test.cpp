#include "host/plugin/plugin_info.hpp"

#include <gtest/gtest.h>

#include "atrium/abi.h"
#include "host/plugin/plugin_error.hpp"
#include "tests/host/plugin/plugin_test_support.hpp"

namespace atrium::host::plugin {
namespace {

const std::string kAbi = std::to_string(ATRIUM_ABI_MAJOR) + "." + std::to_string(ATRIUM_ABI_MINOR);

using test::fixture;

TEST(PluginInfoTest, InspectsWithoutStarting) {
  const PluginInfo info = inspectPlugin(fixture("testkit"));
  EXPECT_EQ(info.name, "testkit");
  EXPECT_EQ(info.version, "1.0.0");
  EXPECT_EQ(info.abi_major, ATRIUM_ABI_MAJOR);
  EXPECT_EQ(info.handlers.size(), 12u);
  EXPECT_NE(info.config_schema_yaml.find("delay_ms"), std::string::npos);
  EXPECT_NE(info.config_schema_description.find("greeting (string, default"), std::string::npos)
      << info.config_schema_description;
  EXPECT_EQ(info.config_schema_error, "");
}

TEST(PluginInfoTest, RendersAReadableSummary) {
  const std::string text = renderPluginInfo(inspectPlugin(fixture("testkit")));
  for (const std::string& expected : std::initializer_list<std::string>{
           "Plugin:      testkit 1.0.0\n",
           "ABI:         " + kAbi + " (this host speaks " + kAbi + ")\n", "Handlers (12):\n",
           "  testkit.json        [nonblocking] Returns a small constant JSON object\n",
           "  testkit.echo        Echoes the request",
           "Config:\n  greeting (string, default \"hello\"): Returned by testkit.config\n",
           "Config schema (YAML, as declared):\n  type: object\n"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n--- in ---\n" << text;
  }
}

TEST(PluginInfoTest, RendersAPluginWithoutConfig) {
  const std::string text = renderPluginInfo(inspectPlugin(fixture("c_plugin")));
  EXPECT_EQ(text,
            "Plugin:      c_plugin 0.1.0\n"
            "Description: A plugin written in plain C against atrium/abi.h\n"
            "File:        " +
                fixture("c_plugin") +
                "\n"
                "ABI:         " +
                kAbi + " (this host speaks " + kAbi +
                ")\n"
                "\n"
                "Handlers (1):\n"
                "  c_plugin.hello  [nonblocking] Says hello from C; ?name= is echoed back\n"
                "\n"
                "Migrations: (none)\n"
                "\n"
                "Config:\n"
                "  (takes no config; any key under `config:` is an error)\n");
}

TEST(PluginInfoTest, LoadErrorsPropagate) {
  EXPECT_THROW(inspectPlugin(fixture("abi_mismatch")), PluginError);
}

}  // namespace
}  // namespace atrium::host::plugin
