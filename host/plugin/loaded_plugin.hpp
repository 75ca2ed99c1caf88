#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "atrium/abi.h"
#include "host/common/logger.hpp"
#include "host/http/request.hpp"
#include "host/plugin/host_api.hpp"

namespace atrium::host::plugin {

// One handler as the plugin declared it (copied out of plugin memory at load).
struct HandlerDef {
  std::string id;
  std::string description;
  uint32_t flags = 0;  // ATRIUM_HANDLER_*
  atrium_handler_fn fn = nullptr;
  void* data = nullptr;
  bool nonblocking() const { return (flags & ATRIUM_HANDLER_NONBLOCKING) != 0; }
};

// A plugin library that was opened and whose atrium_plugin_init succeeded: it owns the dlopen
// handle, the host function table and context the plugin points to, and a copy of the
// descriptor. Destruction calls the plugin's stop (once, also when start never ran, so it can
// free what init allocated) and then dlclose.
class LoadedPlugin {
 public:
  // Takes ownership of `library` (a dlopen handle).
  LoadedPlugin(std::string file, void* library, const common::LogSink& sink);
  ~LoadedPlugin();
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  // Calls atrium_plugin_init, checks the ABI version and copies the descriptor. Throws
  // PluginError naming the file. Called once, by loadPlugin().
  void init(atrium_plugin_init_fn init_fn);

  // The database service the plugin's DB calls use (nullptr: they report "unavailable"). Set
  // before start(); the database must outlive the plugin's last call.
  void setDatabase(db::Database* database) { context_->database = database; }
  // The script engine the plugin's script calls use (nullptr: "unavailable"). Before start().
  void setScripts(lua::ScriptEngine* scripts) { context_->scripts = scripts; }
  void setMessaging(messaging::MessagingService* messaging) { context_->messaging = messaging; }
  void setEvents(events::EventsService* events) { context_->events = events; }
  void setAi(ai::AiService* ai) { context_->ai = ai; }
  void setAuth(const auth::AuthService* auth) { context_->auth = auth; }
  void setStorage(const storage::StorageService* storage) { context_->storage = storage; }

  // Hands the validated config (JSON text) to the plugin and calls its start. Throws
  // PluginError with the plugin's own message on failure.
  void start(std::string config_json);
  // Calls the plugin's stop once; later calls do nothing. Only after the last handler returned.
  void stop() noexcept;
  bool started() const { return started_.load(std::memory_order_acquire); }

  // Runs one handler through the ABI. Never throws.
  atrium_status call(const HandlerDef& handler, const http::Request& request,
                     ResponseHandle& response) const noexcept;

  const std::string& file() const { return file_; }
  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const std::string& description() const { return description_; }
  const std::string& configSchemaYaml() const { return config_schema_yaml_; }
  uint16_t abiMajor() const { return abi_major_; }
  uint16_t abiMinor() const { return abi_minor_; }
  const std::vector<HandlerDef>& handlers() const { return handlers_; }
  // The sql/ owners whose migrations this plugin needs (ABI 1.1), in declaration order.
  const std::vector<std::string>& sqlOwners() const { return sql_owners_; }

 private:
  std::string errorText() const;
  void copySqlOwners(const atrium_plugin_api& api);

  std::string file_;
  void* library_;
  const common::LogSink& sink_;
  atrium_host_api host_api_;
  std::unique_ptr<PluginContext> context_;
  std::array<char, 2048> error_buf_{};

  std::string name_;
  std::string version_;
  std::string description_;
  std::string config_schema_yaml_;
  uint16_t abi_major_ = 0;
  uint16_t abi_minor_ = 0;
  std::vector<HandlerDef> handlers_;
  std::vector<std::string> sql_owners_;
  void* state_ = nullptr;
  atrium_status (*start_fn_)(void*, atrium_plugin_ctx*) = nullptr;
  void (*stop_fn_)(void*) = nullptr;
  bool initialised_ = false;
  std::atomic<bool> started_{false};  // read by worker threads in call()
  bool stopped_ = false;
};

}  // namespace atrium::host::plugin
