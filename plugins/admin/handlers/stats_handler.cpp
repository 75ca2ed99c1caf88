// admin.stats (routes with auth: required and roles: [<admin>]).
#include "plugins/admin/domain/stats_query.hpp"
#include "plugins/admin/domain/stats_view.hpp"
#include "plugins/admin/handlers/db_params.hpp"
#include "plugins/admin/handlers/handlers.hpp"

namespace atrium::plugins::admin {

Response stats(Context& ctx, const Request& req, const State& state) {
  if (auto cached = state.cache->get(StatsCache::Clock::now())) {
    return Response::bytes(std::move(*cached), "application/json");
  }
  const std::vector<Metric>& metrics = state.settings.metrics;
  const Statement statement = statsStatement(metrics);
  std::vector<int64_t> values;
  try {
    const sdk::Result rows =
        ctx.db(req).query("admin.stats", statement.sql, dbParams(statement.params));
    values.reserve(metrics.size());
    for (size_t i = 0; i < metrics.size(); ++i) values.push_back(rows[0].at(i).asInt());
  } catch (const sdk::DbError& e) {
    if (e.kind() == sdk::DbErrorKind::kInvalidQuery) {
      ctx.error(
          "the stats query failed (a table or column named in stats: is gone?): " + e.detail(),
          req);
    }
    throw;
  }
  std::string body = renderStats(metrics, values, state.settings.envelope);
  state.cache->put(body, StatsCache::Clock::now());
  return Response::bytes(std::move(body), "application/json");
}

}  // namespace atrium::plugins::admin
