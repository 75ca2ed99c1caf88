#pragma once

#include <string>

#include "tests/support/paths.hpp"

namespace atrium::testing {

// A product config exercising the host core with the test plugins (tests/fixtures/plugins).
// `extra_server` is spliced into the server block, `extra_top` at the top level.
inline std::string hostCoreConfig(const std::string& extra_server = "",
                                  const std::string& extra_top = "") {
  const std::string plugins = testPluginDir().string();
  return R"(product: hostcore
server:
  listen: "127.0.0.1:0"
  worker_threads: 8
  header_timeout: 1s
  drain_timeout: 10s
)" + extra_server +
         R"(
plugin_dirs: [")" +
         plugins + R"("]
plugins:
  - name: testkit
    config:
      greeting: "hi there"
  - name: c_plugin
cors:
  web:
    allowed_origins: ["https://app.example.com"]
    allowed_methods: [GET, POST]
    allowed_headers: [Content-Type, Authorization]
    allow_credentials: true
    max_age: 10m
envelopes:
  product:
    error: {success: false, message: "{{message}}"}
defaults:
  envelope: default
routes:
  - {method: GET, path: /echo/:id, handler: testkit.echo}
  - {method: POST, path: /echo/:id, handler: testkit.echo, body_limit: 1KiB}
  - {method: GET, path: /sleep, handler: testkit.sleep}
  - {method: GET, path: /throw, handler: testkit.throw}
  - {method: GET, path: /conflict, handler: testkit.http_error, envelope: product}
  - {method: GET, path: /json, handler: testkit.json}
  - {method: GET, path: /headers, handler: testkit.headers}
  - {method: GET, path: /config, handler: testkit.config}
  - {method: GET, path: /c/hello, handler: c_plugin.hello}
  - {method: GET, path: /web/items, handler: testkit.json, cors: web}
  - {method: POST, path: /web/items, handler: testkit.echo, cors: web}
)" + extra_top;
}

}  // namespace atrium::testing
