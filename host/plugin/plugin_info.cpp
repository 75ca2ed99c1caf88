#include "host/plugin/plugin_info.hpp"

#include <algorithm>
#include <sstream>

#include "atrium/abi.h"
#include "host/common/logger.hpp"
#include "host/config/config_error.hpp"
#include "host/config/schema.hpp"
#include "host/plugin/plugin_loader.hpp"

namespace atrium::host::plugin {
namespace {

void appendIndented(std::ostringstream& out, const std::string& text, const char* indent) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) out << indent << line << "\n";
}

}  // namespace

PluginInfo inspectPlugin(const std::string& file) {
  const common::LogSink sink(2);  // outlives the plugin below
  PluginInfo info;
  {
    const std::unique_ptr<LoadedPlugin> plugin = loadPlugin(file, sink);
    info.file = plugin->file();
    info.name = plugin->name();
    info.version = plugin->version();
    info.description = plugin->description();
    info.abi_major = plugin->abiMajor();
    info.abi_minor = plugin->abiMinor();
    info.config_schema_yaml = plugin->configSchemaYaml();
    info.sql_owners = plugin->sqlOwners();
    for (const HandlerDef& def : plugin->handlers()) {
      info.handlers.push_back(
          PluginInfo::Handler{def.id, def.flags, def.nonblocking(), def.description});
    }
  }
  try {
    const config::Schema schema =
        info.config_schema_yaml.empty()
            ? config::Schema::empty()
            : config::Schema::parse(info.config_schema_yaml, file + " (config schema)");
    info.config_schema_description = schema.describe();
  } catch (const config::ConfigError& e) {
    info.config_schema_error = e.what();
  }
  return info;
}

std::string renderPluginInfo(const PluginInfo& info) {
  std::ostringstream out;
  out << "Plugin:      " << info.name << (info.version.empty() ? "" : " " + info.version) << "\n";
  if (!info.description.empty()) out << "Description: " << info.description << "\n";
  out << "File:        " << info.file << "\n";
  out << "ABI:         " << info.abi_major << "." << info.abi_minor << " (this host speaks "
      << ATRIUM_ABI_MAJOR << "." << ATRIUM_ABI_MINOR << ")\n";
  out << "\nHandlers (" << info.handlers.size() << "):\n";
  size_t width = 0;
  for (const auto& handler : info.handlers) width = std::max(width, handler.id.size());
  for (const auto& handler : info.handlers) {
    out << "  " << handler.id << std::string(width - handler.id.size() + 2, ' ')
        << (handler.nonblocking ? "[nonblocking] " : "") << handler.description << "\n";
  }
  if (info.handlers.empty()) out << "  (none)\n";
  out << "\nMigrations: ";
  if (info.sql_owners.empty()) out << "(none)";
  for (size_t i = 0; i < info.sql_owners.size(); ++i) {
    out << (i == 0 ? "" : ", ") << "sql/" << info.sql_owners[i] << "/";
  }
  out << "\n";
  out << "\nConfig:\n";
  if (!info.config_schema_error.empty()) {
    out << "  the declared schema is invalid:\n";
    appendIndented(out, info.config_schema_error, "    ");
  } else if (info.config_schema_yaml.empty()) {
    out << "  (takes no config; any key under `config:` is an error)\n";
  } else {
    appendIndented(out, info.config_schema_description, "  ");
  }
  if (!info.config_schema_yaml.empty()) {
    out << "\nConfig schema (YAML, as declared):\n";
    appendIndented(out, info.config_schema_yaml, "  ");
  }
  return out.str();
}

}  // namespace atrium::host::plugin
