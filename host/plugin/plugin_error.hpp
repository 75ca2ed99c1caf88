#pragma once

#include <stdexcept>

namespace atrium::host::plugin {

// A plugin that cannot be loaded or started. The message is complete on its own: it names the
// plugin file and says what to do.
class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace atrium::host::plugin
