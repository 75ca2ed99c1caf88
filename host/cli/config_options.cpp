#include "host/cli/config_options.hpp"

#include <stdexcept>

#include "host/config/config_loader.hpp"

namespace atrium::host::cli {

config::HostConfig loadConfigFromArguments(const Arguments& args) {
  auto path = args.value("config");
  if (!path || path->empty()) throw std::invalid_argument("--config FILE is required");
  auto config = config::loadHostConfig(*path);
  if (auto listen = args.value("listen")) {
    config.server.listen = config::parseListenAddress(*listen);
  }
  return config;
}

}  // namespace atrium::host::cli
