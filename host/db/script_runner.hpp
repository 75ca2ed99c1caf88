#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "host/db/connection_pool.hpp"

namespace atrium::host::db {

// A statement of a script failed. what() is the database's message on one line (PostgreSQL
// adds the SQLSTATE and the line of the script where the error is); never parameter values.
class ScriptError : public std::runtime_error {
 public:
  explicit ScriptError(const std::string& message) : std::runtime_error(message) {}
};

// Runs every statement of `script` (separated by ';') on the leased session, in order, through
// the native API: sqlite3_exec on SQLite, PQexec on PostgreSQL. SOCI's `session << sql` runs only
// the first statement of such a text on SQLite. Stops at the first failing statement and throws
// ScriptError; statements before it keep their effect unless the caller's transaction is rolled
// back. A lost PostgreSQL connection throws DatabaseUnavailable. Results are discarded; COPY
// FROM STDIN / TO STDOUT is not supported (ScriptError). No parameters: for trusted SQL files
// such as migrations, never for text built from input.
void runScript(Lease& lease, std::string_view script);

}  // namespace atrium::host::db
