// Server-sent events (ABI 1.3, docs/plugins.md "Real-time events"). Compiles as C++17:
//
//   ctx.events().publish("user:" + user_id, "gift.received", {{"gift_id", id}});
//   ctx.events().publish("conversation:" + id, "message.created", message_json);
//
// A bad channel or event name, or data over events.max_event_bytes, is a 500 HttpError (a bug
// in the plugin, logged); a host without events is a 500 too.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "atrium/abi.h"
#include "atrium/detail/str.hpp"
#include "atrium/http_error.hpp"

namespace atrium::sdk {

class Events {
 public:
  Events(const atrium_host_api* host, atrium_plugin_ctx* ctx) : host_(host), ctx_(ctx) {
    if (!ATRIUM_ABI_HAS_FIELD(host_, atrium_host_api, events_publish)) {
      throw std::runtime_error(
          "this host does not provide events (it needs ABI 1.3, the host speaks " +
          std::to_string(host_->header.abi_major) + "." + std::to_string(host_->header.abi_minor) +
          ")");
    }
  }

  // Publishes `data` as `event_name` on `channel`; returns the event id.
  uint64_t publish(std::string_view channel, std::string_view event_name,
                   const nlohmann::json& data) const {
    return publishJson(channel, event_name, data.dump());
  }
  // The same with JSON text.
  uint64_t publishJson(std::string_view channel, std::string_view event_name,
                       std::string_view data_json) const {
    char error[256];
    uint64_t id = 0;
    const atrium_status status =
        host_->events_publish(ctx_, detail::str(channel), detail::str(event_name),
                              detail::str(data_json), &id, error, sizeof error);
    if (status != ATRIUM_OK) {
      throw HttpError(500, "internal_error", "Internal server error",
                      std::string("events_publish: ") + error);
    }
    return id;
  }

 private:
  const atrium_host_api* host_;
  atrium_plugin_ctx* ctx_;
};

}  // namespace atrium::sdk
