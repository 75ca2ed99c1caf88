#include "host/cli/cli.hpp"

int main(int argc, char** argv) { return atrium::host::cli::run(argc, argv); }
