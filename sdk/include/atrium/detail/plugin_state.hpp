// The SDK side of the ABI: the heap object that owns a plugin's registration for its lifetime,
// and the C entry points (init, start, stop, handler) that wrap it. Nothing here lets an
// exception cross into the host. Compiles as C++17.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "atrium/abi.h"
#include "atrium/context.hpp"
#include "atrium/detail/str.hpp"
#include "atrium/http_error.hpp"
#include "atrium/plugin.hpp"
#include "atrium/request.hpp"
#include "atrium/response.hpp"
#include "atrium/validation.hpp"

namespace atrium::sdk::detail {

inline void writeMessage(char* buf, size_t size, std::string_view message) noexcept {
  if (buf == nullptr || size == 0) return;
  const size_t n = std::min(message.size(), size - 1);
  std::memcpy(buf, message.data(), n);
  buf[n] = '\0';
}

// Owned by the plugin from init until the host calls stop (or until init fails).
class PluginState {
 public:
  struct Slot {
    PluginState* owner;
    const Registrar::HandlerSpec* spec;
  };

  PluginState(const atrium_host_api* host, char* error_buf, size_t error_buf_size)
      : host_(host), error_buf_(error_buf), error_buf_size_(error_buf_size) {}

  Registrar& registrar() noexcept { return registrar_; }

  // Freezes the registration and builds the handler table the host reads.
  void finish() {
    const auto& specs = registrar_.handlers_;
    slots_.reserve(specs.size());
    defs_.reserve(specs.size());
    for (const auto& spec : specs) {
      if (!spec.fn) throw std::invalid_argument("handler '" + spec.id + "' has no function");
      slots_.push_back(Slot{this, &spec});
    }
    for (auto& slot : slots_) {
      atrium_handler_def def{};
      def.id = str(slot.spec->id);
      def.fn = &PluginState::handle;
      def.handler_data = &slot;
      def.flags = slot.spec->nonblocking ? ATRIUM_HANDLER_NONBLOCKING : 0u;
      def.description = str(slot.spec->description);
      defs_.push_back(def);
    }
    for (const auto& owner : registrar_.sql_owners_) sql_owners_.push_back(str(owner));
  }

  void fill(atrium_plugin_api& api) {
    api.name = str(registrar_.name_);
    api.version = str(registrar_.version_);
    api.description = str(registrar_.description_);
    api.config_schema_yaml = str(registrar_.config_schema_);
    api.handlers = defs_.data();
    api.handler_count = defs_.size();
    api.state = this;
    api.start = &PluginState::start;
    api.stop = &PluginState::stop;
    api.error_buf = error_buf_;
    api.error_buf_size = error_buf_size_;
    api.sql_owners = sql_owners_.empty() ? nullptr : sql_owners_.data();
    api.sql_owner_count = sql_owners_.size();
  }

  void writeError(std::string_view message) noexcept {
    writeMessage(error_buf_, error_buf_size_, message);
  }

  static atrium_status start(void* state, atrium_plugin_ctx* ctx) noexcept {
    auto* self = static_cast<PluginState*>(state);
    try {
      const std::string_view text = view(self->host_->config_json(ctx));
      nlohmann::json config =
          text.empty() ? nlohmann::json::object() : nlohmann::json::parse(text.begin(), text.end());
      self->context_.emplace(self->host_, ctx, std::move(config));
      if (self->registrar_.on_start_) self->registrar_.on_start_(*self->context_);
      self->started_ = true;
      return ATRIUM_OK;
    } catch (const std::exception& e) {
      self->writeError(e.what());
    } catch (...) {
      self->writeError("onStart threw an exception that is not a std::exception");
    }
    return ATRIUM_ERR_INTERNAL;
  }

  // Runs onStop when the plugin started, then frees everything init allocated.
  static void stop(void* state) noexcept {
    auto* self = static_cast<PluginState*>(state);
    if (self->started_ && self->registrar_.on_stop_) {
      try {
        self->registrar_.on_stop_(*self->context_);
      } catch (const std::exception& e) {
        self->context_->error(std::string("onStop failed: ") + e.what());
      } catch (...) {
        self->context_->error("onStop failed with an unknown exception");
      }
    }
    delete self;
  }

  static atrium_status handle(void* handler_data, atrium_plugin_ctx* ctx, const atrium_request* req,
                              atrium_response* res) noexcept {
    const auto* slot = static_cast<const Slot*>(handler_data);
    PluginState* self = slot->owner;
    const atrium_host_api* host = self->host_;
    try {
      if (!self->context_) {
        host->response_set_failure(res, str("handler called before the plugin was started"));
        return ATRIUM_ERR_INTERNAL;
      }
      const Request request(host, req);
      const Response response = slot->spec->fn(*self->context_, request);
      return write(host, res, response);
    } catch (const HttpError& e) {
      if (!e.internal().empty()) {
        const atrium_log_level level = e.status() == 500   ? ATRIUM_LOG_ERROR
                                       : e.status() >= 500 ? ATRIUM_LOG_WARN
                                                           : ATRIUM_LOG_INFO;
        host->log(ctx, req, level, str(e.code() + ": " + e.internal()));
      }
      host->response_set_error(res, e.status(), str(e.code()), str(e.message()));
      if (const auto* invalid = dynamic_cast<const ValidationError*>(&e);
          invalid != nullptr &&
          ATRIUM_ABI_HAS_FIELD(host, atrium_host_api, response_set_error_fields)) {
        const std::string fields =
            fieldErrorsJson(invalid->errors())
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        host->response_set_error_fields(res, str(fields));
      }
      return ATRIUM_OK;
    } catch (const std::exception& e) {
      host->response_set_failure(res, str(e.what()));
    } catch (...) {
      host->response_set_failure(res, str("unknown exception (not a std::exception)"));
    }
    return ATRIUM_ERR_INTERNAL;
  }

 private:
  static atrium_status write(const atrium_host_api* host, atrium_response* res,
                             const Response& response) {
    for (const auto& [name, value] : response.headers()) {
      if (host->response_add_header(res, str(name), str(value)) != ATRIUM_OK) {
        const std::string detail = "response header '" + name +
                                   "' refused by the host (names must be HTTP tokens, values "
                                   "must not contain CR, LF or NUL)";
        host->response_set_failure(res, str(detail));
        return ATRIUM_ERR_INTERNAL;
      }
    }
    host->response_set_status(res, response.status());
    host->response_set_body(res, str(response.body()), str(response.contentType()));
    return ATRIUM_OK;
  }

  const atrium_host_api* host_;
  char* error_buf_;
  size_t error_buf_size_;
  Registrar registrar_;
  std::vector<Slot> slots_;
  std::vector<atrium_handler_def> defs_;
  std::vector<atrium_str> sql_owners_;
  std::optional<Context> context_;
  bool started_ = false;
};

inline std::string versionText(const atrium_abi_header& h) {
  return std::to_string(h.abi_major) + "." + std::to_string(h.abi_minor);
}

// The body of atrium_plugin_init (see ATRIUM_EXPORT_PLUGIN). Version rules from abi.h: the
// major must match; the plugin writes only within the bytes the host provides and reports how
// many it wrote.
inline atrium_status initPlugin(const atrium_host_api* host, atrium_plugin_api* plugin,
                                void (*register_fn)(Registrar&)) noexcept {
  if (plugin == nullptr || plugin->header.struct_size < sizeof(atrium_abi_header)) {
    return ATRIUM_ERR_INVALID_ARGUMENT;
  }
  // error_buf is host-provided; it exists in every 1.x descriptor.
  char* error_buf = nullptr;
  size_t error_buf_size = 0;
  if (ATRIUM_ABI_HAS_FIELD(plugin, atrium_plugin_api, error_buf_size)) {
    error_buf = plugin->error_buf;
    error_buf_size = plugin->error_buf_size;
  }
  const uint32_t host_size = plugin->header.struct_size;
  plugin->header.abi_major = ATRIUM_ABI_MAJOR;
  plugin->header.abi_minor = ATRIUM_ABI_MINOR;
  const std::string mine =
      std::to_string(ATRIUM_ABI_MAJOR) + "." + std::to_string(ATRIUM_ABI_MINOR);
  if (host == nullptr) {
    writeMessage(error_buf, error_buf_size, "atrium_plugin_init called without a host table");
    return ATRIUM_ERR_INVALID_ARGUMENT;
  }
  try {
    if (host->header.abi_major != ATRIUM_ABI_MAJOR) {
      writeMessage(error_buf, error_buf_size,
                   "plugin built for ABI " + mine + ", host speaks " + versionText(host->header) +
                       "; rebuild the plugin against this host's SDK");
      return ATRIUM_ERR_ABI_MISMATCH;
    }
    // Every function of ABI 1.0 is required; later minors are checked where they are used.
    if (!ATRIUM_ABI_HAS_FIELD(host, atrium_host_api, response_set_failure) ||
        !ATRIUM_ABI_HAS_FIELD(plugin, atrium_plugin_api, error_buf_size)) {
      writeMessage(error_buf, error_buf_size,
                   "the host's ABI tables are smaller than ABI 1.0 requires; the host is broken");
      return ATRIUM_ERR_ABI_MISMATCH;
    }
    auto state = std::make_unique<PluginState>(host, error_buf, error_buf_size);
    register_fn(state->registrar());
    state->finish();
    atrium_plugin_api local{};
    state->fill(local);
    const size_t written = std::min<size_t>(sizeof(local), host_size);
    local.header.struct_size = static_cast<uint32_t>(written);
    local.header.abi_major = ATRIUM_ABI_MAJOR;
    local.header.abi_minor = ATRIUM_ABI_MINOR;
    std::memcpy(plugin, &local, written);
    state.release();  // freed by PluginState::stop
    return ATRIUM_OK;
  } catch (const std::exception& e) {
    writeMessage(error_buf, error_buf_size, e.what());
  } catch (...) {
    writeMessage(error_buf, error_buf_size, "registration threw a non-std exception");
  }
  return ATRIUM_ERR_INTERNAL;
}

}  // namespace atrium::sdk::detail
