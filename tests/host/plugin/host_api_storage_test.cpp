// The ABI's storage functions (host_api_storage.cpp), called the way a C plugin calls them:
// parsing the request's multipart body once, saving a part or bytes, stat and delete, every
// refusal as a status, old (smaller) structs, and a host without a storage service.
#include <cstddef>
#include <filesystem>

#include <gtest/gtest.h>

#include "host/plugin/host_api.hpp"
#include "host/services/storage/local_disk_storage.hpp"
#include "host/services/storage/storage_service.hpp"
#include "tests/host/plugin/plugin_test_support.hpp"
#include "tests/host/services/storage/sample_files.hpp"
#include "tests/support/captured_log.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::plugin {
namespace {

using namespace atrium::testing;

atrium_str s(std::string_view text) { return atrium_str{text.data(), text.size()}; }
std::string_view v(atrium_str text) { return {text.ptr, text.len}; }

std::string formBody(const std::string& file_data) {
  return "--B\r\nContent-Disposition: form-data; name=\"weddingId\"\r\n\r\n42\r\n"
         "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
         "Content-Type: image/jpeg\r\n\r\n" +
         file_data + "\r\n--B--\r\n";
}

class HostApiStorageTest : public ::testing::Test {
 protected:
  HostApiStorageTest() {
    config_.profiles["media"] = {{"image/png", "image/jpeg"}, 1 << 16};
    config_.max_parts = 3;
    service_ = std::make_unique<storage::StorageService>(
        config_, std::make_unique<storage::LocalDiskStorage>(dir_.path()), log_.sink());
    context_.storage = service_.get();
    request_.headers.emplace_back("Content-Type", "multipart/form-data; boundary=B");
    request_.body = formBody(samplePng());
  }

  // What a result held, copied before it is freed (its strings die with it).
  struct Stored {
    std::string key, url, type, sha256;
    uint64_t size = 0;
  };
  // Frees the result; returns its error status (0 = success) and fills `stored`.
  int32_t take(atrium_storage_result* result, Stored* stored = nullptr,
               std::string* code = nullptr) {
    EXPECT_NE(result, nullptr);
    atrium_str c{nullptr, 0};
    const int32_t status = api_.storage_result_error(result, &c, nullptr);
    if (code) *code = std::string(v(c));
    atrium_stored_object object{};
    object.struct_size = sizeof object;
    if (stored && api_.storage_result_object(result, &object) == 1) {
      *stored = {std::string(v(object.key)), std::string(v(object.url)),
                 std::string(v(object.content_type)), std::string(v(object.sha256)), object.size};
    }
    api_.storage_result_free(result);
    return status;
  }
  atrium_plugin_ctx* ctx() { return toAbi(&context_); }
  const atrium_request* req() { return toAbi(&handle_); }

  TempDir dir_{"atrium-host-api-storage"};
  CapturedLog log_;
  config::StorageConfig config_;
  std::unique_ptr<storage::StorageService> service_;
  PluginContext context_{log_.sink(), "weddings"};
  http::Request request_ = test::makeRequest("POST", "/media");
  RequestHandle handle_{&request_, "weddings.upload_media", nullptr};
  atrium_host_api api_ = makeHostApi();
};

TEST_F(HostApiStorageTest, TheTableHasTheStorageBlock) {
  EXPECT_GE(api_.header.abi_minor, 5);
  EXPECT_TRUE(ATRIUM_ABI_HAS_FIELD(&api_, atrium_host_api, storage_result_free));
  EXPECT_GE(api_.header.struct_size,
            offsetof(atrium_host_api, storage_result_free) + sizeof(api_.storage_result_free));
  EXPECT_NE(api_.request_multipart, nullptr);
  EXPECT_NE(api_.storage_save_part, nullptr);
}

TEST_F(HostApiStorageTest, ParsesOnceAndSavesAPart) {
  handle_.storage = service_.get();
  size_t count = 0;
  int32_t status = -1;
  ASSERT_EQ(api_.request_multipart(req(), &count, &status, nullptr), ATRIUM_OK);
  EXPECT_EQ(count, 2u);
  EXPECT_EQ(status, 0);
  const ParsedMultipart* first = handle_.multipart.get();
  ASSERT_EQ(api_.request_multipart(req(), &count, nullptr, nullptr), ATRIUM_OK);
  EXPECT_EQ(handle_.multipart.get(), first);  // parsed once

  atrium_multipart_part part{};
  part.struct_size = sizeof part;
  ASSERT_EQ(api_.request_multipart_part(req(), 1, &part), 1);
  EXPECT_EQ(part.is_file, 1);
  EXPECT_EQ(v(part.name), "file");
  EXPECT_EQ(v(part.filename), "a.jpg");
  EXPECT_EQ(v(part.content_type), "image/jpeg");
  EXPECT_EQ(v(part.data), samplePng());
  EXPECT_EQ(api_.request_multipart_part(req(), 2, &part), 0);

  // An old plugin whose struct ends before `data`: the host writes nothing past it.
  atrium_multipart_part old{};
  old.struct_size = offsetof(atrium_multipart_part, data);
  old.data = s("untouched");
  ASSERT_EQ(api_.request_multipart_part(req(), 1, &old), 1);
  EXPECT_EQ(v(old.data), "untouched");
  EXPECT_EQ(v(old.name), "file");

  Stored object;
  ASSERT_EQ(take(api_.storage_save_part(ctx(), req(), s("media"), 1), &object), 0);
  const std::string key = object.key;
  EXPECT_EQ(object.type, "image/png");
  EXPECT_EQ(object.size, samplePng().size());
  EXPECT_EQ(object.url, "/uploads/" + key);
  EXPECT_EQ(object.sha256.size(), 64u);
  EXPECT_TRUE(std::filesystem::exists(dir_ / key));

  Stored stat;
  ASSERT_EQ(take(api_.storage_stat(ctx(), s(key)), &stat), 0);
  EXPECT_EQ(stat.size, samplePng().size());
  EXPECT_EQ(stat.sha256, "");
  EXPECT_EQ(take(api_.storage_delete(ctx(), req(), s(key))), 0);
  EXPECT_EQ(take(api_.storage_delete(ctx(), req(), s(key))), 404);
  EXPECT_EQ(take(api_.storage_stat(ctx(), s(key))), 404);
}

TEST_F(HostApiStorageTest, RefusalsAreStatuses) {
  handle_.storage = service_.get();
  std::string code;
  // A part index before parsing: a plugin bug, 500.
  EXPECT_EQ(take(api_.storage_save_part(ctx(), req(), s("media"), 1), nullptr, &code), 500);
  ASSERT_EQ(api_.request_multipart(req(), nullptr, nullptr, nullptr), ATRIUM_OK);
  EXPECT_EQ(take(api_.storage_save_part(ctx(), req(), s("media"), 7)), 500);
  EXPECT_EQ(take(api_.storage_save_part(ctx(), req(), s("nope"), 1)), 500);
  EXPECT_EQ(take(api_.storage_save(ctx(), req(), s("media"), s(sampleHtml())), nullptr, &code),
            415);
  EXPECT_EQ(code, "unsupported_media_type");
  EXPECT_EQ(take(api_.storage_save(ctx(), nullptr, s("media"), s(sampleJpeg() + "<script>")),
                 nullptr, &code),
            422);
  EXPECT_EQ(code, "active_content");
  EXPECT_EQ(take(api_.storage_save(ctx(), req(), s("media"), s(std::string(1 << 17, 'x')))), 413);
  EXPECT_EQ(take(api_.storage_stat(ctx(), s("../../etc/passwd"))), 400);
  EXPECT_EQ(take(api_.storage_delete(ctx(), req(), s("../x"))), 400);
  EXPECT_EQ(take(api_.storage_save(nullptr, req(), s("media"), s("x"))), 500);
}

TEST_F(HostApiStorageTest, MalformedBodiesGiveTheirStatus) {
  handle_.storage = service_.get();
  request_.body = formBody(samplePng()).substr(0, 60);
  int32_t status = 0;
  atrium_str message{nullptr, 0};
  EXPECT_EQ(api_.request_multipart(req(), nullptr, &status, &message), ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(status, 400);
  EXPECT_NE(v(message).find("Malformed multipart"), std::string_view::npos);
  atrium_multipart_part part{};
  part.struct_size = sizeof part;
  EXPECT_EQ(api_.request_multipart_part(req(), 0, &part), 0);

  http::Request json_request = test::makeRequest("POST", "/media");
  json_request.headers.emplace_back("Content-Type", "application/json");
  RequestHandle json_handle{&json_request, "weddings.upload_media", service_.get()};
  EXPECT_EQ(api_.request_multipart(toAbi(&json_handle), nullptr, &status, nullptr),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(status, 415);
}

TEST_F(HostApiStorageTest, WithoutAStorageServiceEverythingIsUnavailable) {
  context_.storage = nullptr;
  EXPECT_EQ(api_.request_multipart(req(), nullptr, nullptr, nullptr), ATRIUM_ERR_UNAVAILABLE);
  EXPECT_EQ(take(api_.storage_save(ctx(), req(), s("media"), s(samplePng()))), 503);
  EXPECT_EQ(take(api_.storage_stat(ctx(), s("ab/cd/x.png"))), 503);
}

}  // namespace
}  // namespace atrium::host::plugin
