#include "host/lua/script_catalog.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <lua.hpp>

#include "host/lua/engine_core.hpp"
#include "host/lua/worker_state.hpp"

namespace atrium::host::lua {
namespace fs = std::filesystem;
namespace {

// Files and folders whose name starts with '.' (editor swap and backup files) are skipped.
bool hidden(const fs::path& relative) {
  for (const auto& part : relative) {
    if (!part.empty() && part.string()[0] == '.') return true;
  }
  return false;
}

std::string readText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ScriptLimits resolveLimits(const EngineOptions& options, const std::string& id) {
  ScriptLimits limits = options.limits;
  const auto it = options.per_script.find(id);
  if (it == options.per_script.end()) return limits;
  if (it->second.instructions != 0) limits.instructions = it->second.instructions;
  if (it->second.memory_bytes != 0) limits.memory_bytes = it->second.memory_bytes;
  if (it->second.run_time.count() != 0) limits.run_time = it->second.run_time;
  return limits;
}

// Syntax only, in a throwaway state; "" when the chunk compiles.
std::string syntaxError(const std::string& source, const std::string& chunk_name) {
  lua_State* L = luaL_newstate();
  if (L == nullptr) return "cannot create a Lua state";
  std::string error;
  if (luaL_loadbufferx(L, source.data(), source.size(), chunk_name.c_str(), "t") != 0) {
    error = lua_tostring(L, -1) != nullptr ? lua_tostring(L, -1) : "compile error";
  }
  lua_close(L);
  return error;
}

std::string located(const std::string& error, const std::string& relative_file) {
  return error.rfind(relative_file, 0) == 0 ? error : relative_file + ": " + error;
}

}  // namespace

std::vector<std::string> ScriptCatalog::scan(bool settle) {
  const std::lock_guard lock(mutex_);
  const std::shared_ptr<const Registry> current = core_.snapshot();
  std::vector<std::string> removed;
  const std::vector<Change> changes = findChanges(*current, settle, removed);
  if (!changes.empty() || !removed.empty()) {
    auto next = std::make_shared<Registry>(*current);
    for (const std::string& id : removed) next->scripts.erase(id);
    std::vector<std::string> candidates;
    for (const Change& change : changes) {
      const ScriptRecord* previous = current->find(change.id);
      auto record = compile(change, previous);
      if (record->error.empty() && record->version != (previous ? previous->version : 0)) {
        candidates.push_back(change.id);
      }
      next->scripts[change.id] = std::move(record);
    }
    validate(*next, candidates, *current);
    report(*next, *current, removed);
    core_.publish(next);
  }
  std::vector<std::string> errors;
  std::error_code ec;
  if (!fs::is_directory(core_.options().scripts_dir, ec)) {
    errors.push_back(core_.options().scripts_dir.string() + ": scripts directory not found");
  }
  for (const auto& [id, record] : core_.snapshot()->scripts) {
    if (!record->error.empty()) errors.push_back(record->error);
  }
  std::sort(errors.begin(), errors.end());
  return errors;
}

std::vector<ScriptCatalog::Change> ScriptCatalog::findChanges(const Registry& current, bool settle,
                                                              std::vector<std::string>& removed) {
  const fs::path& root = core_.options().scripts_dir;
  std::set<std::string> present;
  std::vector<Change> changes;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    const fs::path relative = it->path().lexically_relative(root);
    struct stat info {};
    if (hidden(relative) || it->path().extension() != ".lua" ||
        ::stat(it->path().c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
      continue;
    }
    std::string id = relative.generic_string();
    id.resize(id.size() - 4);
    present.insert(id);
    const Signature signature{info.st_mtim.tv_sec * 1'000'000'000 + info.st_mtim.tv_nsec,
                              static_cast<int64_t>(info.st_size),
                              static_cast<uint64_t>(info.st_ino)};
    FileEntry& entry = files_[id];
    const bool changed = entry.compiled != signature || current.find(id) == nullptr;
    const bool settled = !settle || entry.seen == signature;
    entry.seen = signature;
    if (!changed || !settled) continue;
    entry.compiled = signature;
    changes.push_back(Change{id, relative.generic_string(), readText(it->path())});
  }
  for (const auto& [id, record] : current.scripts) {
    if (!present.contains(id)) removed.push_back(id);
  }
  std::erase_if(files_, [&](const auto& item) { return !present.contains(item.first); });
  return changes;
}

std::shared_ptr<ScriptRecord> ScriptCatalog::compile(const Change& change,
                                                     const ScriptRecord* previous) {
  auto record = previous != nullptr ? std::make_shared<ScriptRecord>(*previous)
                                    : std::make_shared<ScriptRecord>();
  if (previous == nullptr) {
    const EngineOptions& options = core_.options();
    record->id = change.id;
    record->relative_file = change.relative_file;
    record->chunk_name = "@" + change.relative_file;
    record->stats = &core_.metrics().forScript(change.id);
    record->limits = resolveLimits(options, change.id);
    const auto config = options.script_config.find(change.id);
    record->config = std::make_shared<const nlohmann::json>(
        config == options.script_config.end() ? nlohmann::json::object() : config->second);
  }
  if (previous != nullptr && previous->version != 0 && previous->source == change.source) {
    record->error.clear();  // touched, not changed
    return record;
  }
  const std::string error = syntaxError(change.source, record->chunk_name);
  if (!error.empty()) {
    record->error = located(error, record->relative_file);
    return record;
  }
  record->source = change.source;
  record->version += 1;
  record->build = ++last_build_;
  record->error.clear();
  record->loaded_at = std::chrono::system_clock::now();
  return record;
}

// Runs each candidate's top level once in a scratch state that sees the new registry; a
// failure puts the previous version back with the error.
void ScriptCatalog::validate(Registry& next, const std::vector<std::string>& candidates,
                             const Registry& current) const {
  if (candidates.empty()) return;
  auto pinned = std::make_shared<Registry>(next);
  WorkerState checker(core_, pinned);
  for (const std::string& id : candidates) {
    const std::string error = checker.tryLoad(id);
    if (error.empty()) continue;
    const ScriptRecord* previous = current.find(id);
    auto record = previous != nullptr ? std::make_shared<ScriptRecord>(*previous)
                                      : std::make_shared<ScriptRecord>(*next.find(id));
    if (previous == nullptr) {
      record->version = 0;
      record->source.clear();
    }
    record->error = located(error, record->relative_file);
    next.scripts[id] = std::move(record);
  }
}

void ScriptCatalog::report(const Registry& next, const Registry& current,
                           const std::vector<std::string>& removed) const {
  const common::Logger& logger = core_.logger();
  for (const std::string& id : removed) logger.info("script removed", {{"script", id}});
  for (const auto& [id, record] : next.scripts) {
    const ScriptRecord* previous = current.find(id);
    if (!record->error.empty() && (previous == nullptr || previous->error != record->error)) {
      logger.error(
          "script compile failed",
          {{"script", id}, {"error", record->error}, {"serving_version", record->version}});
    } else if (record->error.empty() &&
               (previous == nullptr || previous->version != record->version)) {
      logger.info("script loaded", {{"script", id}, {"version", record->version}});
    }
  }
}

}  // namespace atrium::host::lua
