// admin: platform statistics for any product — counts and exact sums over tables the product's
// config names. Descriptor and registration only; the handler is in handlers/ (README.md).
// User management belongs to the accounts plugin (accounts.list_users, ban_user, unban_user).
#include <memory>

#include <atrium/sdk.hpp>

#include "atrium_config_schema.h"
#include "plugins/admin/handlers/handlers.hpp"

namespace atrium::plugins::admin {
namespace {

void registerPlugin(sdk::Registrar& r) {
  auto state = std::make_shared<State>();
  r.name("admin")
      .version("1.0.0")
      .description("Platform statistics: counts and exact sums over configured tables")
      .configSchema(atrium_config_schema_yaml)
      .onStart([state](Context& ctx) { startAdmin(ctx, *state); });
  r.handler(
      "admin.stats", [state](Context& ctx, const Request& req) { return stats(ctx, req, *state); },
      "The configured metrics ({name: number} in config order), read in one statement");
}

}  // namespace
}  // namespace atrium::plugins::admin

ATRIUM_EXPORT_PLUGIN(atrium::plugins::admin::registerPlugin);
