// Start-up: settings from the config, then a probe of every metric against the database.
#include <stdexcept>

#include "plugins/admin/domain/stats_query.hpp"
#include "plugins/admin/handlers/db_params.hpp"
#include "plugins/admin/handlers/handlers.hpp"

namespace atrium::plugins::admin {

void startAdmin(const Context& ctx, State& state) {
  try {
    state.settings = parseSettings(ctx.config());
  } catch (const MetricError& e) {
    throw std::runtime_error(std::string("config: ") + e.what());
  }
  state.cache = std::make_unique<StatsCache>(state.settings.cache_ttl);
  const sdk::Db db = ctx.db();
  for (size_t i = 0; i < state.settings.metrics.size(); ++i) {
    const Metric& metric = state.settings.metrics[i];
    const Statement probe = probeStatement(metric);
    try {
      db.query("admin.stats_probe", probe.sql, dbParams(probe.params));
    } catch (const sdk::DbError& e) {
      if (e.kind() == sdk::DbErrorKind::kUnavailable) {
        ctx.debug("no database in this process: the stats tables are not checked");
        return;
      }
      throw std::runtime_error("config: stats[" + std::to_string(i) + "] (" + metric.name +
                               "): table '" + metric.table +
                               "' or one of its columns cannot be read: " + e.detail());
    }
  }
}

}  // namespace atrium::plugins::admin
