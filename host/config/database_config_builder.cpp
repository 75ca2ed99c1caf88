// buildDatabase: the `database:` section.
#include "host/config/host_config_builder.hpp"

namespace atrium::host::config {

DatabaseConfig buildDatabase(ConfigBuildContext& ctx, const std::string& product,
                             const std::vector<std::string>& default_migrations_dirs) {
  const nlohmann::json& v = ctx.values().at("database");
  const YAML::Node yaml = ConfigBuildContext::child(ctx.root(), "database");
  DatabaseConfig db;
  if (v.contains("url")) {
    db.url = v.at("url").get<std::string>();
    db.url_origin =
        ctx.markOf(ConfigBuildContext::child(yaml, "url"), yaml).str() + ": database.url";
  } else {
    db.url = "sqlite://var/" + product + ".db";
    db.url_origin = ctx.file() + ": database.url (default)";
  }
  db.pool_size = v.at("pool_size").get<size_t>();
  db.acquire_timeout = std::chrono::milliseconds(v.at("acquire_timeout").get<int64_t>());
  db.statement_timeout = std::chrono::milliseconds(v.at("statement_timeout").get<int64_t>());
  db.busy_timeout = std::chrono::milliseconds(v.at("busy_timeout").get<int64_t>());
  db.slow_query_threshold = std::chrono::milliseconds(v.at("slow_query_threshold").get<int64_t>());
  db.max_result_bytes = v.at("max_result_size").get<size_t>();
  if (v.contains("migrate")) {
    db.migrate =
        v.at("migrate").get<std::string>() == "auto" ? MigrateMode::kAuto : MigrateMode::kManual;
  }
  if (v.contains("migrations_dirs")) {
    for (const auto& dir : v.at("migrations_dirs")) {
      db.migrations_dirs.push_back(ctx.resolvePath(dir.get<std::string>()));
    }
  } else {
    db.migrations_dirs = default_migrations_dirs;
  }
  return db;
}

}  // namespace atrium::host::config
