#pragma once

#include <string>
#include <vector>

namespace atrium::host::config {

// The directories searched for migration owners when the config sets no
// `database.migrations_dirs`: the `sql` directory shipped with the running executable
// (/proc/self/exe). In a build tree that is `sql` next to the binary (build/sql, a symlink to
// the repository's sql/ made by CMake); in an installation `../share/atrium/sql` relative to
// bin/atrium. The first of the two that exists; when neither does, both (so that an error lists
// where it looked). Empty when the executable cannot be located.
std::vector<std::string> defaultMigrationsDirs();

}  // namespace atrium::host::config
