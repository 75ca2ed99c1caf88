#pragma once

#include <string>
#include <string_view>

namespace atrium::host::storage {

// A stored file's key: "ab/cd/abcd<28 more hex>.jpg" — 128 random bits as 32 lowercase hex
// digits, sharded by its first four digits into two directory levels (at most 256 entries per
// level), and the extension of its sniffed type. Keys are made only here and every key given
// back by a client or plugin is checked against this exact grammar before it touches the disk,
// so no key can name anything outside the storage directory ("..", "/", "%2e", NUL, ...).
std::string newStorageKey(std::string_view extension);

// True when `key` has exactly the grammar above (extension: 1..8 of [a-z0-9]).
bool isValidStorageKey(std::string_view key);

// The extension of a valid key ("jpg").
std::string_view storageKeyExtension(std::string_view key);

}  // namespace atrium::host::storage
