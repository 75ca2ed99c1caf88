#include "host/plugin/loaded_plugin.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>

#include "host/plugin/plugin_error.hpp"

namespace atrium::host::plugin {
namespace {

bool validSqlOwner(const std::string& owner) {
  if (owner.empty() || owner.size() > 64) return false;
  return std::all_of(owner.begin(), owner.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string copyStr(atrium_str s) {
  if (s.ptr == nullptr) return {};
  return std::string(s.ptr, s.len);
}

std::string statusName(atrium_status status) {
  switch (status) {
    case ATRIUM_OK: return "ok";
    case ATRIUM_ERR_INVALID_ARGUMENT: return "invalid_argument";
    case ATRIUM_ERR_NOT_FOUND: return "not_found";
    case ATRIUM_ERR_ABI_MISMATCH: return "abi_mismatch";
    case ATRIUM_ERR_CONFIG: return "config";
    case ATRIUM_ERR_INTERNAL: return "internal";
    case ATRIUM_ERR_HTTP: return "http";
    case ATRIUM_ERR_UNAVAILABLE: return "unavailable";
    default: return "unknown";
  }
}

std::string versionText(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

std::string hostAbi() { return versionText(ATRIUM_ABI_MAJOR, ATRIUM_ABI_MINOR); }

}  // namespace

LoadedPlugin::LoadedPlugin(std::string file, void* library, const common::LogSink& sink)
    : file_(std::move(file)), library_(library), sink_(sink), host_api_(makeHostApi()) {}

LoadedPlugin::~LoadedPlugin() {
  stop();
  if (library_ != nullptr) dlclose(library_);
}

std::string LoadedPlugin::errorText() const {
  const size_t len = strnlen(error_buf_.data(), error_buf_.size());
  return len == 0 ? std::string("(the plugin gave no message)")
                  : std::string(error_buf_.data(), len);
}

void LoadedPlugin::init(atrium_plugin_init_fn init_fn) {
  atrium_plugin_api api{};
  api.header.struct_size = sizeof(atrium_plugin_api);
  api.header.abi_major = 0;  // the plugin writes its own versions; 0 means "did not"
  api.header.abi_minor = 0;
  api.error_buf = error_buf_.data();
  api.error_buf_size = error_buf_.size();
  error_buf_[0] = '\0';

  const atrium_status status = init_fn(&host_api_, &api);
  abi_major_ = api.header.abi_major;
  abi_minor_ = api.header.abi_minor;
  if (abi_major_ != 0 && abi_major_ != ATRIUM_ABI_MAJOR) {
    throw PluginError(file_ + ": plugin built for ABI " + versionText(abi_major_, abi_minor_) +
                      ", host speaks " + hostAbi() +
                      "; rebuild the plugin against this host's SDK");
  }
  if (status == ATRIUM_ERR_ABI_MISMATCH) {
    throw PluginError(file_ + ": plugin refused this host's ABI " + hostAbi() + ": " + errorText() +
                      "; rebuild the plugin against this host's SDK");
  }
  if (status != ATRIUM_OK) {
    throw PluginError(file_ + ": atrium_plugin_init failed (status " + std::to_string(status) +
                      " " + statusName(status) + "): " + errorText());
  }
  if (abi_major_ == 0) {
    throw PluginError(file_ +
                      ": atrium_plugin_init returned OK without setting "
                      "plugin->header.abi_major/abi_minor; set them to ATRIUM_ABI_MAJOR/"
                      "ATRIUM_ABI_MINOR (the C++ SDK's ATRIUM_EXPORT_PLUGIN does this)");
  }
  // The plugin may have allocated state: from here on stop() must run before dlclose.
  if (ATRIUM_ABI_HAS_FIELD(&api, atrium_plugin_api, stop)) {
    state_ = api.state;
    start_fn_ = api.start;
    stop_fn_ = api.stop;
  }
  initialised_ = true;
  if (!ATRIUM_ABI_HAS_FIELD(&api, atrium_plugin_api, handler_count)) {
    throw PluginError(file_ + ": the plugin descriptor is " +
                      std::to_string(api.header.struct_size) +
                      " bytes, too short to hold a name and handlers; the plugin must set "
                      "plugin->header.struct_size to the bytes it wrote");
  }
  name_ = copyStr(api.name);
  version_ = copyStr(api.version);
  description_ = copyStr(api.description);
  config_schema_yaml_ = copyStr(api.config_schema_yaml);
  if (api.handler_count > 0 && api.handlers == nullptr) {
    throw PluginError(file_ + ": plugin declares " + std::to_string(api.handler_count) +
                      " handlers but plugin->handlers is NULL");
  }
  handlers_.reserve(api.handler_count);
  for (size_t i = 0; i < api.handler_count; ++i) {
    const atrium_handler_def& def = api.handlers[i];
    HandlerDef copy{copyStr(def.id), copyStr(def.description), def.flags, def.fn, def.handler_data};
    if (copy.fn == nullptr) {
      throw PluginError(file_ + ": handler '" + copy.id + "' has no function (fn is NULL)");
    }
    handlers_.push_back(std::move(copy));
  }
  copySqlOwners(api);
  context_ = std::make_unique<PluginContext>(sink_, name_);
}

// ABI 1.1: migration owners. A 1.0 plugin declares none.
void LoadedPlugin::copySqlOwners(const atrium_plugin_api& api) {
  if (!ATRIUM_ABI_HAS_FIELD(&api, atrium_plugin_api, sql_owner_count)) return;
  if (api.sql_owner_count > 0 && api.sql_owners == nullptr) {
    throw PluginError(file_ + ": plugin declares " + std::to_string(api.sql_owner_count) +
                      " sql owners but plugin->sql_owners is NULL");
  }
  for (size_t i = 0; i < api.sql_owner_count; ++i) {
    std::string owner = copyStr(api.sql_owners[i]);
    if (!validSqlOwner(owner)) {
      throw PluginError(file_ + ": sql owner '" + owner +
                        "' is not a valid folder name under sql/ (use [a-z0-9_], 1..64 chars)");
    }
    if (std::find(sql_owners_.begin(), sql_owners_.end(), owner) == sql_owners_.end()) {
      sql_owners_.push_back(std::move(owner));
    }
  }
}

void LoadedPlugin::start(std::string config_json) {
  if (started_) return;
  if (!initialised_ || stopped_) {
    throw PluginError(file_ + ": plugin '" + name_ + "' cannot start: it is not initialised");
  }
  context_->config_json = std::move(config_json);
  if (start_fn_ != nullptr) {
    error_buf_[0] = '\0';
    const atrium_status status = start_fn_(state_, toAbi(context_.get()));
    if (status != ATRIUM_OK) {
      throw PluginError("plugin '" + name_ + "' (" + file_ + ") failed to start (status " +
                        std::to_string(status) + " " + statusName(status) + "): " + errorText());
    }
  }
  started_.store(true, std::memory_order_release);
}

void LoadedPlugin::stop() noexcept {
  if (!initialised_ || stopped_) return;
  stopped_ = true;
  started_.store(false, std::memory_order_release);
  if (stop_fn_ != nullptr) stop_fn_(state_);
}

atrium_status LoadedPlugin::call(const HandlerDef& handler, const http::Request& request,
                                 ResponseHandle& response) const noexcept {
  if (!started_.load(std::memory_order_acquire)) {
    try {
      response.failure = "plugin '" + name_ + "' is not started";
    } catch (...) {}
    return ATRIUM_ERR_INTERNAL;
  }
  const RequestHandle request_handle{&request, handler.id, context_->storage};
  const atrium_status status =
      handler.fn(handler.data, toAbi(context_.get()), toAbi(&request_handle), toAbi(&response));
  if (!request_handle.transactions.empty()) endRequestTransactions(request_handle, *context_);
  return status;
}

}  // namespace atrium::host::plugin
