#pragma once

// An engine over a temp scripts directory, with a captured log. Scripts are written atomically
// (temp file + rename), as editors and deploy tools do.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "host/lua/script_engine.hpp"
#include "tests/support/captured_log.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::lua::testing {

class LuaEngineTest : public ::testing::Test {
 protected:
  EngineOptions options() const {
    EngineOptions options;
    options.scripts_dir = dir_.path();
    options.reload_interval = std::chrono::milliseconds(0);  // tests rescan with loadAll()
    return options;
  }

  ScriptEngine& start(EngineOptions options, db::Database* database = nullptr) {
    engine_ = std::make_unique<ScriptEngine>(std::move(options), log_.sink(), database);
    errors_ = engine_->loadAll();
    return *engine_;
  }
  ScriptEngine& start() { return start(options()); }

  // Writes scripts_dir/<id>.lua atomically.
  void script(std::string_view id, std::string_view source) {
    static std::atomic<int> counter{0};
    const std::filesystem::path target = dir_ / (std::string(id) + ".lua");
    const std::filesystem::path temp =
        target.parent_path() / (".tmp-" + std::to_string(counter++) + ".lua");
    atrium::testing::writeFile(temp, source);
    std::filesystem::rename(temp, target);
  }

  nlohmann::json call(std::string_view id, const nlohmann::json& args = nullptr,
                      std::string_view function = "handle") {
    return engine_->call(id, function, args, CallContext{"req-1"});
  }

  // Runs `body` as the function handle(args) of a fresh script and returns its result. A
  // second result (nil, err) comes back as {"nil": true, "err": err}.
  nlohmann::json eval(const std::string& body, const nlohmann::json& args = nullptr) {
    static std::atomic<int> counter{0};
    const std::string id = "eval" + std::to_string(counter++);
    script(id, "local atrium = require('atrium')\nlocal function run(args)\n" + body +
                   "\nend\nreturn { handle = function(args)\n  local v, err = run(args)\n"
                   "  if v == nil and err ~= nil then return { ['nil'] = true, err = err } end\n"
                   "  return v\nend }\n");
    if (engine_ == nullptr) {
      start();
    } else {
      engine_->loadAll();
    }
    return call(id, args);
  }
  static nlohmann::json failed(const std::string& err) { return {{"nil", true}, {"err", err}}; }

  // The kind of the ScriptError the call throws (fails the test when it does not throw).
  ScriptError::Kind failure(std::string_view id, const nlohmann::json& args = nullptr,
                            std::string_view function = "handle") {
    try {
      const nlohmann::json result = call(id, args, function);
      ADD_FAILURE() << "no error; result " << result.dump();
    } catch (const ScriptError& e) {
      last_error_ = e.what();
      last_location_ = e.location();
      return e.kind();
    }
    return ScriptError::Kind::kRuntime;
  }

  atrium::testing::TempDir dir_{"atrium-lua-test"};
  atrium::testing::CapturedLog log_;
  std::unique_ptr<ScriptEngine> engine_;
  std::vector<std::string> errors_;
  std::string last_error_;
  std::string last_location_;
};

}  // namespace atrium::host::lua::testing
