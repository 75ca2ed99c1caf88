#pragma once

namespace atrium::host::cli {

// Entry point of the `atrium` command line: serve, check-config, migrate, plugin info, ...
int run(int argc, char** argv);

}  // namespace atrium::host::cli
