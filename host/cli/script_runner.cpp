#include "host/cli/script_runner.hpp"

#include <stdexcept>

namespace atrium::host::cli {

namespace fs = std::filesystem;

namespace {

lua::EngineOptions defaultOptions(const fs::path& scripts_dir) {
  lua::EngineOptions options;
  options.scripts_dir = scripts_dir;
  return options;
}

}  // namespace

ScriptRunner::ScriptRunner(const fs::path& scripts_dir, const common::LogSink& sink)
    : ScriptRunner(defaultOptions(scripts_dir), sink) {}

ScriptRunner::ScriptRunner(lua::EngineOptions options, const common::LogSink& sink) {
  options.reload_interval = std::chrono::milliseconds(0);
  engine_ = std::make_unique<lua::ScriptEngine>(std::move(options), sink, nullptr);
  compile_errors_ = engine_->loadAll();
}

nlohmann::json ScriptRunner::call(const std::string& script_id, const std::string& function,
                                  const nlohmann::json& input) {
  return engine_->call(script_id, function, input, lua::CallContext{"cli"});
}

std::string describeScriptError(const lua::ScriptError& error) {
  return std::string(lua::scriptErrorKindName(error.kind())) + ": " + error.what();
}

fs::path defaultScriptsDirFor(const fs::path& file) {
  const fs::path absolute = fs::absolute(file).lexically_normal();
  for (fs::path dir = absolute.parent_path(); dir.has_relative_path(); dir = dir.parent_path()) {
    if (dir.filename() == "scripts") return dir;
  }
  return absolute.parent_path();
}

std::string scriptIdFor(const fs::path& file, const fs::path& scripts_dir) {
  if (file.extension() != ".lua") {
    throw std::invalid_argument("not a .lua file: " + file.string());
  }
  const fs::path relative = fs::absolute(file).lexically_normal().lexically_relative(
      fs::absolute(scripts_dir).lexically_normal());
  if (relative.empty() || *relative.begin() == "..") {
    throw std::invalid_argument(file.string() + " is not inside the scripts directory " +
                                scripts_dir.string());
  }
  return (relative.parent_path() / relative.stem()).generic_string();
}

}  // namespace atrium::host::cli
