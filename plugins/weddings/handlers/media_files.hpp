// Removing gallery files from the host's storage service once their rows are gone (or were never
// written). A file that cannot be removed is logged (with its key) and left: the rows decide what
// the gallery shows, so the client's answer does not depend on it.
#pragma once

#include <string>
#include <vector>

#include "plugins/weddings/handlers/handlers.hpp"

namespace atrium::plugins::weddings {

void removeMediaFiles(Context& ctx, const Request& req, const std::vector<std::string>& keys);

}  // namespace atrium::plugins::weddings
