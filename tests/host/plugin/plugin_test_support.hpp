#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "host/common/logger.hpp"
#include "host/http/request.hpp"
#include "host/http/response.hpp"
#include "tests/support/captured_log.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::plugin::test {

// build/plugins/test/<name>.so
inline std::string fixture(const std::string& name) {
  return (atrium::testing::testPluginDir() / (name + ".so")).string();
}

inline http::Request makeRequest(std::string method, std::string path) {
  http::Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.raw_target = request.path;
  request.client_ip = "203.0.113.7";
  request.request_id = "req-123";
  request.http_version = "HTTP/1.1";
  return request;
}

using CapturedLog = atrium::testing::CapturedLog;

}  // namespace atrium::host::plugin::test
