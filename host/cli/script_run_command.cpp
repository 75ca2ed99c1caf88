#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "host/cli/arguments.hpp"
#include "host/cli/commands.hpp"
#include "host/cli/script_options.hpp"
#include "host/cli/script_runner.hpp"
#include "host/config/config_error.hpp"
#include "host/config/config_loader.hpp"

namespace atrium::host::cli {

namespace {
constexpr const char* kScriptRunHelp =
    R"(Usage: atrium script run FILE.lua [--function NAME] [--input FILE.json] [--config FILE.yaml]
                                 [--scripts-dir DIR] [--log-level LEVEL]

Runs one function of one script through the production engine (the same sandbox and limits
as `serve`; no database: atrium.db answers nil, "no database") and prints its result as
pretty JSON on stdout.
  --function NAME     the function to call (default: handle)
  --input FILE.json   its argument, a JSON file, or - for stdin (default: {})
  --config FILE.yaml  the product config: its scripts: block gives the scripts directory, the
                      limits and each script's atrium.config (default: atrium.config is {} and
                      the default limits apply)
  --scripts-dir DIR   the scripts directory; the script id is FILE's path under it without
                      .lua, and require() finds its modules there (default: scripts.dir of
                      --config, else the nearest ancestor directory of FILE named scripts,
                      else FILE's directory)
  --log-level LEVEL   script log lines (atrium.log) at LEVEL and above go to stderr as JSON
                      lines: debug, info, warn or error (default: error)
Exit status: 0 done; 1 when the script fails (stderr: error: <kind>: file:line: message);
2 on bad arguments.
)";

nlohmann::json readInput(const std::optional<std::string>& path) {
  if (!path) return nlohmann::json::object();
  std::ostringstream text;
  if (*path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(*path, std::ios::binary);
    if (!in) throw std::invalid_argument("cannot read --input " + *path);
    text << in.rdbuf();
  }
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument("--input " + *path + " is not JSON: " + e.what());
  }
}

struct RunRequest {
  std::optional<lua::EngineOptions> options;  // from --config
  std::filesystem::path scripts_dir;
  std::string script_id;
  std::string function;
  nlohmann::json input;
};

RunRequest parseRequest(const Arguments& parsed) {
  if (parsed.positionals().size() != 1) {
    throw std::invalid_argument("expected exactly one script file");
  }
  const std::filesystem::path file = parsed.positionals()[0];
  if (!std::filesystem::is_regular_file(file)) {
    throw std::invalid_argument("no such script file: " + file.string());
  }
  RunRequest request;
  if (const auto config = parsed.value("config")) {
    request.options = engineOptionsFor(config::loadHostConfig(*config).scripts);
  }
  const auto dir = parsed.value("scripts-dir");
  request.scripts_dir = dir               ? std::filesystem::path(*dir)
                        : request.options ? request.options->scripts_dir
                                          : defaultScriptsDirFor(file);
  if (!std::filesystem::is_directory(request.scripts_dir)) {
    throw std::invalid_argument("no such scripts directory: " + request.scripts_dir.string());
  }
  request.script_id = scriptIdFor(file, request.scripts_dir);
  request.function = parsed.value("function").value_or("handle");
  request.input = readInput(parsed.value("input"));
  return request;
}

}  // namespace

int scriptRunCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  common::LogSink logs(2);
  RunRequest request;
  try {
    const auto parsed = Arguments::parse(
        args, {"function", "input", "scripts-dir", "config", "log-level"}, {"help"});
    if (parsed.flag("help")) {
      out << kScriptRunHelp;
      return 0;
    }
    logs.setMinLevel(common::parseLogLevel(parsed.value("log-level").value_or("error")));
    request = parseRequest(parsed);
  } catch (const std::invalid_argument& e) {
    err << "atrium script run: " << e.what() << "\n" << kScriptRunHelp;
    return 2;
  } catch (const config::ConfigError& e) {
    err << "atrium script run: --config:\n" << e.what() << "\n";
    return 2;
  }
  try {
    lua::EngineOptions options = request.options.value_or(lua::EngineOptions{});
    options.scripts_dir = request.scripts_dir;
    ScriptRunner runner(std::move(options), logs);
    const nlohmann::json result = runner.call(request.script_id, request.function, request.input);
    out << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  } catch (const lua::ScriptError& e) {
    err << "error: " << describeScriptError(e) << "\n";
  } catch (const std::exception& e) {
    err << "error: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace atrium::host::cli
