#include "host/plugin/handler_entry.hpp"

#include <iterator>
#include <utility>

namespace atrium::host::plugin {

void HandlerEntry::invoke(http::Request& request, http::Response& response) const {
  ResponseHandle scratch;
  const atrium_status status = owner->call(*def, request, scratch);
  if (status != ATRIUM_OK || !scratch.invalid.empty()) {
    std::string detail;
    if (status != ATRIUM_OK) {
      detail = scratch.failure.empty()
                   ? "handler failed with status " + std::to_string(status) + " and no detail"
                   : std::move(scratch.failure);
    } else {
      detail = std::move(scratch.invalid);
    }
    response.setError(500, "internal_error", "Internal server error", id + ": " + detail);
    return;
  }
  http::Response& out = scratch.response;
  response.status = out.status;
  response.headers.insert(response.headers.end(), std::make_move_iterator(out.headers.begin()),
                          std::make_move_iterator(out.headers.end()));
  response.body = std::move(out.body);
  response.content_type = std::move(out.content_type);
  response.has_error = out.has_error;
  response.error = std::move(out.error);
}

}  // namespace atrium::host::plugin
