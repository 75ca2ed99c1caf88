#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/common/logger.hpp"
#include "host/lua/script_engine.hpp"
#include "host/lua/script_error.hpp"

namespace atrium::host::cli {

// The production script engine over one scripts directory, as the `atrium script` commands use
// it: the same sandbox and default limits as `serve`, no database (atrium.db answers
// nil, "no database"), no config (atrium.config is {}) unless the options give it, no watcher.
// Every script under the directory is compiled up front.
class ScriptRunner {
 public:
  ScriptRunner(const std::filesystem::path& scripts_dir, const common::LogSink& sink);
  // With a product's options (limits, atrium.config; `atrium script run --config`). The
  // watcher stays off whatever options.reload_interval says.
  ScriptRunner(lua::EngineOptions options, const common::LogSink& sink);

  // "file:line: message" of every script under the directory that does not compile.
  const std::vector<std::string>& compileErrors() const { return compile_errors_; }
  // Throws lua::ScriptError.
  nlohmann::json call(const std::string& script_id, const std::string& function,
                      const nlohmann::json& input);

 private:
  std::unique_ptr<lua::ScriptEngine> engine_;
  std::vector<std::string> compile_errors_;
};

// "<kind>: file:line: message", e.g. "runtime: slug.lua:7: text is empty".
std::string describeScriptError(const lua::ScriptError& error);

// The scripts directory for a lone script file: its nearest ancestor directory named `scripts`
// (so that ids and require() match production), else the file's own directory.
std::filesystem::path defaultScriptsDirFor(const std::filesystem::path& file);

// The id of `file` under `scripts_dir`: its relative path without ".lua". Throws
// std::invalid_argument when the file is not a .lua file inside the directory.
std::string scriptIdFor(const std::filesystem::path& file,
                        const std::filesystem::path& scripts_dir);

}  // namespace atrium::host::cli
