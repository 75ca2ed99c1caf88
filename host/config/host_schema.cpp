#include "host/config/host_schema.hpp"

namespace atrium::host::config {

const Schema& hostSchema() {
  static const Schema schema = Schema::parse(kHostSchemaYaml, "host_schema.yaml");
  return schema;
}

}  // namespace atrium::host::config
