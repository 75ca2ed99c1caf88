// The storage service through the real binary: a fixture plugin (tests/fixtures/plugins/uploader)
// takes a multipart upload the way Taklifnoma's guest page sends it (field `file` plus
// `weddingId`), the host sniffs, checks and stores it, and the file comes back over HTTP at
// /uploads/... with its type, caching headers, 304, Range and 416. Bad uploads leave nothing.
#include <filesystem>
#include <memory>

#include <gtest/gtest.h>

#include "tests/host/services/storage/sample_files.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr std::string_view kBoundary = "----AtriumFormBoundary7MA4YWxkTrZu0gW";

std::string config() {
  return R"(product: uploads
server:
  listen: "127.0.0.1:0"
  worker_threads: 4
  max_request_size: 4MiB
plugin_dirs: [")" +
         testPluginDir().string() + R"("]
plugins:
  - name: uploader
storage:
  dir: @TEST_DIR@/uploads
  multipart:
    max_parts: 4
  profiles:
    media:
      allowed_types: [image/jpeg, image/png, image/gif, image/webp, video/mp4]
      max_size: 1MiB
    avatars:
      allowed_types: [image/png]
      max_size: 64
routes:
  - {method: POST, path: /api/media/upload, handler: uploader.upload}
  - {method: POST, path: /raw, handler: uploader.save_raw}
  - {method: GET, path: /files/*key, handler: uploader.stat}
  - {method: DELETE, path: /files/*key, handler: uploader.delete}
)";
}

std::string filePart(std::string_view filename, std::string_view type, std::string_view data,
                     std::string_view name = "file") {
  return "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" +
         std::string(name) + "\"; filename=\"" + std::string(filename) +
         "\"\r\nContent-Type: " + std::string(type) + "\r\n\r\n" + std::string(data) + "\r\n";
}

std::string fieldPart(std::string_view name, std::string_view value) {
  return "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" +
         std::string(name) + "\"\r\n\r\n" + std::string(value) + "\r\n";
}

std::string form(const std::string& parts) {
  return parts + "--" + std::string(kBoundary) + "--\r\n";
}

std::string multipartType() { return "multipart/form-data; boundary=" + std::string(kBoundary); }

class StorageIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!server_) server_ = std::make_unique<TestServer>(config());
  }
  static void TearDownTestSuite() { server_.reset(); }

  static Response upload(const std::string& body, std::string_view target = "/api/media/upload") {
    return server_->client().post(target, body, multipartType());
  }
  static fs::path uploads() { return server_->dir() / "uploads"; }
  // Regular files stored (the .tmp directory included: it must stay empty).
  static size_t storedFiles() {
    size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(uploads())) {
      if (entry.is_regular_file()) ++count;
    }
    return count;
  }

  static std::unique_ptr<TestServer> server_;
};
std::unique_ptr<TestServer> StorageIntegrationTest::server_;

TEST_F(StorageIntegrationTest, GuestUploadIsStoredAndServedBackWithRange) {
  const std::string png = samplePng();
  auto res = upload(form(fieldPart("weddingId", "42") +
                         filePart("IMG_0001.JPG", "image/jpeg", png)));  // the client lies
  ASSERT_EQ(res.status, 201) << res.body;
  const json stored = res.json();
  EXPECT_EQ(stored["type"], "image/png");  // sniffed, not the declared image/jpeg
  EXPECT_EQ(stored["declaredType"], "image/jpeg");
  EXPECT_EQ(stored["size"], png.size());
  EXPECT_EQ(stored["weddingId"], "42");
  EXPECT_EQ(stored["filename"], "IMG_0001.JPG");
  EXPECT_EQ(stored["parts"], 2);
  EXPECT_EQ(stored["sha256"].get<std::string>().size(), 64u);
  const std::string key = stored["key"];
  const std::string url = stored["url"];
  EXPECT_EQ(url, "/uploads/" + key);
  EXPECT_EQ(key.substr(key.size() - 4), ".png");
  EXPECT_EQ(readFile(uploads() / key), png);

  auto whole = server_->client().get(url);
  ASSERT_EQ(whole.status, 200) << whole.body;
  EXPECT_EQ(whole.body, png);
  EXPECT_EQ(whole.header("Content-Type"), "image/png");
  EXPECT_EQ(whole.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(whole.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(whole.header("Accept-Ranges"), "bytes");
  const std::string etag = whole.header("ETag");
  EXPECT_EQ(etag, "\"" + key.substr(6, 32) + "\"");
  EXPECT_FALSE(whole.header("Last-Modified").empty());

  auto part = server_->client().get(url, {{"Range", "bytes=8-15"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, png.substr(8, 8));
  EXPECT_EQ(part.header("Content-Range"), "bytes 8-15/" + std::to_string(png.size()));
  EXPECT_EQ(part.header("Content-Type"), "image/png");

  auto unsatisfiable = server_->client().get(url, {{"Range", "bytes=99999-"}});
  EXPECT_EQ(unsatisfiable.status, 416);
  EXPECT_EQ(unsatisfiable.header("Content-Range"), "bytes */" + std::to_string(png.size()));

  auto cached = server_->client().get(url, {{"If-None-Match", etag}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_EQ(cached.body, "");
  auto since = server_->client().get(url, {{"If-Modified-Since", whole.header("Last-Modified")}});
  EXPECT_EQ(since.status, 304);

  auto head = server_->client().request("HEAD", url);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Type"), "image/png");
  EXPECT_EQ(head.body, "");
}

TEST_F(StorageIntegrationTest, PluginStatsAndDeletesByKey) {
  auto res = server_->client().post("/raw", sampleGif(), "application/octet-stream");
  ASSERT_EQ(res.status, 201) << res.body;
  const std::string key = res.json()["key"];
  auto stat = server_->client().get("/files/" + key);
  ASSERT_EQ(stat.status, 200) << stat.body;
  EXPECT_EQ(stat.json()["type"], "image/gif");
  EXPECT_EQ(stat.json()["size"], sampleGif().size());
  EXPECT_EQ(server_->client().request("DELETE", "/files/" + key).status, 200);
  EXPECT_EQ(server_->client().get("/uploads/" + key).status, 404);
  EXPECT_EQ(server_->client().get("/files/" + key).status, 404);
  EXPECT_EQ(server_->client().request("DELETE", "/files/" + key).status, 404);
  EXPECT_EQ(server_->client().request("DELETE", "/files/../../etc/passwd").status, 400);
}

TEST_F(StorageIntegrationTest, BadUploadsGetTheRightStatusAndLeaveNothing) {
  const size_t before = storedFiles();
  struct Case {
    const char* what;
    std::string body;
    std::string content_type;
    int status;
    std::string target = "/api/media/upload";
  };
  const std::string jpeg = sampleJpeg();
  const Case cases[] = {
      {"html named photo.jpg",
       form(fieldPart("weddingId", "1") + filePart("photo.jpg", "image/jpeg", sampleHtml())),
       multipartType(), 415},
      {"svg with script",
       form(fieldPart("weddingId", "1") +
            filePart("a.svg", "image/svg+xml", sampleSvgWithScript())),
       multipartType(), 415},
      {"jpeg with php appended",
       form(fieldPart("weddingId", "1") +
            filePart("a.jpg", "image/jpeg", jpeg + "<?php system($_GET['c']); ?>")),
       multipartType(), 422},
      {"over the profile size",
       form(fieldPart("weddingId", "1") + filePart("a.png", "image/png", samplePng() + "x")),
       multipartType(), 413, "/api/media/upload?profile=avatars"},
      {"no file", form(fieldPart("weddingId", "1")), multipartType(), 400},
      {"no weddingId", form(filePart("a.jpg", "image/jpeg", jpeg)), multipartType(), 400},
      {"empty file", form(fieldPart("weddingId", "1") + filePart("a.jpg", "image/jpeg", "")),
       multipartType(), 400},
      {"json body", R"({"file":"x"})", "application/json", 415},
      {"no boundary", form(filePart("a.jpg", "image/jpeg", jpeg)), "multipart/form-data", 400},
      {"truncated",
       form(fieldPart("weddingId", "1") + filePart("a.jpg", "image/jpeg", jpeg)).substr(0, 200),
       multipartType(), 400},
      {"too many parts",
       form(fieldPart("a", "1") + fieldPart("b", "2") + fieldPart("c", "3") + fieldPart("d", "4") +
            fieldPart("e", "5")),
       multipartType(), 413},
  };
  for (const Case& c : cases) {
    auto res = server_->client().post(c.target, c.body, c.content_type);
    EXPECT_EQ(res.status, c.status) << c.what << ": " << res.body;
    EXPECT_TRUE(res.json().contains("error") || res.json().contains("message"))
        << c.what << ": " << res.body;
  }
  EXPECT_EQ(storedFiles(), before);
  EXPECT_TRUE(fs::is_empty(uploads() / ".tmp"));
}

TEST_F(StorageIntegrationTest, TraversalAttemptsAre404) {
  writeFile(server_->dir() / "secret.txt", "secret");
  for (std::string_view target :
       {"/uploads/../../etc/passwd", "/uploads/..%2f..%2fetc%2fpasswd",
        "/uploads/%2e%2e/%2e%2e/etc/passwd", "/uploads/%2e%2e%2fsecret.txt",
        "/uploads/..%5c..%5csecret.txt", "/uploads/.tmp", "/uploads/",
        "/uploads/ab/cd/abcd0123456789abcdef0123456789ab.png",
        "/uploads/ab/cd/abcd0123456789abcdef0123456789ab.png%00.html"}) {
    auto res = server_->client().get(target);
    EXPECT_EQ(res.status, 404) << target << ": " << res.body;
    EXPECT_EQ(res.body.find("secret"), std::string::npos) << target;
    EXPECT_EQ(res.body.find("root:"), std::string::npos) << target;
  }
}

}  // namespace
}  // namespace atrium::testing
