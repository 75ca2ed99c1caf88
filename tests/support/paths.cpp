#include "tests/support/paths.hpp"

#include <cstdlib>
#include <stdexcept>

namespace atrium::testing {

std::string atriumBinary() {
  if (const char* env = std::getenv("ATRIUM_BIN"); env != nullptr && *env != '\0') return env;
#ifdef ATRIUM_BIN
  return atriumBin();
#else
  throw std::runtime_error(
      "atrium binary unknown: set ATRIUM_BIN or pass TestServerOptions::binary");
#endif
}

}  // namespace atrium::testing
