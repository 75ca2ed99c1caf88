// The command line: --version, --help, check-config, plugin info, load errors.
#include <gtest/gtest.h>

#include "tests/integration/integration_config.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliTest, Version) {
  auto result = runAtrium({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(contains(result.stdout_text, "atrium ")) << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text, "plugin ABI 1.")) << result.stdout_text;
}

TEST(CliTest, HelpEverywhere) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"},
                                                                {"serve", "--help"},
                                                                {"check-config", "--help"},
                                                                {"plugin", "info", "--help"}}) {
    auto result = runAtrium(args);
    EXPECT_EQ(result.exit_code, 0) << args[0];
    EXPECT_TRUE(contains(result.stdout_text, "Usage")) << result.stdout_text;
  }
}

TEST(CliTest, UnknownCommandAndOptionAreUsageErrors) {
  EXPECT_EQ(runAtrium({"frobnicate"}).exit_code, 2);
  auto result = runAtrium({"serve", "--config", "x.yaml", "--bogus"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.stderr_text, "unknown option --bogus")) << result.stderr_text;
  EXPECT_EQ(runAtrium({"check-config"}).exit_code, 2);
}

TEST(CliTest, CheckConfigAcceptsAValidConfig) {
  TempDir dir;
  dir.write("c.yaml", hostCoreConfig());
  auto result = runAtrium({"check-config", "--config", (dir / "c.yaml").string()});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_TRUE(contains(result.stdout_text, "config OK")) << result.stdout_text;
}

TEST(CliTest, CheckConfigNamesFileLineColumnAndKey) {
  TempDir dir;
  dir.write("c.yaml", "product: x\nserver:\n  lisen: \"127.0.0.1:1\"\n");
  auto result = runAtrium({"check-config", "--config", (dir / "c.yaml").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.stderr_text, "c.yaml:3:3")) << result.stderr_text;
  EXPECT_TRUE(contains(result.stderr_text, "lisen")) << result.stderr_text;
}

TEST(CliTest, CheckConfigValidatesPluginConfigAgainstItsSchema) {
  TempDir dir;
  std::string config = hostCoreConfig();
  const std::string good = "greeting: \"hi there\"";
  config.replace(config.find(good), good.size(), "greeting: 12\n      colour: blue");
  dir.write("c.yaml", config);
  auto result = runAtrium({"check-config", "--config", (dir / "c.yaml").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.stderr_text, "colour")) << result.stderr_text;
}

TEST(CliTest, CheckConfigMissingEnvVariable) {
  TempDir dir;
  dir.write("c.yaml", "product: x\nserver:\n  listen: \"${ATRIUM_TEST_SURELY_UNSET_VAR}\"\n");
  auto result = runAtrium({"check-config", "--config", (dir / "c.yaml").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.stderr_text, "ATRIUM_TEST_SURELY_UNSET_VAR")) << result.stderr_text;
}

TEST(CliTest, CheckConfigMissingFile) {
  auto result = runAtrium({"check-config", "--config", "/nonexistent/atrium.yaml"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.stderr_text, "/nonexistent/atrium.yaml")) << result.stderr_text;
}

TEST(CliTest, PluginInfoDescribesThePlugin) {
  auto result = runAtrium({"plugin", "info", (testPluginDir() / "testkit.so").string()});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  for (const char* part : {"testkit", "1.0.0", "testkit.echo", "testkit.sleep", "greeting"}) {
    EXPECT_TRUE(contains(result.stdout_text, part)) << part << "\n" << result.stdout_text;
  }
}

TEST(CliTest, PluginInfoOnAbiMismatchExplainsTheFix) {
  auto result = runAtrium({"plugin", "info", (testPluginDir() / "abi_mismatch.so").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.stderr_text, "abi_mismatch.so")) << result.stderr_text;
  EXPECT_TRUE(contains(result.stderr_text, "rebuild the plugin")) << result.stderr_text;
}

TEST(CliTest, PluginInfoOnMissingFile) {
  auto result = runAtrium({"plugin", "info", "/nonexistent/x.so"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.stderr_text, "/nonexistent/x.so")) << result.stderr_text;
}

TEST(CliTest, ServeRefusesPluginWithoutEntrySymbol) {
  TempDir dir;
  dir.write("c.yaml", "product: x\nplugins:\n  - name: no_symbol\n    file: \"" +
                          (testPluginDir() / "no_symbol.so").string() + "\"\n");
  auto result = runAtrium({"serve", "--config", (dir / "c.yaml").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.stderr_text, "atrium_plugin_init")) << result.stderr_text;
}

}  // namespace
}  // namespace atrium::testing
