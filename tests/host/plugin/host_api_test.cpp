#include "host/plugin/host_api.hpp"

#include <gtest/gtest.h>

#include "tests/host/plugin/plugin_test_support.hpp"

namespace atrium::host::plugin {
namespace {

atrium_str s(std::string_view text) { return atrium_str{text.data(), text.size()}; }
std::string_view v(atrium_str text) { return std::string_view(text.ptr, text.len); }

class HostApiTest : public ::testing::Test {
 protected:
  atrium_host_api api_ = makeHostApi();
  http::Request request_ = test::makeRequest("GET", "/a/b");
  RequestHandle request_handle_{&request_, "x.y"};
  ResponseHandle response_;
  const atrium_request* req() { return toAbi(&request_handle_); }
  atrium_response* res() { return toAbi(&response_); }
};

TEST_F(HostApiTest, HeaderDescribesThisAbi) {
  EXPECT_EQ(api_.header.struct_size, sizeof(atrium_host_api));
  EXPECT_EQ(api_.header.abi_major, ATRIUM_ABI_MAJOR);
  EXPECT_EQ(api_.header.abi_minor, ATRIUM_ABI_MINOR);
}

TEST_F(HostApiTest, AddHeaderRefusesInjectionAndFramingHeaders) {
  EXPECT_EQ(api_.response_add_header(res(), s("X-Ok"), s("fine")), ATRIUM_OK);
  EXPECT_EQ(api_.response_add_header(res(), s("X-Bad"), s("a\r\nSet-Cookie: x=1")),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.response_add_header(res(), s("X Bad"), s("v")), ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.response_add_header(res(), s(""), s("v")), ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.response_add_header(res(), s("content-length"), s("5")),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.response_add_header(res(), s("Transfer-Encoding"), s("chunked")),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.response_add_header(res(), atrium_str{nullptr, 3}, s("v")),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.response_add_header(res(), s("Content-Type"), s("text/csv")), ATRIUM_OK);
  EXPECT_EQ(api_.response_add_header(res(), s("X-Ok"), s("again")), ATRIUM_OK);
  const std::vector<http::NameValue> expected = {{"X-Ok", "fine"}, {"X-Ok", "again"}};
  EXPECT_EQ(response_.response.headers, expected);
  EXPECT_EQ(response_.response.content_type, "text/csv");
}

TEST_F(HostApiTest, RequestAccessorsAndLookups) {
  request_.query = {{"a", "1"}, {"a", "2"}};
  request_.headers = {{"X-Thing", "yes"}};
  request_.params = {{"id", "7"}};
  EXPECT_EQ(v(api_.request_method(req())), "GET");
  EXPECT_EQ(v(api_.request_path(req())), "/a/b");
  EXPECT_EQ(v(api_.request_id(req())), "req-123");
  EXPECT_EQ(api_.request_principal_json(req()).len, 0u);
  atrium_str out{};
  EXPECT_EQ(api_.request_query(req(), s("a"), &out), 1);
  EXPECT_EQ(v(out), "1");
  EXPECT_EQ(api_.request_header(req(), s("x-THING"), &out), 1);
  EXPECT_EQ(v(out), "yes");
  EXPECT_EQ(api_.request_param(req(), s("id"), &out), 1);
  EXPECT_EQ(v(out), "7");
  EXPECT_EQ(api_.request_param(req(), s("nope"), &out), 0);
  EXPECT_EQ(api_.request_query_count(req()), 2u);
  atrium_str name{};
  atrium_str value{};
  EXPECT_EQ(api_.request_query_at(req(), 1, &name, &value), 1);
  EXPECT_EQ(v(name), "a");
  EXPECT_EQ(v(value), "2");
  EXPECT_EQ(api_.request_query_at(req(), 2, &name, &value), 0);
  EXPECT_EQ(api_.request_header_count(req()), 1u);
}

TEST_F(HostApiTest, NullHandlesAreHarmless) {
  EXPECT_EQ(api_.request_method(nullptr).len, 0u);
  atrium_str out{};
  EXPECT_EQ(api_.request_query(nullptr, s("a"), &out), 0);
  EXPECT_EQ(api_.request_header_count(nullptr), 0u);
  api_.response_set_status(nullptr, 200);
  api_.response_set_body(nullptr, s("x"), s("text/plain"));
  api_.response_set_error(nullptr, 404, s("not_found"), s("no"));
  api_.response_set_failure(nullptr, s("x"));
  api_.log(nullptr, nullptr, ATRIUM_LOG_ERROR, s("dropped"));
  EXPECT_EQ(v(api_.config_json(nullptr)), "{}");
  EXPECT_EQ(api_.response_add_header(nullptr, s("X"), s("y")), ATRIUM_ERR_INVALID_ARGUMENT);
}

TEST_F(HostApiTest, ErrorsNeedAnErrorStatus) {
  api_.response_set_error(res(), 404, s(""), s("Nothing here"));
  EXPECT_TRUE(response_.response.has_error);
  EXPECT_EQ(response_.response.error.code, "error");
  EXPECT_EQ(response_.invalid, "");
  api_.response_set_error(res(), 200, s("ok"), s("not an error"));
  EXPECT_EQ(response_.invalid, "handler set an error with status 200 (expected 400..599)");
}

TEST_F(HostApiTest, LogMapsLevelsAndTagsTheRequest) {
  test::CapturedLog log;
  PluginContext context(log.sink(), "demo");
  api_.log(toAbi(&context), req(), 35, s("between warn and error"));
  api_.log(toAbi(&context), nullptr, ATRIUM_LOG_DEBUG, s("no request"));
  const std::string text = log.text();
  const auto first = nlohmann::json::parse(text.substr(0, text.find('\n')));
  EXPECT_EQ(first["logger"], "plugin.demo");
  EXPECT_EQ(first["level"], "warn");
  EXPECT_EQ(first["request_id"], "req-123");
  EXPECT_EQ(first["handler"], "x.y");
  const auto second = nlohmann::json::parse(text.substr(text.find('\n') + 1));
  EXPECT_EQ(second["level"], "debug");
  EXPECT_FALSE(second.contains("request_id"));
}

}  // namespace
}  // namespace atrium::host::plugin
