#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "host/lua/script_registry.hpp"

namespace atrium::host::lua {

class EngineCore;

// The central view of scripts_dir: finds *.lua files, compiles what changed and publishes a new
// registry. A changed file is checked twice before it serves: its syntax (luaL_loadbufferx,
// text only) and its top level (run once in a scratch sandboxed state, which must return a
// table). A file that fails either keeps its last good version serving; the error is recorded
// in its record and logged once. A removed file leaves the registry (calls get kNotFound).
class ScriptCatalog {
 public:
  explicit ScriptCatalog(EngineCore& core) : core_(core) {}

  // One pass. `settle`: compile a changed file only once its size and mtime looked the same on
  // two consecutive passes (the watcher; a file being written is not compiled half-way).
  // Returns every current compile error, "file:line: message".
  std::vector<std::string> scan(bool settle);

 private:
  struct Signature {
    int64_t mtime_ns = -1;
    int64_t size = -1;
    uint64_t inode = 0;  // an atomic replace (write + rename) is a new inode
    bool operator==(const Signature&) const = default;
  };
  struct FileEntry {
    Signature seen;      // at the previous pass
    Signature compiled;  // of the content the record reflects
  };
  struct Change {
    std::string id;
    std::string relative_file;
    std::string source;
  };

  std::vector<Change> findChanges(const Registry& current, bool settle,
                                  std::vector<std::string>& removed);
  std::shared_ptr<ScriptRecord> compile(const Change& change, const ScriptRecord* previous);
  void validate(Registry& next, const std::vector<std::string>& candidates,
                const Registry& current) const;
  void report(const Registry& next, const Registry& current,
              const std::vector<std::string>& removed) const;

  EngineCore& core_;
  std::mutex mutex_;
  std::map<std::string, FileEntry> files_;
  uint64_t last_build_ = 0;
};

}  // namespace atrium::host::lua
