// The admin plugin's handlers (plugins/admin/README.md). Thin: run the domain's statement, render
// the domain's view.
#pragma once

#include <memory>

#include <atrium/sdk.hpp>

#include "plugins/admin/domain/settings.hpp"
#include "plugins/admin/domain/stats_cache.hpp"

namespace atrium::plugins::admin {

using sdk::Context;
using sdk::Request;
using sdk::Response;

// Built by onStart, read by every request.
struct State {
  Settings settings;
  std::unique_ptr<StatsCache> cache;
};

// Parses the config and checks, on the migrated database, that every metric's table and columns
// exist (skipped by `atrium check`, which has no database). Throws std::runtime_error with the
// key and the database's message.
void startAdmin(const Context& ctx, State& state);

// admin.stats: the configured metrics, cached for cache_ttl.
Response stats(Context& ctx, const Request& req, const State& state);

}  // namespace atrium::plugins::admin
