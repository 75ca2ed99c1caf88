#include "host/cli/cli.hpp"

namespace atrium::host::cli {
int run(int, char**) { return 0; }
}  // namespace atrium::host::cli
