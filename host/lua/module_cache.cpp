#include "host/lua/module_cache.hpp"

#include <vector>

#include "host/lua/sandbox.hpp"
#include "host/lua/worker_state.hpp"

namespace atrium::host::lua {
namespace {

// Clears the loading mark however load() ends (Lua errors unwind C++ frames on x64 LuaJIT).
struct LoadingMark {
  bool& flag;
  explicit LoadingMark(bool& f) : flag(f) { flag = true; }
  ~LoadingMark() { flag = false; }
};

bool validIdCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// "a.b.c" or "a/b/c" -> "a/b/c"; empty when the name is not a script id ("..", "/x", "a//b").
std::string scriptIdOf(std::string_view name) {
  std::string id;
  bool segment_start = true;
  for (const char c : name) {
    if (c == '.' || c == '/') {
      if (segment_start) return {};
      id += '/';
      segment_start = true;
    } else if (validIdCharacter(c)) {
      id += c;
      segment_start = false;
    } else {
      return {};
    }
  }
  return segment_start ? std::string() : id;
}

}  // namespace

void ModuleCache::push(lua_State* L, const ScriptRecord& record) {
  if (last_ == nullptr || last_->first != record.id) {
    auto it = modules_.find(record.id);
    if (it == modules_.end()) it = modules_.emplace(record.id, Module{}).first;
    last_ = &*it;
  }
  Module& module = last_->second;  // a reference: load() may push other modules (require)
  if (module.loading) {
    luaL_error(L, "circular require: '%s' is still loading", record.id.c_str());
  }
  if (module.ref == LUA_NOREF || module.build != record.build) load(L, record, module);
  lua_rawgeti(L, LUA_REGISTRYINDEX, module.ref);
}

void ModuleCache::load(lua_State* L, const ScriptRecord& record, Module& module) {
  if (record.version == 0) luaL_error(L, "script '%s' has no good version", record.id.c_str());
  luaL_unref(L, LUA_REGISTRYINDEX, module.ref);
  module.ref = LUA_NOREF;
  module.requires_.clear();
  const LoadingMark mark(module.loading);
  if (luaL_loadbufferx(L, record.source.data(), record.source.size(), record.chunk_name.c_str(),
                       "t") != 0) {
    lua_error(L);
  }
  pushScriptEnvironment(L, context(record.id), record);
  lua_setfenv(L, -2);
  lua_call(L, 0, 1);
  if (!lua_istable(L, -1)) {
    luaL_error(L, "%s must return a table of functions (it returned %s)",
               record.relative_file.c_str(), luaL_typename(L, -1));
  }
  module.ref = luaL_ref(L, LUA_REGISTRYINDEX);
  module.build = record.build;
}

void ModuleCache::dropStale(lua_State* L, const Registry& registry) {
  std::set<std::string, std::less<>> stale;
  for (const auto& [id, module] : modules_) {
    const ScriptRecord* record = registry.find(id);
    if (record == nullptr || record->build != module.build) stale.insert(id);
  }
  for (bool grew = !stale.empty(); grew;) {
    grew = false;
    for (const auto& [id, module] : modules_) {
      if (stale.contains(id)) continue;
      for (const std::string& dependency : module.requires_) {
        if (stale.contains(dependency)) {
          stale.insert(id);
          grew = true;
          break;
        }
      }
    }
  }
  if (!stale.empty()) {
    last_ = nullptr;
  }
  for (const std::string& id : stale) {
    const auto it = modules_.find(id);
    luaL_unref(L, LUA_REGISTRYINDEX, it->second.ref);
    modules_.erase(it);
  }
}

void ModuleCache::addDependency(std::string_view from, std::string_view to) {
  const auto it = modules_.find(from);
  if (it != modules_.end()) it->second.requires_.emplace(to);
}

ScriptApiContext& ModuleCache::context(std::string_view script_id) {
  auto it = contexts_.find(script_id);
  if (it == contexts_.end()) {
    auto context =
        std::make_unique<ScriptApiContext>(ScriptApiContext{&owner_, std::string(script_id)});
    it = contexts_.emplace(std::string(script_id), std::move(context)).first;
  }
  return *it->second;
}

// upvalue 1: the calling script's context; upvalue 2: its atrium table.
int requireModule(lua_State* L) {
  size_t length = 0;
  const char* name = luaL_checklstring(L, 1, &length);
  if (std::string_view(name, length) == "atrium") {
    lua_pushvalue(L, lua_upvalueindex(2));
    return 1;
  }
  const std::string id = scriptIdOf({name, length});
  if (id.empty()) {
    return luaL_error(L, "require: '%s' is not a script id (use \"product/area/name\")", name);
  }
  ScriptApiContext& caller = apiContext(L);
  const ScriptRecord* record = caller.state->registry().find(id);
  if (record == nullptr || record->version == 0) {
    return luaL_error(L, "require: module '%s' not found (no %s.lua under the scripts directory)",
                      name, id.c_str());
  }
  caller.state->modules().addDependency(caller.script_id, id);
  caller.state->modules().push(L, *record);
  return 1;
}

}  // namespace atrium::host::lua
