#include "host/services/storage/stored_file_handler.hpp"

#include <gtest/gtest.h>

#include "host/http/http_date.hpp"
#include "host/services/storage/local_disk_storage.hpp"
#include "tests/host/services/storage/sample_files.hpp"
#include "tests/support/captured_log.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::storage {
namespace {

using namespace atrium::testing;

class StoredFileHandlerTest : public ::testing::Test {
 protected:
  StoredFileHandlerTest() : dir_("atrium-serve") {
    config_.profiles["media"] = {{"image/png", "video/mp4"}, 1 << 20};
    service_ = std::make_unique<StorageService>(
        config_, std::make_unique<LocalDiskStorage>(dir_.path()), log_.sink());
    content_ = samplePng();
    key_ = service_->save("media", content_).key;
  }

  http::Response get(std::string_view key, std::vector<http::NameValue> headers = {},
                     std::string method = "GET", size_t max_response = 1 << 20) {
    http::Request request;
    request.method = std::move(method);
    request.params.emplace_back("key", std::string(key));
    request.headers = std::move(headers);
    http::Response response;
    StoredFileHandler(*service_, max_response)(request, response);
    return response;
  }
  static std::string header(const http::Response& response, std::string_view name) {
    for (const auto& [n, v] : response.headers) {
      if (http::equalsIgnoreCase(n, name)) return v;
    }
    return {};
  }

  TempDir dir_;
  CapturedLog log_;
  config::StorageConfig config_;
  std::unique_ptr<StorageService> service_;
  std::string content_;
  std::string key_;
};

TEST_F(StoredFileHandlerTest, ServesTheFileWithTypeAndCachingHeaders) {
  auto response = get(key_);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, content_);
  EXPECT_EQ(response.content_type, "image/png");
  EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header(response, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(response, "ETag"), "\"" + key_.substr(6, 32) + "\"");
  EXPECT_TRUE(http::parseHttpDate(header(response, "Last-Modified")));
  EXPECT_EQ(header(response, "Accept-Ranges"), "bytes");
  EXPECT_EQ(header(response, "Content-Security-Policy"), "default-src 'none'; sandbox");
}

TEST_F(StoredFileHandlerTest, HeadSendsHeadersWithoutReadingTheBody) {
  auto response = get(key_, {}, "HEAD");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(response.content_type, "image/png");
}

TEST_F(StoredFileHandlerTest, ConditionalRequestsGet304) {
  const std::string etag = header(get(key_), "ETag");
  const std::string modified = header(get(key_), "Last-Modified");
  EXPECT_EQ(get(key_, {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(get(key_, {{"If-None-Match", "\"other\", W/" + etag}}).status, 304);
  EXPECT_EQ(get(key_, {{"If-None-Match", "*"}}).status, 304);
  auto not_modified = get(key_, {{"If-Modified-Since", modified}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.body, "");
  EXPECT_EQ(header(not_modified, "ETag"), etag);
  EXPECT_EQ(get(key_, {{"If-None-Match", "\"other\""}}).status, 200);
  // If-None-Match wins over If-Modified-Since.
  EXPECT_EQ(get(key_, {{"If-None-Match", "\"other\""}, {"If-Modified-Since", modified}}).status,
            200);
  EXPECT_EQ(get(key_, {{"If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"}}).status, 200);
  EXPECT_EQ(get(key_, {{"If-Modified-Since", "yesterday"}}).status, 200);
}

TEST_F(StoredFileHandlerTest, RangesGet206Or416) {
  const std::string size = std::to_string(content_.size());
  auto first = get(key_, {{"Range", "bytes=0-7"}});
  EXPECT_EQ(first.status, 206);
  EXPECT_EQ(first.body, content_.substr(0, 8));
  EXPECT_EQ(header(first, "Content-Range"), "bytes 0-7/" + size);
  auto suffix = get(key_, {{"Range", "bytes=-4"}});
  EXPECT_EQ(suffix.status, 206);
  EXPECT_EQ(suffix.body, content_.substr(content_.size() - 4));
  auto open = get(key_, {{"Range", "bytes=10-"}});
  EXPECT_EQ(open.body, content_.substr(10));
  auto past = get(key_, {{"Range", "bytes=" + size + "-"}});
  EXPECT_EQ(past.status, 416);
  EXPECT_EQ(header(past, "Content-Range"), "bytes */" + size);
  EXPECT_EQ(get(key_, {{"Range", "bytes=0-1,4-5"}}).status, 200);  // multi-range: whole
  EXPECT_EQ(get(key_, {{"Range", "pages=1"}}).status, 200);
  // If-Range with another validator: the whole file.
  EXPECT_EQ(get(key_, {{"Range", "bytes=0-1"}, {"If-Range", "\"old\""}}).status, 200);
  const std::string etag = header(first, "ETag");
  EXPECT_EQ(get(key_, {{"Range", "bytes=0-1"}, {"If-Range", etag}}).status, 206);
}

TEST_F(StoredFileHandlerTest, TraversalAndUnknownKeysAre404) {
  writeFile(dir_ / "secret.txt", "secret");
  for (std::string_view bad :
       {"../../etc/passwd", "../secret.txt", "secret.txt", ".tmp", "ab/cd/x.png", "",
        "..%2f..%2fetc%2fpasswd", "ab/cd/abcd0123456789abcdef0123456789ab.png"}) {
    auto response = get(bad);
    EXPECT_EQ(response.status, 404) << bad;
    EXPECT_TRUE(response.has_error) << bad;
    EXPECT_EQ(response.body, "") << bad;
  }
}

TEST_F(StoredFileHandlerTest, FilesOverTheResponseLimitAreRefusedButRangesWork) {
  auto whole = get(key_, {}, "GET", 16);
  EXPECT_EQ(whole.status, 500);
  EXPECT_TRUE(whole.has_error);
  EXPECT_NE(whole.error.internal_detail.find("server.max_response_size"), std::string::npos);
  auto range = get(key_, {{"Range", "bytes=0-15"}}, "GET", 16);
  EXPECT_EQ(range.status, 206);
  EXPECT_EQ(range.body, content_.substr(0, 16));
}

}  // namespace
}  // namespace atrium::host::storage
