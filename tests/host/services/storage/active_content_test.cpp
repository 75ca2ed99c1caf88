#include "host/services/storage/active_content.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/services/storage/sample_files.hpp"

namespace atrium::host::storage {
namespace {

using namespace atrium::testing;

TEST(ActiveContentTest, FindsPayloadsAppendedOrEmbeddedInMedia) {
  EXPECT_EQ(findActiveContent(sampleJpeg() + "<?php system($_GET['c']); ?>"), "<?php");
  EXPECT_EQ(findActiveContent(sampleGif() + "<SCRIPT>alert(1)</script>"), "<script");
  EXPECT_EQ(findActiveContent(samplePng() + "<html>"), "<html");
  EXPECT_EQ(findActiveContent("x<!DOCTYPE HTML>"), "<!doctype html");
  EXPECT_EQ(findActiveContent("<a href=JavaScript:alert(1)>"), "javascript:");
  EXPECT_EQ(findActiveContent("<iframe src=x>"), "<iframe");
  EXPECT_EQ(findActiveContent(sampleHtml()), "<!doctype html");
  EXPECT_EQ(findActiveContent("<body\tonload=x>"), "<body");
  EXPECT_EQ(findActiveContent(std::string("\xff\xd8\0<embed/src=x>", 17)), "<embed");
}

TEST(ActiveContentTest, CleanMediaAndLookalikesPass) {
  EXPECT_FALSE(findActiveContent(samplePng()));
  EXPECT_FALSE(findActiveContent(sampleJpeg()));
  EXPECT_FALSE(findActiveContent(sampleGif()));
  EXPECT_FALSE(findActiveContent(sampleWebp()));
  EXPECT_FALSE(findActiveContent(sampleMp4()));
  EXPECT_FALSE(findActiveContent("<htmlx <scripts <?phpx <bodyguard"));  // no delimiter after
  EXPECT_FALSE(findActiveContent("<scrip"));                             // cut at the end
  EXPECT_FALSE(findActiveContent("<html"));  // a tag name needs what follows it
  EXPECT_FALSE(findActiveContent(""));
}

TEST(ActiveContentTest, RandomBytesLikeCompressedMediaPass) {
  // 16 MiB of uniformly random bytes (what JPEG/MP4 payloads look like): no false alarm.
  std::mt19937_64 rng(6);
  std::string data(16 << 20, '\0');
  for (size_t i = 0; i + 8 <= data.size(); i += 8) {
    const uint64_t v = rng();
    for (int b = 0; b < 8; ++b) data[i + static_cast<size_t>(b)] = static_cast<char>(v >> (8 * b));
  }
  EXPECT_FALSE(findActiveContent(data));
}

}  // namespace
}  // namespace atrium::host::storage
