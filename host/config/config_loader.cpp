#include "host/config/config_loader.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "host/config/config_build_context.hpp"
#include "host/config/config_error.hpp"
#include "host/config/host_config_builder.hpp"
#include "host/config/host_schema.hpp"
#include "host/config/plugin_locator.hpp"
#include "host/config/source_mark.hpp"

namespace atrium::host::config {
namespace {

std::string readConfigFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw ConfigError(path + ": cannot read config file: it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(path + ": cannot read config file: " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(path + ": cannot read config file: read error");
  return text.str();
}

YAML::Node parseYaml(const std::string& text, const std::string& path) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(
        formatConfigMessage(toSourceMark(path, e.mark), "", "YAML syntax error: " + e.msg));
  }
}

void applyListenOverride(const EnvLookup& env, HostConfig& config,
                         std::vector<std::string>& errors) {
  const auto listen = env("ATRIUM_LISTEN");
  if (!listen || listen->empty()) return;
  try {
    config.server.listen = parseListenAddress(*listen);
  } catch (const std::invalid_argument& e) {
    errors.push_back(std::string("ATRIUM_LISTEN: ") + e.what());
  }
}

// The URL is only replaced here; it is parsed (and a bad one reported, prefixed with
// url_origin) where the database is opened, in the cli area, which links atrium_db.
void applyDatabaseUrlOverride(const EnvLookup& env, HostConfig& config) {
  const auto url = env("ATRIUM_DATABASE_URL");
  if (!url || url->empty()) return;
  config.database.url = *url;
  config.database.url_origin = "ATRIUM_DATABASE_URL";
}

}  // namespace

EnvLookup processEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

HostConfig loadHostConfig(const std::string& path, const EnvLookup& env) {
  return loadHostConfig(path, env, defaultPluginDirs());
}

HostConfig loadHostConfig(const std::string& path, const EnvLookup& env,
                          const std::vector<std::string>& default_plugin_dirs,
                          const std::vector<std::string>& default_migrations_dirs) {
  const std::string text = readConfigFile(path);
  YAML::Node root = parseYaml(text, path);
  std::vector<std::string> errors;
  if (root.IsDefined() && !root.IsNull() && !root.IsMap()) {
    throw ConfigError(formatConfigMessage(toSourceMark(path, root.Mark()), "",
                                          "the config must be a mapping of keys"));
  }
  EnvExpander(env, path, errors).expandTree(root, "");
  if (!errors.empty()) throw ConfigError(errors);

  nlohmann::json values = hostSchema().validate(root, path, "", errors);
  if (!errors.empty()) throw ConfigError(errors);

  const std::filesystem::path absolute = std::filesystem::absolute(path).lexically_normal();
  ConfigBuildContext ctx(path, absolute.parent_path().string(), root, std::move(values), errors);
  HostConfig config = buildHostConfig(ctx, default_plugin_dirs, default_migrations_dirs);
  config.source_file = absolute.string();
  config.base_dir = absolute.parent_path().string();
  applyListenOverride(env, config, errors);
  applyDatabaseUrlOverride(env, config);
  if (!errors.empty()) throw ConfigError(errors);
  return config;
}

}  // namespace atrium::host::config
