#pragma once

// The config tests speak in std::string paths; this adapts the shared test TempDir
// (tests/support/temp_dir.hpp) to that.

#include <string>

#include "tests/support/temp_dir.hpp"

namespace atrium::host::config::testing {

class TempDir {
 public:
  const std::string& path() const { return path_; }
  // Writes `text` to `relative` (creating parent directories); returns the absolute path.
  std::string write(const std::string& relative, const std::string& text) const {
    return dir_.write(relative, text).string();
  }

 private:
  atrium::testing::TempDir dir_{"atrium-config-test"};
  std::string path_ = dir_.path().string();
};

}  // namespace atrium::host::config::testing
