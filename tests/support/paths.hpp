#pragma once

// Where the build put things. Test binaries (tests/CMakeLists.txt) and this library are compiled
// with ATRIUM_BIN, ATRIUM_SOURCE_DIR, ATRIUM_BINARY_DIR and ATRIUM_PLUGIN_DIR; the inline helpers
// exist only where those macros do. The library's own code takes paths as parameters and
// falls back to atriumBinary() below.

#include <filesystem>
#include <string>

namespace atrium::testing {

#ifdef ATRIUM_BIN
// The atrium executable of this build (build/atrium).
inline std::string atriumBin() { return ATRIUM_BIN; }
#endif
#ifdef ATRIUM_SOURCE_DIR
// The repository root.
inline std::filesystem::path sourceDir() { return ATRIUM_SOURCE_DIR; }
#endif
#ifdef ATRIUM_BINARY_DIR
// The CMake build directory (build/ or build-asan/).
inline std::filesystem::path binaryDir() { return ATRIUM_BINARY_DIR; }
#endif
#ifdef ATRIUM_PLUGIN_DIR
// build/plugins: in-tree plugins.
inline std::filesystem::path pluginDir() { return ATRIUM_PLUGIN_DIR; }
// build/plugins/test: fixture plugins such as testkit.so.
inline std::filesystem::path testPluginDir() {
  return std::filesystem::path(ATRIUM_PLUGIN_DIR) / "test";
}
#endif

// The binary TestServer and runAtrium use when none is given: $ATRIUM_BIN from the environment
// if set (to test an installed binary), else this build's atrium. Throws std::runtime_error
// when neither is known.
std::string atriumBinary();

}  // namespace atrium::testing
