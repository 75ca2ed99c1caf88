// Plugin registration: what a plugin declares (name, version, config schema, handlers, start and
// stop hooks) and ATRIUM_EXPORT_PLUGIN, which turns a registration function into the one C
// symbol the host looks for. Compiles as C++17.
//
//   static atrium::sdk::Response greet(atrium::sdk::Context& ctx, const atrium::sdk::Request&) {
//     return atrium::sdk::Response::json({{"greeting", ctx.config()["greeting"]}});
//   }
//   static void registerHello(atrium::sdk::Registrar& r) {
//     r.name("hello").version("1.0.0").handler("hello.greet", greet, "Says hello");
//   }
//   ATRIUM_EXPORT_PLUGIN(registerHello)
#pragma once

#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "atrium/abi.h"
#include "atrium/context.hpp"
#include "atrium/request.hpp"
#include "atrium/response.hpp"

namespace atrium::sdk {

// Handlers run concurrently on the host's worker threads: they must be thread-safe.
using Handler = std::function<Response(Context&, const Request&)>;
using LifecycleHook = std::function<void(Context&)>;

namespace detail {
class PluginState;
}

class Registrar {
 public:
  struct HandlerSpec {
    std::string id;
    Handler fn;
    std::string description;
    bool nonblocking = false;
  };

  Registrar() = default;
  Registrar(const Registrar&) = delete;
  Registrar& operator=(const Registrar&) = delete;

  // The plugin's name; every handler id must start with "<name>.".
  Registrar& name(std::string value) {
    name_ = std::move(value);
    return *this;
  }
  Registrar& version(std::string value) {
    version_ = std::move(value);
    return *this;
  }
  Registrar& description(std::string value) {
    description_ = std::move(value);
    return *this;
  }
  // The schema of the plugin's `config:` block, in the host's YAML schema language. Without
  // one, the plugin takes no config and any key given is an error.
  Registrar& configSchema(std::string yaml_text) {
    config_schema_ = std::move(yaml_text);
    return *this;
  }
  // The migration owners this plugin needs: the host applies sql/<owner>/NNNN_*.sql for each
  // before the plugin starts (docs/database.md). Usually just the plugin's own name.
  Registrar& sqlOwner(std::string owner) {
    sql_owners_.push_back(std::move(owner));
    return *this;
  }
  // `nonblocking`: the handler never blocks (no I/O, no waiting), so the host may run it on a
  // network thread. Leave it false when in doubt.
  Registrar& handler(std::string id, Handler fn, std::string description,
                     bool nonblocking = false) {
    handlers_.push_back(
        HandlerSpec{std::move(id), std::move(fn), std::move(description), nonblocking});
    return *this;
  }
  // Called once after the config was validated, before the first request. Throw to refuse to
  // start; the message stops the host with the plugin's name.
  Registrar& onStart(LifecycleHook fn) {
    on_start_ = std::move(fn);
    return *this;
  }
  // Called once at shutdown, after the last handler call returned.
  Registrar& onStop(LifecycleHook fn) {
    on_stop_ = std::move(fn);
    return *this;
  }

  const std::string& name() const noexcept { return name_; }
  const std::vector<HandlerSpec>& handlers() const noexcept { return handlers_; }

 private:
  friend class detail::PluginState;
  std::string name_;
  std::string version_;
  std::string description_;
  std::string config_schema_;
  std::vector<HandlerSpec> handlers_;
  std::vector<std::string> sql_owners_;
  LifecycleHook on_start_;
  LifecycleHook on_stop_;
};

}  // namespace atrium::sdk

#include "atrium/detail/plugin_state.hpp"

// Defines the plugin's exported entry point from `void register_fn(atrium::sdk::Registrar&)`.
// Use it once per plugin, in plugin.cpp.
#define ATRIUM_EXPORT_PLUGIN(register_fn)                                                \
  extern "C" ATRIUM_EXPORT atrium_status atrium_plugin_init(const atrium_host_api* host, \
                                                            atrium_plugin_api* plugin) { \
    return ::atrium::sdk::detail::initPlugin(host, plugin, &(register_fn));              \
  }                                                                                      \
  static_assert(std::is_same_v<decltype(&atrium_plugin_init), atrium_plugin_init_fn>,    \
                "atrium_plugin_init must match atrium_plugin_init_fn")
