#include "host/services/storage/storage_service.hpp"

#include <filesystem>

#include <gtest/gtest.h>

#include "host/common/sha256.hpp"
#include "host/services/storage/local_disk_storage.hpp"
#include "host/services/storage/storage_key.hpp"
#include "tests/host/services/storage/sample_files.hpp"
#include "tests/support/captured_log.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::storage {
namespace {

namespace fs = std::filesystem;
using namespace atrium::testing;

config::StorageConfig mediaConfig(const fs::path& dir) {
  config::StorageConfig config;
  config.dir = dir.string();
  config.profiles["media"] = {{"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"},
                              4096};
  config.profiles["documents"] = {{"application/pdf"}, 1 << 20};
  return config;
}

class StorageServiceTest : public ::testing::Test {
 protected:
  StorageServiceTest()
      : dir_("atrium-storage"),
        config_(mediaConfig(dir_.path())),
        service_(config_, std::make_unique<LocalDiskStorage>(dir_.path()), log_.sink()) {}

  int refusal(std::string_view profile, std::string_view data) {
    try {
      service_.save(profile, data, "req-1");
      return 200;
    } catch (const StorageError& e) {
      return e.status();
    }
  }
  size_t storedFiles() const {
    size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir_.path())) {
      if (entry.is_regular_file()) ++count;
    }
    return count;
  }

  TempDir dir_;
  CapturedLog log_;
  config::StorageConfig config_;
  StorageService service_;
};

TEST_F(StorageServiceTest, SavesWithTheSniffedTypeAndExtension) {
  const std::string png = samplePng();
  const StoredObject object = service_.save("media", png);
  EXPECT_TRUE(isValidStorageKey(object.key));
  EXPECT_EQ(storageKeyExtension(object.key), "png");
  EXPECT_EQ(object.content_type, "image/png");
  EXPECT_EQ(object.size, png.size());
  EXPECT_EQ(object.sha256, common::sha256Hex(png));
  EXPECT_EQ(object.url, "/uploads/" + object.key);
  EXPECT_EQ(readFile(dir_ / object.key), png);

  EXPECT_EQ(storageKeyExtension(service_.save("media", sampleJpeg()).key), "jpg");
  EXPECT_EQ(storageKeyExtension(service_.save("media", sampleGif()).key), "gif");
  EXPECT_EQ(storageKeyExtension(service_.save("media", sampleWebp()).key), "webp");
  EXPECT_EQ(service_.save("media", sampleMp4()).content_type, "video/mp4");

  auto stat = service_.stat(object.key);
  ASSERT_TRUE(stat);
  EXPECT_EQ(stat->content_type, "image/png");
  EXPECT_EQ(stat->size, png.size());
  EXPECT_TRUE(service_.remove(object.key));
  EXPECT_FALSE(service_.stat(object.key));
  EXPECT_FALSE(service_.remove(object.key));
}

TEST_F(StorageServiceTest, RefusesByContentNeverStoringAnything) {
  EXPECT_EQ(refusal("media", sampleHtml()), 415);
  EXPECT_EQ(refusal("media", sampleSvgWithScript()), 415);
  EXPECT_EQ(refusal("media", "plain text pretending to be a photo"), 415);
  EXPECT_EQ(refusal("documents", samplePng()), 415);  // allowed elsewhere, not here
  EXPECT_EQ(refusal("media", sampleJpeg() + "<?php system($_GET['c']); ?>"), 422);
  EXPECT_EQ(refusal("media", sampleGif() + "<script>alert(1)</script>"), 422);
  EXPECT_EQ(refusal("media", samplePng() + std::string(5000, '\0')), 413);
  EXPECT_EQ(refusal("media", ""), 400);
  EXPECT_EQ(refusal("nope", samplePng()), 500);  // a plugin naming an undefined profile: a bug
  EXPECT_EQ(storedFiles(), 0u);
  const std::string log = log_.text();
  EXPECT_NE(log.find("upload refused"), std::string::npos);
  EXPECT_NE(log.find("sniffed text/html"), std::string::npos);
  EXPECT_NE(log.find("req-1"), std::string::npos);
}

TEST_F(StorageServiceTest, MalformedKeysAre400) {
  for (std::string_view bad : {"../../etc/passwd", "", "ab/cd/x.png"}) {
    EXPECT_THROW(service_.stat(bad), StorageError) << bad;
    EXPECT_THROW(service_.remove(bad), StorageError) << bad;
  }
}

TEST(StorageConfigCheckTest, ProfilesMayOnlyAllowPassiveKnownTypes) {
  config::StorageConfig config;
  config.profiles["p"] = {{"image/png", "image/svg+xml"}, 10};
  try {
    checkStorageConfig(config);
    FAIL() << "svg accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("storage.profiles.p.allowed_types[1]"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("active content"), std::string::npos);
  }
  config.profiles["p"] = {{"text/html"}, 10};
  EXPECT_THROW(checkStorageConfig(config), std::invalid_argument);
  config.profiles["p"] = {{"application/x-msdownload"}, 10};
  EXPECT_THROW(checkStorageConfig(config), std::invalid_argument);
  config.profiles["p"] = {{"image/jpeg", "video/mp4", "application/pdf"}, 10};
  EXPECT_NO_THROW(checkStorageConfig(config));
}

TEST(StorageServiceUrlTest, NoPrefixNoUrl) {
  TempDir dir("atrium-storage");
  CapturedLog log;
  config::StorageConfig config = mediaConfig(dir.path());
  config.url_prefix = "";
  StorageService service(config, std::make_unique<LocalDiskStorage>(dir.path()), log.sink());
  EXPECT_EQ(service.save("media", samplePng()).url, "");
}

}  // namespace
}  // namespace atrium::host::storage
