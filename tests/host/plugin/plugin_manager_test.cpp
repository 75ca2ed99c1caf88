#include "host/plugin/plugin_manager.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "host/config/config_error.hpp"
#include "host/plugin/plugin_error.hpp"
#include "tests/host/plugin/plugin_test_support.hpp"

namespace atrium::host::plugin {
namespace {

// The ABI version this host speaks, as messages print it ("1.5").
std::string hostAbi() {
  return std::to_string(ATRIUM_ABI_MAJOR) + "." + std::to_string(ATRIUM_ABI_MINOR);
}

using nlohmann::json;
using test::fixture;
using test::makeRequest;

// A HostConfig as the config loader would produce it from app.yaml.
class PluginManagerTest : public ::testing::Test {
 protected:
  // `config_yaml` is the plugin's config block, written as it would appear at column 7 of
  // app.yaml line 4 (marks are relative to that text).
  void addPlugin(const std::string& name, const std::string& file,
                 const std::string& config_yaml = "") {
    config::PluginConfig entry;
    entry.name = name;
    entry.file = file;
    entry.config = config_yaml.empty() ? YAML::Node() : YAML::Load(config_yaml);
    entry.mark = config::SourceMark{"app.yaml", 3 + static_cast<int>(config_.plugins.size()), 5};
    config_.plugins.push_back(std::move(entry));
  }
  void addRoute(const std::string& handler, int line) {
    config::RouteConfig route;
    route.method = "GET";
    route.path = "/r" + std::to_string(line);
    route.handler = handler;
    route.mark = config::SourceMark{"app.yaml", line, 5};
    config_.routes.push_back(std::move(route));
  }
  std::vector<std::string> loadErrors(PluginManager& manager) {
    try {
      manager.load(config_);
    } catch (const config::ConfigError& e) {
      return e.messages();
    }
    ADD_FAILURE() << "load did not fail";
    return {};
  }
  http::Response invoke(const PluginManager& manager, const std::string& id) {
    const HandlerEntry* entry = manager.findHandler(id);
    EXPECT_NE(entry, nullptr) << id;
    http::Request request = makeRequest("GET", "/");
    http::Response response;
    if (entry != nullptr) entry->invoke(request, response);
    return response;
  }

  config::HostConfig config_;
  common::LogSink sink_{2};
};

TEST_F(PluginManagerTest, LoadsValidatesStartsAndServes) {
  addPlugin("testkit", fixture("testkit"), "greeting: bonjour\ndelay_ms: 5");
  addPlugin("c_plugin", fixture("c_plugin"));
  PluginManager manager(sink_);
  manager.loadAll(config_);
  ASSERT_EQ(manager.plugins().size(), 2u);
  EXPECT_TRUE(manager.plugins()[0]->started());
  EXPECT_EQ(json::parse(invoke(manager, "testkit.config").body),
            json({{"greeting", "bonjour"}, {"delay_ms", 5}, {"fail_start", false}}));
  EXPECT_EQ(invoke(manager, "c_plugin.hello").body, R"({"hello":"from C"})");
  const HandlerEntry* entry = manager.findHandler("testkit.json");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->id, "testkit.json");
  EXPECT_EQ(entry->plugin, "testkit");
  EXPECT_TRUE(entry->nonblocking);
  EXPECT_EQ(entry->description, "Returns a small constant JSON object");
  EXPECT_EQ(manager.findHandler("testkit.nope"), nullptr);
  EXPECT_EQ(manager.findHandler("nope"), nullptr);
  EXPECT_EQ(manager.handlers().size(), 13u);
}

TEST_F(PluginManagerTest, AbsentConfigGetsTheSchemaDefaults) {
  addPlugin("testkit", fixture("testkit"));
  PluginManager manager(sink_);
  manager.loadAll(config_);
  EXPECT_EQ(json::parse(invoke(manager, "testkit.config").body),
            json({{"greeting", "hello"}, {"delay_ms", 0}, {"fail_start", false}}));
}

TEST_F(PluginManagerTest, ConfigOfTheWrongTypeIsRefusedWithItsPosition) {
  addPlugin("testkit", fixture("testkit"), "greeting: hi\ndelay_ms: soon");
  PluginManager manager(sink_);
  const auto errors = loadErrors(manager);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "app.yaml:2:11: plugins[0].config.delay_ms: expected integer, got string 'soon'");
}

TEST_F(PluginManagerTest, UnknownConfigKeyIsRefused) {
  addPlugin("testkit", fixture("testkit"), "greeting: hi\ngreting: typo");
  PluginManager manager(sink_);
  const auto errors = loadErrors(manager);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "app.yaml:2:1: plugins[0].config.greting: unknown key 'greting' (known keys: "
            "greeting, delay_ms, fail_start)");
}

TEST_F(PluginManagerTest, PluginWithoutSchemaRefusesAnyConfig) {
  addPlugin("c_plugin", fixture("c_plugin"), "anything: 1");
  PluginManager manager(sink_);
  const auto errors = loadErrors(manager);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "app.yaml:1:1: plugins[0].config.anything: unknown key 'anything' (no keys are "
            "allowed here)");
}

TEST_F(PluginManagerTest, EveryProblemIsReportedAtOnce) {
  addPlugin("ghost", "/nonexistent/ghost.so");
  addPlugin("testkit", fixture("testkit"), "delay_ms: -1");
  addPlugin("abi_mismatch", fixture("abi_mismatch"));
  PluginManager manager(sink_);
  const auto errors = loadErrors(manager);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0],
            "app.yaml:3:5: plugins[0]: plugin file not found: /nonexistent/ghost.so; check the "
            "plugin's `file:` path (relative paths resolve against the config file's directory) "
            "and that the plugin was built");
  EXPECT_EQ(errors[1].rfind("app.yaml:1:11: plugins[1].config.delay_ms: ", 0), 0u) << errors[1];
  EXPECT_EQ(errors[2], "app.yaml:5:5: plugins[2]: " + fixture("abi_mismatch") +
                           ": plugin built for ABI 99.0, host speaks " + hostAbi() +
                           "; rebuild the plugin "
                           "against this host's SDK");
}

TEST_F(PluginManagerTest, EntryNameMustMatchTheDeclaredName) {
  addPlugin("greeter", fixture("testkit"));
  PluginManager manager(sink_);
  const auto errors = loadErrors(manager);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "app.yaml:3:5: plugins[0].name: entry 'greeter' loads " +
                           fixture("testkit") +
                           ", which declares plugin 'testkit'; set `name: testkit`");
}

TEST_F(PluginManagerTest, APluginAppearsOnce) {
  addPlugin("testkit", fixture("testkit"));
  addPlugin("testkit", fixture("testkit"));
  PluginManager manager(sink_);
  const auto errors = loadErrors(manager);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "app.yaml:4:5: plugins[1].name: plugin 'testkit' is already loaded by plugins[0]; "
            "each plugin may appear once");
}

TEST_F(PluginManagerTest, StartFailureStopsTheStartedOnesAndNamesThePlugin) {
  addPlugin("c_plugin", fixture("c_plugin"));
  addPlugin("testkit", fixture("testkit"), "fail_start: true");
  PluginManager manager(sink_);
  manager.load(config_);
  try {
    manager.startAll();
    FAIL() << "startAll did not fail";
  } catch (const PluginError& e) {
    EXPECT_EQ(std::string(e.what()), "plugin 'testkit' (" + fixture("testkit") +
                                         ") failed to start (status 5 internal): fail_start "
                                         "is set in testkit's config");
  }
  EXPECT_FALSE(manager.plugins()[0]->started());
  EXPECT_EQ(invoke(manager, "c_plugin.hello").status, 500);
}

TEST_F(PluginManagerTest, StopAllIsIdempotentAndHandlersThenFail) {
  addPlugin("testkit", fixture("testkit"));
  PluginManager manager(sink_);
  manager.loadAll(config_);
  manager.stopAll();
  manager.stopAll();
  const http::Response response = invoke(manager, "testkit.json");
  EXPECT_EQ(response.error.internal_detail, "testkit.json: plugin 'testkit' is not started");
}

TEST_F(PluginManagerTest, UnknownHandlersListWhatThePluginRegisters) {
  addPlugin("c_plugin", fixture("c_plugin"));
  addRoute("c_plugin.hello", 10);
  addRoute("c_plugin.helo", 11);
  addRoute("weddings.create", 12);
  addRoute("nodot", 13);
  config::RouteConfig script_route;
  script_route.method = "GET";
  script_route.path = "/s";
  script_route.script = "reports/daily";
  config_.routes.push_back(script_route);
  PluginManager manager(sink_);
  manager.loadAll(config_);
  const std::vector<std::string> expected = {
      "app.yaml:11:5: routes[1].handler: unknown handler 'c_plugin.helo' (plugin 'c_plugin' "
      "registers: c_plugin.hello)",
      "app.yaml:12:5: routes[2].handler: unknown handler 'weddings.create' (no plugin named "
      "'weddings' is loaded; loaded plugins: c_plugin)",
      "app.yaml:13:5: routes[3].handler: unknown handler 'nodot' (handler ids are "
      "'<plugin>.<name>'; loaded plugins: c_plugin)",
  };
  EXPECT_EQ(manager.unknownHandlers(config_), expected);
}

}  // namespace
}  // namespace atrium::host::plugin
