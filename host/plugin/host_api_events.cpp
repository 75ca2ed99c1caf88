// The events part of the host's function table (ABI 1.3): events_publish hands an event to the
// host's events service (host/services/events). noexcept; nothing a plugin passes can crash
// the host.
#include <stdexcept>
#include <string>

#include "host/plugin/host_api.hpp"
#include "host/services/events/events_service.hpp"

namespace atrium::host::plugin {
namespace {

std::string_view checkedView(atrium_str value, const char* what) {
  if (value.ptr == nullptr && value.len != 0) {
    throw std::invalid_argument(std::string(what) + " has a NULL pointer with a non-zero length");
  }
  return view(value);
}

atrium_status eventsPublish(atrium_plugin_ctx* ctx, atrium_str channel, atrium_str event_name,
                            atrium_str data_json, uint64_t* out_id, char* error_buf,
                            size_t error_buf_size) noexcept {
  writeError(error_buf, error_buf_size, "");
  try {
    PluginContext* plugin = contextOf(ctx);
    if (plugin == nullptr) throw std::invalid_argument("ctx is NULL");
    if (plugin->events == nullptr || !plugin->events->config().enabled) {
      writeError(error_buf, error_buf_size, "no events service in this process");
      return ATRIUM_ERR_UNAVAILABLE;
    }
    const uint64_t id = plugin->events->publish(checkedView(channel, "channel"),
                                                checkedView(event_name, "event_name"),
                                                checkedView(data_json, "data_json"));
    if (out_id != nullptr) *out_id = id;
    return ATRIUM_OK;
  } catch (const std::invalid_argument& e) {  // PublishError included
    writeError(error_buf, error_buf_size, e.what());
    return ATRIUM_ERR_INVALID_ARGUMENT;
  } catch (const std::exception& e) {
    writeError(error_buf, error_buf_size, e.what());
    return ATRIUM_ERR_INTERNAL;
  } catch (...) {
    writeError(error_buf, error_buf_size, "unknown error");
    return ATRIUM_ERR_INTERNAL;
  }
}

}  // namespace

void addEventsApi(atrium_host_api& api) noexcept { api.events_publish = &eventsPublish; }

}  // namespace atrium::host::plugin
