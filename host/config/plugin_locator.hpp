#pragma once

#include <optional>
#include <string>
#include <vector>

namespace atrium::host::config {

// The directories searched for plugins when the config sets no `plugin_dirs`: the `plugins`
// directory next to the running executable (/proc/self/exe), where the build puts them
// (build/atrium, build/plugins/<name>.so). Empty when the executable cannot be located.
std::vector<std::string> defaultPluginDirs();

// The first `<dir>/<name>.so` that is a regular file, in `dirs` order.
std::optional<std::string> findPluginFile(const std::string& name,
                                          const std::vector<std::string>& dirs);

}  // namespace atrium::host::config
