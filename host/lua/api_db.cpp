// atrium.db.query(name, sql, params?) -> rows | nil, err: rows is an array of tables keyed by
// column (SQL NULL columns are absent). atrium.db.exec(name, sql, params?) -> {affected_rows=n}
// | nil, err. `name` names the statement in metrics and the slow-query log ("kaya.xp.get",
// [a-z0-9_.]); parameters are named (":id" in SQL, {id = 1} in Lua). err starts with the error
// kind: "unique_violation: ...", "unavailable: ...", "invalid_query: ...".
#include <stdexcept>
#include <string>

#include "host/db/database.hpp"
#include "host/db/database_error.hpp"
#include "host/db/query_error.hpp"
#include "host/lua/api.hpp"
#include "host/lua/engine_core.hpp"
#include "host/lua/lua_state.hpp"
#include "host/lua/lua_value.hpp"
#include "host/lua/worker_state.hpp"

namespace atrium::host::lua {
namespace {

// Reads params (argument 3): a table with string keys, or nothing.
bool readParams(lua_State* L, db::Params& params, std::string& error) {
  if (lua_isnoneornil(L, 3)) return true;
  if (!lua_istable(L, 3)) {
    error = "params must be a table";
    return false;
  }
  lua_pushnil(L);
  while (lua_next(L, 3) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      error = "parameter names must be strings";
      lua_pop(L, 2);
      return false;
    }
    const std::string name = lua_tostring(L, -2);
    try {
      params.push_back(db::Param{name, toDbValue(L, -1)});
    } catch (const ConversionError& e) {
      error = "parameter '" + name + "': " + e.what();
      lua_pop(L, 2);
      return false;
    }
    lua_pop(L, 1);
  }
  return true;
}

void pushRows(lua_State* L, const db::QueryResult& result) {
  lua_createtable(L, static_cast<int>(result.rows.size()), 0);
  int index = 0;
  for (const auto& row : result.rows) {
    lua_createtable(L, 0, static_cast<int>(row.size()));
    for (size_t column = 0; column < row.size(); ++column) {
      if (db::typeOf(row[column]) == db::ValueType::kNull) continue;
      pushDbValue(L, row[column]);
      lua_setfield(L, -2, result.columns[column].c_str());
    }
    lua_rawseti(L, -2, ++index);
  }
  pushArrayMetatable(L);
  lua_setmetatable(L, -2);
}

template <bool Rows>
int run(lua_State* L) {
  const ScriptApiContext& context = apiContext(L);
  const char* what = Rows ? "db.query: " : "db.exec: ";
  if (context.state->nonblocking()) {
    // A bug in the route's configuration, not an expected failure: the call stops here.
    return luaL_error(L,
                      "%scannot wait for the database on a nonblocking route (remove "
                      "`nonblocking: true` from the route or move the query elsewhere)",
                      what);
  }
  db::Database* database = context.state->core().database();
  if (database == nullptr) return pushFailure(L, std::string(what) + "no database");
  size_t name_length = 0;
  size_t sql_length = 0;
  const char* name = stringArgument(L, 1, &name_length);
  const char* sql = stringArgument(L, 2, &sql_length);
  if (name == nullptr || sql == nullptr) {
    return pushFailure(L, std::string(what) + "name and sql must be strings");
  }
  if (!db::isValidStatementName({name, name_length})) {
    return pushFailure(L, std::string(what) + "invalid statement name '" + name +
                              "' (use [a-z0-9_.], e.g. \"kaya.xp.get\")");
  }
  db::Params params;
  std::string error;
  if (!readParams(L, params, error)) return pushFailure(L, what + error);
  const std::string component = "lua." + context.script_id;
  db::QueryResult result;
  try {
    const WaitOutsideLua waiting(L);
    result =
        database->query(db::QueryTag{{name, name_length}, component, context.state->requestId()},
                        {sql, sql_length}, params);
  } catch (const db::QueryError& e) {
    return pushFailure(L, std::string(db::queryErrorKindName(e.kind())) + ": " + e.what());
  } catch (const db::DatabaseUnavailable& e) {
    return pushFailure(L, std::string("unavailable: ") + e.what());
  }
  if constexpr (Rows) {
    pushRows(L, result);
  } else {
    lua_createtable(L, 0, 1);
    lua_pushnumber(L, static_cast<lua_Number>(result.affected_rows));
    lua_setfield(L, -2, "affected_rows");
  }
  return 1;
}

constexpr ApiFunction kFunctions[] = {
    {"query", guarded<run<true>>},
    {"exec", guarded<run<false>>},
};

}  // namespace

void pushDbApi(lua_State* L, ScriptApiContext& context) {
  lua_createtable(L, 0, 2);
  setFunctions(L, kFunctions, &context);
}

}  // namespace atrium::host::lua
