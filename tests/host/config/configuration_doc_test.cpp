// Keeps docs/configuration.md honest: its key reference is the schema's describe() output, its
// example config loads, and its example plugin schema parses.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "host/config/config_error.hpp"
#include "host/config/config_loader.hpp"
#include "host/config/host_schema.hpp"
#include "tests/host/config/temp_dir.hpp"

namespace atrium::host::config {
namespace {

constexpr const char* kBegin =
    "<!-- BEGIN host-schema-reference (generated: Schema::describe) -->\n```text\n";
constexpr const char* kEnd = "```\n<!-- END host-schema-reference -->";

std::string readDoc() {
  std::ifstream in(std::string(ATRIUM_SOURCE_DIR) + "/docs/configuration.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first ```yaml block after `heading`.
std::string yamlBlockAfter(const std::string& doc, const std::string& heading) {
  const size_t at = doc.find(heading);
  if (at == std::string::npos) return "";
  const size_t start = doc.find("```yaml\n", at);
  if (start == std::string::npos) return "";
  const size_t end = doc.find("```\n", start + 8);
  return doc.substr(start + 8, end - start - 8);
}

TEST(ConfigurationDocTest, ReferenceListsEveryKeyOfTheHostSchema) {
  const std::string doc = readDoc();
  ASSERT_FALSE(doc.empty()) << "docs/configuration.md is missing";
  const size_t begin = doc.find(kBegin);
  const size_t end = doc.find(kEnd);
  ASSERT_NE(begin, std::string::npos) << "marker missing: " << kBegin;
  ASSERT_NE(end, std::string::npos) << "marker missing: " << kEnd;
  const size_t start = begin + std::string(kBegin).size();
  ASSERT_LE(start, end);
  const std::string reference = hostSchema().describe();
  if (std::getenv("ATRIUM_UPDATE_DOCS") != nullptr && doc.substr(start, end - start) != reference) {
    // ATRIUM_UPDATE_DOCS=1 build/atrium_config_tests --gtest_filter='ConfigurationDocTest.*'
    std::ofstream out(std::string(ATRIUM_SOURCE_DIR) + "/docs/configuration.md",
                      std::ios::binary | std::ios::trunc);
    out << doc.substr(0, start) << reference << doc.substr(end);
    ASSERT_TRUE(out.good()) << "cannot rewrite docs/configuration.md";
    return;
  }
  EXPECT_EQ(doc.substr(start, end - start), reference)
      << "Update the reference block of docs/configuration.md: run ATRIUM_UPDATE_DOCS=1 "
         "build/atrium_config_tests --gtest_filter='ConfigurationDocTest.*' (or paste the "
         "describe() output above).";
}

TEST(ConfigurationDocTest, ExampleConfigLoads) {
  const std::string example = yamlBlockAfter(readDoc(), "## Example");
  ASSERT_FALSE(example.empty());
  testing::TempDir dir;
  dir.write("default/accounts.so", "");
  dir.write("default/wellness.so", "");
  dir.write("vendor/vendor_sync.so", "");
  const std::string path = dir.write("kaya.yaml", example);
  const EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "JWT_SECRET") return std::string(32, 'x');
    return std::nullopt;
  };
  try {
    const HostConfig config = loadHostConfig(path, env, {dir.path() + "/default"});
    EXPECT_EQ(config.product, "kaya");
    EXPECT_EQ(config.plugins.size(), 3u);
    EXPECT_EQ(config.routes.size(), 5u);
  } catch (const ConfigError& e) {
    FAIL() << e.what();
  }
}

TEST(ConfigurationDocTest, ExamplePluginSchemaParses) {
  const std::string schema = yamlBlockAfter(readDoc(), "## The schema language");
  ASSERT_FALSE(schema.empty());
  try {
    Schema::parse(schema, "config_schema.yaml");
  } catch (const ConfigError& e) {
    FAIL() << e.what();
  }
}

}  // namespace
}  // namespace atrium::host::config
