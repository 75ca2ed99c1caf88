#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace atrium::host::cli {

// Each command takes its arguments (after the command words) and returns the exit code.
// Errors are printed to `err` as precise messages, never as stack traces.
int serveCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int checkConfigCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int migrateCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int pluginInfoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int scriptRunCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int scriptTestCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace atrium::host::cli
