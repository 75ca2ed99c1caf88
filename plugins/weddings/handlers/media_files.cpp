#include "plugins/weddings/handlers/media_files.hpp"

#include <exception>

namespace atrium::plugins::weddings {

void removeMediaFiles(Context& ctx, const Request& req, const std::vector<std::string>& keys) {
  if (keys.empty()) return;
  for (const std::string& key : keys) {
    try {
      if (!ctx.storage(req).remove(key)) {
        ctx.warn("media file " + key + " was already gone from storage", req);
      }
    } catch (const std::exception& e) {
      ctx.error("media file " + key + " could not be removed from storage: " + e.what(), req);
    }
  }
}

}  // namespace atrium::plugins::weddings
