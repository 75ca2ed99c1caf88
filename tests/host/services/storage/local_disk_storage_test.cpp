#include "host/services/storage/local_disk_storage.hpp"

#include <filesystem>

#include <gtest/gtest.h>

#include "host/services/storage/storage_error.hpp"
#include "host/services/storage/storage_key.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::storage {
namespace {

namespace fs = std::filesystem;
using atrium::testing::TempDir;

size_t filesUnder(const fs::path& dir) {
  size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) ++count;
  }
  return count;
}

TEST(LocalDiskStorageTest, PutStatReadRemove) {
  TempDir dir("atrium-storage");
  LocalDiskStorage storage(dir / "uploads" / "taklifnoma");
  const std::string key = newStorageKey("png");
  storage.put(key, "hello bytes");
  const fs::path file = dir / "uploads" / "taklifnoma" / key;
  ASSERT_TRUE(fs::is_regular_file(file));
  EXPECT_EQ(atrium::testing::readFile(file), "hello bytes");
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::others_all, fs::perms::none);
  auto info = storage.stat(key);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 11u);
  EXPECT_EQ(storage.read(key, 0, 100), "hello bytes");
  EXPECT_EQ(storage.read(key, 6, 3), "byt");
  EXPECT_EQ(storage.read(key, 11, 5), "");
  EXPECT_TRUE(storage.remove(key));
  EXPECT_FALSE(storage.remove(key));
  EXPECT_FALSE(storage.stat(key));
  try {
    storage.read(key, 0, 1);
    FAIL() << "read of a removed file";
  } catch (const StorageError& e) {
    EXPECT_EQ(e.status(), 404);
  }
  // Only the temporary directory is left, and it is empty.
  EXPECT_EQ(filesUnder(dir.path()), 0u);
}

TEST(LocalDiskStorageTest, AFailedPutLeavesNothingBehind) {
  TempDir dir("atrium-storage");
  LocalDiskStorage storage(dir.path());
  const std::string key = newStorageKey("jpg");
  // The shard directory cannot be created: a regular file sits where it should be.
  atrium::testing::writeFile(dir / key.substr(0, 2), "in the way");
  try {
    storage.put(key, std::string(100000, 'x'));
    FAIL() << "put should have failed";
  } catch (const StorageError& e) {
    EXPECT_EQ(e.status(), 500);
    EXPECT_EQ(std::string(e.what()), "Storage failure");  // no path in the client's message
    EXPECT_NE(e.detail().find(key.substr(0, 2)), std::string::npos) << e.detail();
  }
  EXPECT_TRUE(fs::is_empty(dir / ".tmp"));
  EXPECT_EQ(filesUnder(dir.path()), 1u);  // only the obstacle
  EXPECT_FALSE(storage.stat(key));
}

TEST(LocalDiskStorageTest, NeverOverwritesAnExistingFile) {
  TempDir dir("atrium-storage");
  LocalDiskStorage storage(dir.path());
  const std::string key = newStorageKey("png");
  storage.put(key, "first");
  EXPECT_THROW(storage.put(key, "second"), StorageError);
  EXPECT_EQ(storage.read(key, 0, 100), "first");
  EXPECT_TRUE(fs::is_empty(dir / ".tmp"));
}

TEST(LocalDiskStorageTest, RefusesKeysOutsideTheGrammar) {
  TempDir dir("atrium-storage");
  atrium::testing::writeFile(dir / "secret.txt", "secret");
  LocalDiskStorage storage(dir / "store");
  for (std::string_view bad : {"../secret.txt", "/etc/passwd", "..", "ab/cd/../../secret.txt"}) {
    EXPECT_THROW(storage.read(bad, 0, 10), StorageError) << bad;
    EXPECT_THROW(storage.stat(bad), StorageError) << bad;
    EXPECT_THROW(storage.remove(bad), StorageError) << bad;
    EXPECT_THROW(storage.put(bad, "x"), StorageError) << bad;
  }
  EXPECT_EQ(atrium::testing::readFile(dir / "secret.txt"), "secret");
}

TEST(LocalDiskStorageTest, RemovesStaleTemporariesAtStart) {
  TempDir dir("atrium-storage");
  atrium::testing::writeFile(dir / ".tmp" / "old.part", "crashed mid-write");
  atrium::testing::writeFile(dir / ".tmp" / "new.part", "being written right now");
  fs::last_write_time(dir / ".tmp" / "old.part",
                      fs::file_time_type::clock::now() - std::chrono::hours(2));
  LocalDiskStorage storage(dir.path());
  EXPECT_FALSE(fs::exists(dir / ".tmp" / "old.part"));
  EXPECT_TRUE(fs::exists(dir / ".tmp" / "new.part"));  // may belong to another instance
}

TEST(LocalDiskStorageTest, AnUncreatableDirectoryIsAStartError) {
  TempDir dir("atrium-storage");
  atrium::testing::writeFile(dir / "file", "x");
  EXPECT_THROW(LocalDiskStorage(dir / "file" / "uploads"), std::runtime_error);
}

}  // namespace
}  // namespace atrium::host::storage
