#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/common/logger.hpp"
#include "host/config/host_config.hpp"
#include "host/plugin/handler_entry.hpp"
#include "host/plugin/loaded_plugin.hpp"

namespace atrium::host::events {
class EventsService;
}

namespace atrium::host::plugin {

// The plugins of one host configuration: loads them, validates each one's config block against
// the schema it declares, starts them, maps handler ids to plugins, and stops them in reverse
// order. After start-up it is read-only and shared by every worker thread.
class PluginManager {
 public:
  explicit PluginManager(const common::LogSink& sink);
  // Stops what is still running (reverse order), then unloads (dlclose) in reverse order.
  ~PluginManager();
  PluginManager(const PluginManager&) = delete;
  PluginManager& operator=(const PluginManager&) = delete;

  // load(config), then startAll().
  void loadAll(const config::HostConfig& config);

  // Loads every entry of config.plugins (dlopen + atrium_plugin_init) and validates its
  // `config:` block against the plugin's schema (an empty schema when it declares none).
  // Checks that each entry's name is the name the plugin declares and that names are unique.
  // Throws config::ConfigError listing every problem ("file:line:col: plugins[i]...: ...").
  // Call once.
  void load(const config::HostConfig& config);

  // Gives every loaded plugin the database service (before startAll). It must outlive them.
  void provideDatabase(db::Database* database);
  // Gives every loaded plugin the script engine (before startAll). It must outlive them.
  void provideScripts(lua::ScriptEngine* scripts);
  // Gives every loaded plugin the mail and SMS service (before startAll); it must outlive them.
  void provideMessaging(messaging::MessagingService* messaging);
  void provideEvents(events::EventsService* events);
  // Gives every plugin ctx.ai() (ABI 1.4); `ai` must outlive the plugins' handler calls.
  void provideAi(ai::AiService* ai);
  // Gives every loaded plugin the auth service (before startAll). It must outlive them.
  void provideAuth(const auth::AuthService* auth);
  void provideStorage(const storage::StorageService* storage);

  // Starts the plugins in config order, passing each its validated config. When one fails,
  // the ones already started are stopped and PluginError is thrown with the plugin's message.
  void startAll();

  // Calls every started plugin's stop in reverse order. Call only after the last handler
  // returned. Idempotent.
  void stopAll() noexcept;

  // nullptr when no loaded plugin registers `id`.
  const HandlerEntry* findHandler(std::string_view id) const;

  // One message per route whose handler no loaded plugin registers:
  // "file:line:col: routes[i].handler: unknown handler 'x.y' (plugin 'x' registers: x.a, x.b)".
  // Routes that run a script (no handler) are skipped.
  std::vector<std::string> unknownHandlers(const config::HostConfig& config) const;

  // The loaded plugins in config order.
  std::vector<const LoadedPlugin*> plugins() const;
  // Every handler, ordered by id.
  std::vector<const HandlerEntry*> handlers() const;

 private:
  struct Slot {
    std::unique_ptr<LoadedPlugin> plugin;
    std::string config_json;  // validated, defaults applied
  };

  // Returns problems with one plugin entry's config block; fills slot.config_json.
  void validateConfig(const config::PluginConfig& entry, size_t index, Slot& slot,
                      std::vector<std::string>& errors) const;

  const common::LogSink& sink_;
  common::Logger logger_;
  std::vector<Slot> slots_;
  std::map<std::string, HandlerEntry, std::less<>> handlers_;
  bool loaded_ = false;
};

}  // namespace atrium::host::plugin
