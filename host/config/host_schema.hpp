#pragma once

#include "host/config/schema.hpp"

namespace atrium::host::config {

// host/config/host_schema.yaml, embedded by the build (cmake/EmbedText.cmake).
extern const char* const kHostSchemaYaml;

// The host config schema, parsed on first use. A malformed embedded schema is a build defect:
// the ConfigError it throws names "host_schema.yaml".
const Schema& hostSchema();

}  // namespace atrium::host::config
