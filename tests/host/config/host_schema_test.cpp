#include "host/config/host_schema.hpp"

#include <gtest/gtest.h>

namespace atrium::host::config {
namespace {

TEST(HostSchemaTest, EmbeddedSchemaParses) {
  EXPECT_NO_THROW(hostSchema());
  EXPECT_NE(hostSchema().describe().find("listen (string, default \"127.0.0.1:8080\")"),
            std::string::npos);
}

TEST(HostSchemaTest, RejectsUnknownTopLevelKeys) {
  std::vector<std::string> errors;
  hostSchema().validate(YAML::Load("databse: x"), "a.yaml", "", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("a.yaml:1:1: databse: unknown key 'databse' (known keys: product, ", 0),
            0u)
      << errors[0];
}

}  // namespace
}  // namespace atrium::host::config
