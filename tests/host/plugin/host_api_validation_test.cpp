// ABI 1.2 response_set_error_fields (host/plugin/host_api_validation.cpp).
#include <gtest/gtest.h>

#include "host/plugin/host_api.hpp"

namespace atrium::host::plugin {
namespace {

atrium_str s(std::string_view text) { return atrium_str{text.data(), text.size()}; }

class HostApiValidationTest : public ::testing::Test {
 protected:
  atrium_response* res() { return toAbi(&response_); }
  atrium_host_api api_ = makeHostApi();
  ResponseHandle response_;
};

TEST_F(HostApiValidationTest, FieldErrorsAttachToTheErrorSetBefore) {
  ASSERT_TRUE(ATRIUM_ABI_HAS_FIELD(&api_, atrium_host_api, response_set_error_fields));
  const std::string errors = R"([{"field":"email","message":"is required"}])";
  EXPECT_EQ(api_.response_set_error_fields(res(), s(errors)), ATRIUM_ERR_INVALID_ARGUMENT)
      << "no error set yet";
  api_.response_set_error(res(), 400, s("validation_failed"), s("Validation error"));
  EXPECT_EQ(api_.response_set_error_fields(res(), s(errors)), ATRIUM_OK);
  EXPECT_EQ(response_.response.error.errors, nlohmann::json::parse(errors));
}

TEST_F(HostApiValidationTest, RefusesAnythingButAFieldErrorList) {
  api_.response_set_error(res(), 400, s("validation_failed"), s("Validation error"));
  for (const char* bad :
       {"", "{", "{}", "[1]", R"([{"field":"a"}])", R"([{"field":"a","message":"m","extra":1}])",
        R"([{"field":1,"message":"m"}])"}) {
    EXPECT_EQ(api_.response_set_error_fields(res(), s(bad)), ATRIUM_ERR_INVALID_ARGUMENT) << bad;
  }
  std::string many = "[";
  for (int i = 0; i < 101; ++i)
    many += std::string(i ? "," : "") + R"({"field":"f","message":"m"})";
  many += "]";
  EXPECT_EQ(api_.response_set_error_fields(res(), s(many)), ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_TRUE(response_.response.error.errors.is_null());
  EXPECT_EQ(api_.response_set_error_fields(nullptr, s("[]")), ATRIUM_ERR_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace atrium::host::plugin
