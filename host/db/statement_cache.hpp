#pragma once

#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace atrium::host::db {

// A bounded least-recently-used map from SQL text to a prepared statement of one session.
// Entries are RAII objects (or plain data the owner disposes of): insert() hands back the
// evicted entry, if any, so the owner can release it on the connection.
template <typename Entry>
class StatementCache {
 public:
  explicit StatementCache(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // The entry for `sql`, now the most recently used; nullptr when absent.
  Entry* find(std::string_view sql) {
    const auto found = index_.find(sql);
    if (found == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, found->second);
    return &found->second->second;
  }

  // Adds an entry for `sql` (which must be absent); returns the least recently used entry when
  // the cache was full.
  std::optional<Entry> insert(std::string sql, Entry entry) {
    std::optional<Entry> evicted;
    if (entries_.size() >= capacity_) {
      evicted.emplace(std::move(entries_.back().second));
      index_.erase(entries_.back().first);
      entries_.pop_back();
    }
    entries_.emplace_front(std::move(sql), std::move(entry));
    index_.emplace(entries_.front().first, entries_.begin());
    return evicted;
  }

  // Removes and returns the entry for `sql`.
  std::optional<Entry> erase(std::string_view sql) {
    const auto found = index_.find(sql);
    if (found == index_.end()) return std::nullopt;
    std::optional<Entry> removed(std::move(found->second->second));
    entries_.erase(found->second);
    index_.erase(found);
    return removed;
  }

  size_t size() const { return entries_.size(); }
  size_t capacity() const { return capacity_; }

 private:
  using Entries = std::list<std::pair<std::string, Entry>>;
  size_t capacity_;
  Entries entries_;  // most recently used first
  // Keys view the strings held by entries_ (list nodes do not move).
  std::unordered_map<std::string_view, typename Entries::iterator> index_;
};

}  // namespace atrium::host::db
