#pragma once

#include <string>

#include "host/http/request.hpp"
#include "host/http/response.hpp"
#include "host/plugin/loaded_plugin.hpp"

namespace atrium::host::plugin {

// A handler id the routes can name, bound to the loaded plugin that serves it. Owned by the
// PluginManager; shared read-only by every worker thread.
struct HandlerEntry {
  std::string id;            // "testkit.echo"
  std::string plugin;        // "testkit"
  bool nonblocking = false;  // ATRIUM_HANDLER_NONBLOCKING: may run on the network thread
  std::string description;

  // Runs the handler through the ABI and writes its answer into `response` (status, body,
  // content type; headers are appended to those already there). A handler that failed
  // unexpectedly (non-OK status, an exception in the C++ SDK, or a response the host refuses
  // such as a bad status) leaves `response` as setError(500, "internal_error",
  // "Internal server error", "<id>: <detail>"); what the handler wrote is discarded. A handler
  // that wrote nothing answers 200 with an empty body: that is a valid answer, not an error.
  void invoke(http::Request& request, http::Response& response) const;

  const LoadedPlugin* owner = nullptr;
  const HandlerDef* def = nullptr;
};

}  // namespace atrium::host::plugin
