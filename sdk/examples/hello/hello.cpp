// hello: the smallest complete Atrium plugin. One handler, hello.greet, answering
//   GET /hello?name=Ada  ->  200 {"message": "Hello, Ada!"}
#include <string>

#include <atrium/sdk.hpp>

#include "atrium_config_schema.h"  // generated from config_schema.yaml by atrium_add_plugin

namespace hello {

using atrium::sdk::Context;
using atrium::sdk::Request;
using atrium::sdk::Response;

// Handlers run concurrently on worker threads: this one only reads shared state.
Response greet(Context& ctx, const Request& req) {
  const std::string name(req.query("name").value_or("world"));
  if (name.size() > 100) {
    throw atrium::sdk::badRequest("name must be at most 100 characters", "invalid_name");
  }
  const std::string greeting = ctx.config().at("greeting").get<std::string>();
  return Response::json({{"message", greeting + ", " + name + "!"}});
}

void registerPlugin(atrium::sdk::Registrar& r) {
  r.name("hello")
      .version("1.0.0")
      .description("Says hello")
      .configSchema(atrium_config_schema_yaml)
      .handler("hello.greet", greet, "Greets ?name= with the configured greeting", true);
}

}  // namespace hello

ATRIUM_EXPORT_PLUGIN(hello::registerPlugin);
