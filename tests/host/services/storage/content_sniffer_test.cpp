#include "host/services/storage/content_sniffer.hpp"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/host/services/storage/sample_files.hpp"

namespace atrium::host::storage {
namespace {

using namespace atrium::testing;

TEST(ContentSnifferTest, DecidesTheTypeFromTheBytes) {
  ContentSniffer sniffer;
  EXPECT_EQ(sniffer.sniff(samplePng()), "image/png");
  EXPECT_EQ(sniffer.sniff(sampleJpeg()), "image/jpeg");
  EXPECT_EQ(sniffer.sniff(sampleGif()), "image/gif");
  EXPECT_EQ(sniffer.sniff(sampleWebp()), "image/webp");
  EXPECT_EQ(sniffer.sniff(sampleMp4()), "video/mp4");
  EXPECT_EQ(sniffer.sniff(sampleHtml()), "text/html");
  EXPECT_EQ(sniffer.sniff(sampleSvgWithScript()), "image/svg+xml");
  EXPECT_EQ(sniffer.sniff("just some words"), "text/plain");
  EXPECT_EQ(sniffer.sniff(""), "application/x-empty");
}

TEST(ContentSnifferTest, IgnoresWhatTheNameOrHeaderClaims) {
  // An HTML page called photo.jpg is still HTML: the sniffer only ever sees bytes.
  ContentSniffer sniffer;
  EXPECT_EQ(sniffer.sniff(sampleHtml()), "text/html");
  // A truncated PNG signature is not a PNG.
  EXPECT_NE(sniffer.sniff(samplePng().substr(0, 4)), "image/png");
}

TEST(ContentSnifferTest, WorksFromManyThreadsAtOnce) {
  ContentSniffer sniffer;
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (sniffer.sniff(t % 2 ? samplePng() : sampleJpeg()) !=
            (t % 2 ? "image/png" : "image/jpeg")) {
          ++wrong[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int count : wrong) EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace atrium::host::storage
