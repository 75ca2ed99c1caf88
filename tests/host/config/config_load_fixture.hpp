#pragma once

// A fixture that loads a host config from text with a fake environment (env_), for the tests of
// one config block's builder.

#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "host/config/config_error.hpp"
#include "host/config/config_loader.hpp"
#include "tests/host/config/temp_dir.hpp"

namespace atrium::host::config::testing {

class ConfigLoadTest : public ::testing::Test {
 protected:
  HostConfig load(const std::string& text) {
    const std::string path = dir_.write("config/app.yaml", text);
    return loadHostConfig(path,
                          [this](const std::string& name) -> std::optional<std::string> {
                            const auto it = env_.find(name);
                            if (it == env_.end()) return std::nullopt;
                            return it->second;
                          },
                          {}, {"/sql"});
  }
  // The ConfigError's text, or "" when the config loads.
  std::string errorOf(const std::string& text) {
    try {
      load(text);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
  TempDir dir_;
  std::map<std::string, std::string> env_;
};

}  // namespace atrium::host::config::testing
