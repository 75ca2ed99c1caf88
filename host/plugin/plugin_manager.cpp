#include "host/plugin/plugin_manager.hpp"

#include <stdexcept>

#include "host/config/config_error.hpp"
#include "host/config/schema.hpp"
#include "host/config/source_mark.hpp"
#include "host/plugin/plugin_error.hpp"
#include "host/plugin/plugin_loader.hpp"

namespace atrium::host::plugin {
namespace {

std::string entryPath(size_t index) { return "plugins[" + std::to_string(index) + "]"; }

std::string joinIds(const LoadedPlugin& plugin) {
  std::string out;
  for (const HandlerDef& handler : plugin.handlers()) {
    if (!out.empty()) out += ", ";
    out += handler.id;
  }
  return out.empty() ? std::string("no handlers") : out;
}

}  // namespace

PluginManager::PluginManager(const common::LogSink& sink)
    : sink_(sink), logger_(sink, "host.plugin") {}

PluginManager::~PluginManager() {
  stopAll();
  handlers_.clear();
  while (!slots_.empty()) slots_.pop_back();  // dlclose in reverse load order
}

void PluginManager::loadAll(const config::HostConfig& config) {
  load(config);
  startAll();
}

void PluginManager::load(const config::HostConfig& config) {
  if (loaded_) throw std::logic_error("PluginManager::load called twice");
  loaded_ = true;
  std::vector<std::string> errors;
  std::map<std::string, size_t, std::less<>> names;
  for (size_t i = 0; i < config.plugins.size(); ++i) {
    const config::PluginConfig& entry = config.plugins[i];
    Slot slot;
    try {
      slot.plugin = loadPlugin(entry.file, sink_);
    } catch (const PluginError& e) {
      errors.push_back(config::formatConfigMessage(entry.mark, entryPath(i), e.what()));
      continue;
    }
    const LoadedPlugin& plugin = *slot.plugin;
    if (!entry.name.empty() && entry.name != plugin.name()) {
      errors.push_back(config::formatConfigMessage(
          entry.mark, entryPath(i) + ".name",
          "entry '" + entry.name + "' loads " + plugin.file() + ", which declares plugin '" +
              plugin.name() + "'; set `name: " + plugin.name() + "`"));
      continue;
    }
    if (auto [it, inserted] = names.emplace(plugin.name(), i); !inserted) {
      errors.push_back(
          config::formatConfigMessage(entry.mark, entryPath(i) + ".name",
                                      "plugin '" + plugin.name() + "' is already loaded by " +
                                          entryPath(it->second) + "; each plugin may appear once"));
      continue;
    }
    validateConfig(entry, i, slot, errors);
    slots_.push_back(std::move(slot));
  }
  if (!errors.empty()) throw config::ConfigError(std::move(errors));

  for (const Slot& slot : slots_) {
    for (const HandlerDef& def : slot.plugin->handlers()) {
      HandlerEntry entry;
      entry.id = def.id;
      entry.plugin = slot.plugin->name();
      entry.nonblocking = def.nonblocking();
      entry.description = def.description;
      entry.owner = slot.plugin.get();
      entry.def = &def;
      handlers_.emplace(def.id, std::move(entry));
    }
    logger_.info("plugin loaded", {{"plugin", slot.plugin->name()},
                                   {"version", slot.plugin->version()},
                                   {"file", slot.plugin->file()},
                                   {"handlers", slot.plugin->handlers().size()}});
  }
}

void PluginManager::validateConfig(const config::PluginConfig& entry, size_t index, Slot& slot,
                                   std::vector<std::string>& errors) const {
  const LoadedPlugin& plugin = *slot.plugin;
  const std::string& schema_text = plugin.configSchemaYaml();
  std::vector<std::string> problems;
  try {
    const config::Schema schema =
        schema_text.empty()
            ? config::Schema::empty()
            : config::Schema::parse(schema_text, plugin.file() + " (config schema of plugin '" +
                                                     plugin.name() + "')");
    nlohmann::json value =
        schema.validate(entry.config, entry.mark.file, entryPath(index) + ".config", problems);
    if (value.is_null()) value = nlohmann::json::object();
    slot.config_json = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const config::ConfigError& e) {
    for (const std::string& message : e.messages()) {
      errors.push_back(config::formatConfigMessage(
          entry.mark, entryPath(index),
          "plugin '" + plugin.name() + "' declares a broken config schema: " + message));
    }
  }
  errors.insert(errors.end(), problems.begin(), problems.end());
}

void PluginManager::provideDatabase(db::Database* database) {
  for (auto& slot : slots_) slot.plugin->setDatabase(database);
}

void PluginManager::provideStorage(const storage::StorageService* storage) {
  for (auto& slot : slots_) slot.plugin->setStorage(storage);
}

void PluginManager::provideAuth(const auth::AuthService* auth) {
  for (auto& slot : slots_) slot.plugin->setAuth(auth);
}

void PluginManager::provideScripts(lua::ScriptEngine* scripts) {
  for (auto& slot : slots_) slot.plugin->setScripts(scripts);
}

void PluginManager::provideEvents(events::EventsService* events) {
  for (auto& slot : slots_) slot.plugin->setEvents(events);
}

void PluginManager::provideMessaging(messaging::MessagingService* messaging) {
  for (auto& slot : slots_) slot.plugin->setMessaging(messaging);
}

void PluginManager::provideAi(ai::AiService* ai) {
  for (auto& slot : slots_) slot.plugin->setAi(ai);
}

void PluginManager::startAll() {
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    try {
      slot.plugin->start(slot.config_json);
    } catch (const PluginError&) {
      for (size_t j = i; j-- > 0;) slots_[j].plugin->stop();
      throw;
    }
    logger_.info("plugin started", {{"plugin", slot.plugin->name()}});
  }
}

void PluginManager::stopAll() noexcept {
  for (auto it = slots_.rbegin(); it != slots_.rend(); ++it) it->plugin->stop();
}

const HandlerEntry* PluginManager::findHandler(std::string_view id) const {
  const auto it = handlers_.find(id);
  return it == handlers_.end() ? nullptr : &it->second;
}

std::vector<std::string> PluginManager::unknownHandlers(const config::HostConfig& config) const {
  std::vector<std::string> messages;
  for (size_t i = 0; i < config.routes.size(); ++i) {
    const config::RouteConfig& route = config.routes[i];
    if (route.handler.empty() || findHandler(route.handler) != nullptr) continue;
    const std::string::size_type dot = route.handler.find('.');
    const std::string plugin_name =
        dot == std::string::npos ? std::string() : route.handler.substr(0, dot);
    const LoadedPlugin* owner = nullptr;
    for (const Slot& slot : slots_) {
      if (slot.plugin->name() == plugin_name) owner = slot.plugin.get();
    }
    std::string hint;
    if (owner != nullptr) {
      hint = "plugin '" + plugin_name + "' registers: " + joinIds(*owner);
    } else {
      std::string loaded;
      for (const Slot& slot : slots_) loaded += (loaded.empty() ? "" : ", ") + slot.plugin->name();
      hint = (dot == std::string::npos ? "handler ids are '<plugin>.<name>'; "
                                       : "no plugin named '" + plugin_name + "' is loaded; ") +
             std::string("loaded plugins: ") + (loaded.empty() ? "none" : loaded);
    }
    messages.push_back(
        config::formatConfigMessage(route.mark, "routes[" + std::to_string(i) + "].handler",
                                    "unknown handler '" + route.handler + "' (" + hint + ")"));
  }
  return messages;
}

std::vector<const LoadedPlugin*> PluginManager::plugins() const {
  std::vector<const LoadedPlugin*> out;
  out.reserve(slots_.size());
  for (const Slot& slot : slots_) out.push_back(slot.plugin.get());
  return out;
}

std::vector<const HandlerEntry*> PluginManager::handlers() const {
  std::vector<const HandlerEntry*> out;
  out.reserve(handlers_.size());
  for (const auto& [id, entry] : handlers_) out.push_back(&entry);
  return out;
}

}  // namespace atrium::host::plugin
