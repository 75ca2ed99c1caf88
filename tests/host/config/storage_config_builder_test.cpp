// The `storage:` block (host/config/storage_config_builder.cpp).
#include <filesystem>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "host/config/config_error.hpp"
#include "host/config/config_loader.hpp"
#include "tests/host/config/temp_dir.hpp"

namespace atrium::host::config {
namespace {

class StorageConfigBuilderTest : public ::testing::Test {
 protected:
  HostConfig load(const std::string& text) {
    const std::string path = dir_.write("config/app.yaml", text);
    return loadHostConfig(path, [](const std::string&) { return std::nullopt; }, {}, {"/sql"});
  }
  std::string error(const std::string& text) {
    try {
      load(text);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "accepted";
  }
  testing::TempDir dir_;
};

TEST_F(StorageConfigBuilderTest, Defaults) {
  const StorageConfig storage = load("product: taklifnoma\n").storage;
  EXPECT_EQ(storage.dir, "var/uploads/taklifnoma");
  EXPECT_EQ(storage.url_prefix, "/uploads");
  EXPECT_EQ(storage.cache_max_age, std::chrono::seconds(31536000));
  EXPECT_EQ(storage.max_parts, 16u);
  EXPECT_EQ(storage.max_part_header_bytes, 8192u);
  EXPECT_EQ(storage.max_field_bytes, 65536u);
  EXPECT_EQ(storage.max_file_bytes, 100u * 1024 * 1024);
  EXPECT_TRUE(storage.profiles.empty());
}

TEST_F(StorageConfigBuilderTest, EveryKey) {
  const StorageConfig storage = load(R"(storage:
  dir: ../data/uploads
  url_prefix: /media/files/
  cache_max_age: 1h
  multipart: {max_parts: 3, max_header_size: 1KiB, max_field_size: 100, max_file_size: 5MiB}
  profiles:
    media: {allowed_types: [image/jpeg, video/mp4], max_size: 8MiB}
    avatars: {allowed_types: [image/png]}
)")
                                    .storage;
  EXPECT_EQ(storage.dir,
            std::filesystem::weakly_canonical(dir_.path() + "/config/../data/uploads").string());
  EXPECT_EQ(storage.url_prefix, "/media/files");
  EXPECT_EQ(storage.cache_max_age, std::chrono::seconds(3600));
  EXPECT_EQ(storage.max_parts, 3u);
  EXPECT_EQ(storage.max_part_header_bytes, 1024u);
  EXPECT_EQ(storage.max_field_bytes, 100u);
  EXPECT_EQ(storage.max_file_bytes, 5u * 1024 * 1024);
  ASSERT_EQ(storage.profiles.size(), 2u);
  EXPECT_EQ(storage.profiles.at("media").allowed_types,
            (std::vector<std::string>{"image/jpeg", "video/mp4"}));
  EXPECT_EQ(storage.profiles.at("media").max_size, 8u * 1024 * 1024);
  EXPECT_EQ(storage.profiles.at("avatars").max_size, 10u * 1024 * 1024);
  EXPECT_EQ(load("storage: {url_prefix: \"\"}\n").storage.url_prefix, "");
}

TEST_F(StorageConfigBuilderTest, BadValuesAreLocated) {
  EXPECT_NE(error("storage:\n  url_prefix: uploads\n")
                .find("app.yaml:2:15: storage.url_prefix: must be a path like /uploads"),
            std::string::npos);
  EXPECT_NE(error("storage:\n  url_prefix: /up:loads\n").find("storage.url_prefix"),
            std::string::npos);
  EXPECT_NE(error("storage:\n  url_prefix: /\n").find("storage.url_prefix"), std::string::npos);
  EXPECT_NE(error("storage:\n  profiles:\n    media: {max_size: 1MiB}\n")
                .find("storage.profiles.media: required key 'allowed_types'"),
            std::string::npos);
  EXPECT_NE(error("storage:\n  multipart: {max_parts: 0}\n").find("storage.multipart.max_parts"),
            std::string::npos);
  EXPECT_NE(error("storage:\n  colour: red\n").find("storage.colour"), std::string::npos);
}

}  // namespace
}  // namespace atrium::host::config
