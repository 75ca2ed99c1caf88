#include "host/cli/cli.hpp"

#include <iostream>
#include <string>
#include <vector>

#include "atrium/abi.h"
#include "host/cli/commands.hpp"

namespace atrium::host::cli {
namespace {

constexpr const char* kUsage = R"(atrium — plugin-hosting application server

Usage:
  atrium serve --config FILE [--listen HOST:PORT]   serve HTTP with the given config
  atrium check-config --config FILE                 validate config, load plugins, check the
                                                    migration files, exit 0 or 1
  atrium migrate --config FILE [--status]           apply pending database migrations, or list
                                                    every migration's state
  atrium plugin info FILE.so                        describe a plugin: name, version, ABI,
                                                    handler ids, config schema
  atrium script run FILE.lua [--function NAME]     run one script function through the
      [--input FILE.json] [--scripts-dir DIR]       production engine, print its JSON result
  atrium script test [DIR]                          run the *.cases.yaml script cases under DIR
                                                    (default tests/scripts), exit 0 or 1
  atrium --version                                  print the version
  atrium help | --help | COMMAND --help             this text, or a command's help

Environment:
  ATRIUM_LISTEN         HOST:PORT to listen on; overrides server.listen in the config
                        (the --listen option overrides both)
  ATRIUM_DATABASE_URL   database URL; overrides database.url in the config

Documentation: docs/operations.md (operators), docs/plugins.md (plugin authors),
docs/configuration.md (every config key), docs/scripting.md (scripts; script run and test).
)";

void printVersion(std::ostream& out) {
  out << "atrium " << ATRIUM_VERSION << " (plugin ABI " << ATRIUM_ABI_MAJOR << "."
      << ATRIUM_ABI_MINOR << ")\n";
}

}  // namespace

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string& command = args[0];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "--version" || command == "version") {
    printVersion(std::cout);
    return 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "serve") return serveCommand(rest, std::cout, std::cerr);
  if (command == "check-config") return checkConfigCommand(rest, std::cout, std::cerr);
  if (command == "migrate") return migrateCommand(rest, std::cout, std::cerr);
  if (command == "plugin") {
    if (!rest.empty() && rest[0] == "info") {
      return pluginInfoCommand({rest.begin() + 1, rest.end()}, std::cout, std::cerr);
    }
    std::cerr << "atrium plugin: expected `atrium plugin info FILE.so`\n";
    return 2;
  }
  if (command == "script") {
    const std::string sub = rest.empty() ? "" : rest[0];
    const std::vector<std::string> sub_args(rest.begin() + (rest.empty() ? 0 : 1), rest.end());
    if (sub == "run") return scriptRunCommand(sub_args, std::cout, std::cerr);
    if (sub == "test") return scriptTestCommand(sub_args, std::cout, std::cerr);
    std::cerr << "atrium script: expected `atrium script run FILE.lua` or `atrium script test`\n";
    return 2;
  }
  std::cerr << "atrium: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}

}  // namespace atrium::host::cli
