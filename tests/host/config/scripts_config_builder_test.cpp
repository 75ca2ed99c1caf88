// The `scripts:` block (host/config/scripts_config_builder.cpp).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "host/config/config_error.hpp"
#include "host/config/config_loader.hpp"
#include "tests/host/config/temp_dir.hpp"

namespace atrium::host::config {
namespace {

using std::chrono::milliseconds;

class ScriptsConfigBuilderTest : public ::testing::Test {
 protected:
  HostConfig load(const std::string& text) {
    const std::string path = dir_.write("config/app.yaml", text);
    return loadHostConfig(path, [](const std::string&) { return std::nullopt; }, {}, {"/sql"});
  }
  testing::TempDir dir_;
};

TEST_F(ScriptsConfigBuilderTest, DefaultsWithoutAScriptsBlock) {
  const ScriptsConfig scripts = load("product: kaya\n").scripts;
  EXPECT_EQ(scripts.dir,
            std::filesystem::weakly_canonical(dir_.path() + "/config/../scripts").string());
  EXPECT_EQ(scripts.reload_interval, milliseconds(250));
  EXPECT_EQ(scripts.instruction_limit, 12'000'000u);
  EXPECT_EQ(scripts.memory_limit_bytes, 32u * 1024 * 1024);
  EXPECT_EQ(scripts.time_limit, milliseconds(500));
  EXPECT_TRUE(scripts.limits.empty());
  EXPECT_TRUE(scripts.config.empty());
}

TEST_F(ScriptsConfigBuilderTest, EveryKey) {
  const ScriptsConfig scripts = load(R"(scripts:
  dir: /srv/scripts
  reload_interval: 0
  instruction_limit: 5000
  memory_limit: 16MiB
  time_limit: 2s
  limits:
    kaya/rules/xp: {instruction_limit: 200000, time_limit: 50ms}
    kaya/prompts/coach: {memory_limit: 12MiB}
  config:
    kaya/rules/xp: {levels: [0, 100, 250]}
    kaya/messages/welcome: "hello"
)")
                                    .scripts;
  EXPECT_EQ(scripts.dir, "/srv/scripts");
  EXPECT_EQ(scripts.reload_interval, milliseconds(0));
  EXPECT_EQ(scripts.instruction_limit, 5000u);
  EXPECT_EQ(scripts.memory_limit_bytes, 16u * 1024 * 1024);
  ASSERT_EQ(scripts.limits.size(), 2u);
  EXPECT_EQ(scripts.limits.at("kaya/rules/xp").instruction_limit, 200000u);
  EXPECT_FALSE(scripts.limits.at("kaya/rules/xp").memory_limit_bytes.has_value());
  EXPECT_EQ(scripts.limits.at("kaya/rules/xp").time_limit, milliseconds(50));
  EXPECT_EQ(scripts.time_limit, milliseconds(2000));
  EXPECT_EQ(scripts.limits.at("kaya/prompts/coach").memory_limit_bytes, 12u * 1024 * 1024);
  EXPECT_EQ(scripts.config.at("kaya/rules/xp"), nlohmann::json::parse(R"({"levels":[0,100,250]})"));
  EXPECT_EQ(scripts.config.at("kaya/messages/welcome"), "hello");
}

TEST_F(ScriptsConfigBuilderTest, BadValuesAreLocated) {
  try {
    load("scripts:\n  instruction_limit: 10\n  memory_limit: 1KiB\n  colour: red\n");
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    const std::string text = e.what();
    EXPECT_NE(
        text.find("app.yaml:2:22: scripts.instruction_limit: value 10 is below the minimum 1000"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("scripts.memory_limit"), std::string::npos) << text;
    EXPECT_NE(text.find("scripts.colour"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace atrium::host::config
