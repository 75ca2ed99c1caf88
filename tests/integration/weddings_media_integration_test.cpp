// The weddings plugin's gallery over real HTTP with Taklifnoma's contract (shared/contracts.md
// §1): guests upload photos and videos (multipart, field `file` plus `weddingId`) through the
// host's storage service, the gallery is listed publicly, only the wedding's owner deletes. Real
// files in a real upload directory, on SQLite and PostgreSQL.
#include <filesystem>
#include <future>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/host/services/storage/sample_files.hpp"
#include "tests/integration/weddings_test_support.hpp"

namespace atrium::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::string_view kBoundary = "----TaklifnomaGalleryBoundary4f9c2a";
constexpr int kMaxPerWedding = 3;  // media.max_per_wedding in weddings_taklifnoma.yaml

// A WebM (Matroska EBML header with DocType "webm", then a Segment), as libmagic knows it.
std::string sampleWebm() {
  return std::string(
      "\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
      "\x42\x82\x84webm\x42\x87\x81\x02\x42\x85\x81\x02\x18\x53\x80\x67\x01\x00\x00\x00\x00\x00"
      "\x00\x00",
      44);
}

// An iPhone photo (HEIF brand heic) and video (QuickTime brand qt): ftyp boxes libmagic knows.
std::string sampleHeic() {
  return bigEndian32(24) + "ftypheic" + bigEndian32(0) + "mif1heic" + bigEndian32(8) + "free";
}
std::string sampleMov() {
  return bigEndian32(20) + "ftypqt  " + bigEndian32(0x200) + "qt  " + bigEndian32(8) + "free";
}

std::string filePart(std::string_view filename, std::string_view type, std::string_view data) {
  return "--" + std::string(kBoundary) +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + std::string(filename) +
         "\"\r\nContent-Type: " + std::string(type) + "\r\n\r\n" + std::string(data) + "\r\n";
}

std::string fieldPart(std::string_view name, std::string_view value) {
  return "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" +
         std::string(name) + "\"\r\n\r\n" + std::string(value) + "\r\n";
}

std::string form(const std::string& parts) {
  return parts + "--" + std::string(kBoundary) + "--\r\n";
}

class WeddingsMediaTest : public weddings::WeddingsServerTest {
 protected:
  void SetUp() override {
    WeddingsServerTest::SetUp();
    startServer();
    owner_ = as("owner-1");
    const Json created = createWedding(owner_, weddings::weddingBody());
    ASSERT_TRUE(created.contains("data")) << created;
    wedding_id_ = created["data"]["id"];
    slug_ = created["data"]["slug"];
  }

  Response upload(const std::string& body, Headers headers = {}) {
    return server_->client().post("/api/media/upload", body,
                                  "multipart/form-data; boundary=" + std::string(kBoundary),
                                  std::move(headers));
  }
  // A file for this test's wedding; the declared type is the client's (not trusted).
  Response uploadFile(std::string_view filename, std::string_view declared, std::string_view data,
                      Headers headers = {}) {
    return upload(form(fieldPart("weddingId", wedding_id_) + filePart(filename, declared, data)),
                  std::move(headers));
  }
  Response removeMedia(const std::string& media_id, const Headers& who) {
    return server_->client().request("DELETE", "/api/media/" + wedding_id_ + "/" + media_id, who);
  }
  Json gallery(const std::string& query = "") {
    const auto res = server_->client().get("/api/media/" + wedding_id_ + query);
    EXPECT_EQ(res.status, 200) << res.body;
    return res.json();
  }
  // Regular files in the upload directory (its .tmp/ included: it must stay empty).
  size_t storedFiles() const {
    const fs::path dir = server_->dir() / "uploads";
    size_t count = 0;
    if (!fs::exists(dir)) return 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.is_regular_file()) ++count;
    }
    return count;
  }

  Headers owner_;
  std::string wedding_id_;
  std::string slug_;
};
INSTANTIATE_TEST_SUITE_P(Backends, WeddingsMediaTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(WeddingsMediaTest, AGuestsPhotoAndVideosAreStoredTypedAndServedBack) {
  struct Sample {
    const char* filename;
    const char* declared;
    std::string bytes;
    const char* sniffed;
    const char* type;
  };
  const Sample samples[] = {
      {"IMG_0001.JPG", "image/jpeg", samplePng(), "image/png", "IMAGE"},  // the client lies
      {"clip.mp4", "application/octet-stream", sampleMp4(), "video/mp4", "VIDEO"},
      {"clip.webm", "video/webm", sampleWebm(), "video/webm", "VIDEO"},
  };
  for (const Sample& sample : samples) {
    const auto res = uploadFile(sample.filename, sample.declared, sample.bytes);
    ASSERT_EQ(res.status, 201) << sample.filename << ": " << res.body;
    const Json media = res.json()["data"];
    EXPECT_EQ(res.json()["success"], true);
    EXPECT_EQ(media["weddingId"], wedding_id_);
    EXPECT_EQ(media["type"], sample.type) << sample.filename;
    EXPECT_EQ(media["uploadedByGuest"], true);
    EXPECT_FALSE(media["id"].get<std::string>().empty());
    EXPECT_FALSE(media["createdAt"].get<std::string>().empty());
    const std::string url = media["fileUrl"];
    EXPECT_EQ(url.rfind("/uploads/", 0), 0u) << url;
    const auto file = server_->client().get(url);
    ASSERT_EQ(file.status, 200) << url;
    EXPECT_EQ(file.body, sample.bytes);
    EXPECT_EQ(file.header("Content-Type"), sample.sniffed);
    EXPECT_EQ(file.header("X-Content-Type-Options"), "nosniff");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const Json list = gallery();
  ASSERT_EQ(list["data"].size(), 3u) << list;
  EXPECT_EQ(list["total"], 3);
  EXPECT_EQ(list["data"][0]["fileUrl"].get<std::string>().substr(47), ".webm") << "newest first";
  EXPECT_EQ(list["data"][2]["type"], "IMAGE");
  const auto page = server_->client().get("/api/weddings/" + slug_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()["data"]["media"].size(), 3u);
  EXPECT_EQ(storedFiles(), 3u);
}

TEST_P(WeddingsMediaTest, EveryPhotoAndVideoTypeOfTheProfileIsAccepted) {
  struct Sample {
    std::string bytes;
    const char* sniffed;
    const char* type;
  };
  const Sample samples[] = {{sampleJpeg(), "image/jpeg", "IMAGE"},
                            {sampleWebp(), "image/webp", "IMAGE"},
                            {sampleHeic(), "image/heic", "IMAGE"},
                            {sampleMov(), "video/quicktime", "VIDEO"}};
  for (const Sample& sample : samples) {
    const auto res = uploadFile("upload", "application/octet-stream", sample.bytes);
    ASSERT_EQ(res.status, 201) << sample.sniffed << ": " << res.body;
    EXPECT_EQ(res.json()["data"]["type"], sample.type) << sample.sniffed;
    const auto file = server_->client().get(res.json()["data"]["fileUrl"].get<std::string>());
    EXPECT_EQ(file.header("Content-Type"), sample.sniffed);
    EXPECT_EQ(file.body, sample.bytes);
    // Make room: the test YAML allows kMaxPerWedding media per wedding.
    EXPECT_EQ(removeMedia(res.json()["data"]["id"], owner_).status, 200);
  }
}

TEST_P(WeddingsMediaTest, TheOwnersOwnUploadIsNotAGuestUpload) {
  const auto mine = uploadFile("a.png", "image/png", samplePng(), owner_);
  ASSERT_EQ(mine.status, 201) << mine.body;
  EXPECT_EQ(mine.json()["data"]["uploadedByGuest"], false);
  const auto stranger = uploadFile("b.png", "image/png", samplePng(), as("someone-else"));
  ASSERT_EQ(stranger.status, 201) << stranger.body;
  EXPECT_EQ(stranger.json()["data"]["uploadedByGuest"], true);
}

TEST_P(WeddingsMediaTest, OnlyTheOwnerDeletesAndTheFileGoesWithTheRow) {
  const auto res = uploadFile("a.gif", "image/gif", sampleGif());
  ASSERT_EQ(res.status, 201) << res.body;
  const std::string id = res.json()["data"]["id"];
  const std::string url = res.json()["data"]["fileUrl"];

  const auto guest = removeMedia(id, {});
  EXPECT_EQ(guest.status, 401);
  EXPECT_EQ(guest.json()["message"], "Avtorizatsiya talab qilinadi");
  const auto stranger = removeMedia(id, as("user-2"));
  EXPECT_EQ(stranger.status, 403);
  EXPECT_EQ(stranger.json()["message"], "Ruxsat berilmagan");
  EXPECT_EQ(server_->client().get(url).status, 200) << "still there";

  // Another wedding's owner cannot reach this media through their own wedding.
  const Headers other = as("user-3");
  const auto theirs = server_->client().postJson("/api/weddings",
                                                 {{"groomName", "Bobur"},
                                                  {"brideName", "Dilnoza"},
                                                  {"weddingDate", "2026-07-01"},
                                                  {"weddingLocation", "Buxoro"}},
                                                 other);
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  const std::string their_id = theirs.json()["data"]["id"];
  EXPECT_EQ(server_->client().request("DELETE", "/api/media/" + their_id + "/" + id, other).status,
            404);

  const auto deleted = removeMedia(id, owner_);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(deleted.json()["success"], true);
  EXPECT_EQ(deleted.json()["message"], "Fayl o'chirildi");
  EXPECT_EQ(server_->client().get(url).status, 404) << "the file is gone";
  EXPECT_EQ(gallery()["data"].size(), 0u);
  EXPECT_EQ(storedFiles(), 0u);
  const auto again = removeMedia(id, owner_);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.json()["message"], "Fayl topilmadi");
  EXPECT_EQ(server_->client().request("DELETE", "/api/media/nope/" + id, owner_).status, 404);
}

TEST_P(WeddingsMediaTest, BadUploadsGetAClearErrorAndStoreNothing) {
  struct Case {
    const char* what;
    std::string body;
    int status;
    const char* message;
  };
  const std::string jpeg = sampleJpeg();
  const std::string id = fieldPart("weddingId", wedding_id_);
  const Case cases[] = {
      {"no file", form(id), 400, "Fayl yuklanmadi"},
      {"file sent as a plain field", form(id + fieldPart("file", jpeg)), 400, "Fayl yuklanmadi"},
      {"no weddingId", form(filePart("a.jpg", "image/jpeg", jpeg)), 400,
       "To'y ID si ko'rsatilmagan"},
      {"blank weddingId",
       form(fieldPart("weddingId", "  ") + filePart("a.jpg", "image/jpeg", jpeg)), 400,
       "To'y ID si ko'rsatilmagan"},
      {"unknown wedding",
       form(fieldPart("weddingId", "no-such-wedding") + filePart("a.jpg", "image/jpeg", jpeg)), 404,
       "To'y topilmadi"},
      {"traversal as weddingId",
       form(fieldPart("weddingId", "../../etc/passwd") + filePart("a.jpg", "image/jpeg", jpeg)),
       404, "To'y topilmadi"},
      {"html named photo.jpg", form(id + filePart("photo.jpg", "image/jpeg", sampleHtml())), 415,
       "Faqat rasm yoki video yuklash mumkin"},
      {"text file renamed .jpg",
       form(id + filePart("photo.jpg", "image/jpeg", "Salom! Bu rasm emas, oddiy matn.\n")), 415,
       "Faqat rasm yoki video yuklash mumkin"},
      {"svg with a script", form(id + filePart("a.svg", "image/svg+xml", sampleSvgWithScript())),
       415, "Faqat rasm yoki video yuklash mumkin"},
      {"jpeg with html appended (polyglot)",
       form(id + filePart("a.jpg", "image/jpeg", jpeg + "<html><script>alert(1)</script>")), 422,
       "Fayl xavfsiz emas"},
      {"png with php inside (polyglot)",
       form(id + filePart("a.png", "image/png", samplePng() + "<?php system($_GET['c']); ?>")), 422,
       "Fayl xavfsiz emas"},
      {"over the profile's 256 KiB",
       form(id + filePart("big.png", "image/png", samplePng() + std::string(300 * 1024, '\0'))),
       413, "Fayl hajmi juda katta"},
      {"empty file", form(id + filePart("a.jpg", "image/jpeg", "")), 400, nullptr},
  };
  for (const Case& c : cases) {
    const auto res = upload(c.body);
    EXPECT_EQ(res.status, c.status) << c.what << ": " << res.body;
    EXPECT_EQ(res.json()["success"], false) << c.what << ": " << res.body;
    if (c.message != nullptr) {
      EXPECT_EQ(res.json()["message"], c.message) << c.what;
    }
  }
  const auto json_body =
      server_->client().postJson("/api/media/upload", {{"weddingId", wedding_id_}, {"file", "x"}});
  EXPECT_EQ(json_body.status, 415) << json_body.body;
  const auto over_route_limit =
      uploadFile("huge.png", "image/png", samplePng() + std::string(1100 * 1024, '\0'));
  EXPECT_EQ(over_route_limit.status, 413);
  EXPECT_EQ(storedFiles(), 0u) << "nothing half-written";
  EXPECT_EQ(gallery()["data"].size(), 0u);
}

TEST_P(WeddingsMediaTest, ATraversalFileNameIsHarmless) {
  for (const char* name :
       {"../../../etc/passwd.png", "..\\..\\boot.ini", "..%2F..%2Fx.png", "/etc/cron.d/evil"}) {
    const auto res = uploadFile(std::string_view(name), "image/png", samplePng());
    ASSERT_EQ(res.status, 201) << name << ": " << res.body;
    const std::string url = res.json()["data"]["fileUrl"];
    EXPECT_TRUE(
        std::regex_match(url, std::regex("/uploads/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}\\.png")))
        << url;
    const auto removed = removeMedia(res.json()["data"]["id"], owner_);
    EXPECT_EQ(removed.status, 200) << removed.body;
  }
  EXPECT_FALSE(fs::exists(server_->dir() / "etc"));
  EXPECT_FALSE(fs::exists(server_->dir() / "x.png"));
  EXPECT_EQ(storedFiles(), 0u);
}

TEST_P(WeddingsMediaTest, TheGalleryHasALimitPerWedding) {
  std::vector<std::string> ids;
  for (int i = 0; i < kMaxPerWedding; ++i) {
    const auto res = uploadFile("p.png", "image/png", samplePng());
    ASSERT_EQ(res.status, 201) << res.body;
    ids.push_back(res.json()["data"]["id"]);
  }
  const auto full = uploadFile("p.png", "image/png", samplePng());
  EXPECT_EQ(full.status, 409) << full.body;
  EXPECT_EQ(full.json()["success"], false);
  EXPECT_EQ(full.json()["message"], "Bu to'y uchun fayllar soni chegarasiga yetildi");
  EXPECT_EQ(storedFiles(), static_cast<size_t>(kMaxPerWedding));
  ASSERT_EQ(removeMedia(ids[0], owner_).status, 200);
  EXPECT_EQ(uploadFile("p.png", "image/png", samplePng()).status, 201) << "room again";
}

TEST_P(WeddingsMediaTest, ConcurrentUploadsNeverPassTheLimit) {
  constexpr int kUploads = 8;
  std::vector<std::future<int>> results;
  for (int i = 0; i < kUploads; ++i) {
    results.push_back(std::async(std::launch::async, [this] {
      return uploadFile("p.png", "image/png", samplePng()).status;
    }));
  }
  int created = 0;
  int refused = 0;
  for (auto& result : results) {
    const int status = result.get();
    if (status == 201) ++created;
    if (status == 409) ++refused;
  }
  EXPECT_EQ(created, kMaxPerWedding);
  EXPECT_EQ(refused, kUploads - kMaxPerWedding);
  EXPECT_EQ(gallery()["total"], kMaxPerWedding);
  EXPECT_EQ(storedFiles(), static_cast<size_t>(kMaxPerWedding)) << "refused files are removed";
}

TEST_P(WeddingsMediaTest, TheListIsPagedNewestFirst) {
  std::vector<std::string> ids;
  for (int i = 0; i < kMaxPerWedding; ++i) {
    const auto res = uploadFile("p.png", "image/png", samplePng());
    ASSERT_EQ(res.status, 201) << res.body;
    ids.push_back(res.json()["data"]["id"]);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const Json first = gallery("?limit=2");
  ASSERT_EQ(first["data"].size(), 2u);
  EXPECT_EQ(first["data"][0]["id"], ids[2]);
  EXPECT_EQ(first["data"][1]["id"], ids[1]);
  EXPECT_EQ(first["total"], 3);
  EXPECT_EQ(first["limit"], 2);
  const Json second = gallery("?limit=2&offset=2");
  ASSERT_EQ(second["data"].size(), 1u);
  EXPECT_EQ(second["data"][0]["id"], ids[0]);
  EXPECT_EQ(second["offset"], 2);
  for (const char* bad : {"?limit=0", "?limit=201", "?limit=abc", "?offset=-1", "?limit=1e2"}) {
    const auto res = server_->client().get("/api/media/" + wedding_id_ + bad);
    EXPECT_EQ(res.status, 400) << bad << ": " << res.body;
    EXPECT_EQ(res.json()["success"], false);
  }
  const auto unknown = server_->client().get("/api/media/no-such-wedding");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json()["message"], "To'y topilmadi");
}

TEST_P(WeddingsMediaTest, DeletingTheWeddingRemovesItsFiles) {
  std::vector<std::string> urls;
  for (const std::string& bytes : {samplePng(), sampleMp4()}) {
    const auto res = uploadFile("f", "application/octet-stream", bytes);
    ASSERT_EQ(res.status, 201) << res.body;
    urls.push_back(res.json()["data"]["fileUrl"]);
  }
  EXPECT_EQ(storedFiles(), 2u);
  const auto deleted = server_->client().request("DELETE", "/api/weddings/" + slug_, owner_);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  for (const std::string& url : urls) EXPECT_EQ(server_->client().get(url).status, 404) << url;
  EXPECT_EQ(storedFiles(), 0u);
  EXPECT_EQ(server_->client().get("/api/media/" + wedding_id_).status, 404);
}

}  // namespace
}  // namespace atrium::testing
