#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace atrium::host::config {

// A configuration problem. Each message is complete on its own and names where it is:
// "config/app.yaml:12:5: routes[3].handler: unknown handler 'hello.nope'".
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> messages);
  explicit ConfigError(std::string message)
      : ConfigError(std::vector<std::string>{std::move(message)}) {}
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::vector<std::string> messages_;
};

}  // namespace atrium::host::config
