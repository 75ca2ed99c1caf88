// QR codes of the wedding guest pages (weddings.qr) over real HTTP from the real binary, on
// SQLite and PostgreSQL: SVG and PNG images of the configured guest page URL, caching with
// ETag / If-None-Match, the product's 404, 400 for bad sizes and formats, and the wedding's
// qrCodeUrl pointing at the image.
#include <memory>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "tests/integration/weddings_test_support.hpp"

namespace atrium::testing {
namespace {

using Json = nlohmann::json;

uint32_t bigEndian32(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = value << 8 | static_cast<unsigned char>(bytes.at(at + i));
  return value;
}

// The side of the SVG's square viewBox, in modules (the symbol plus a quiet zone of 4 each side).
int viewBoxModules(const std::string& svg) {
  std::smatch m;
  if (!std::regex_search(svg, m, std::regex("viewBox=\"0 0 (\\d+) (\\d+)\""))) return -1;
  return m[1] == m[2] ? std::stoi(m[1]) : -2;
}

class WeddingsQrTest : public weddings::WeddingsServerTest {
 protected:
  // The weddings test product, with `qr_config` (YAML flow mapping) as the plugin's `qr:` block.
  void start(const std::string& qr_config = "") {
    std::string yaml = productYaml();
    if (!qr_config.empty()) {
      // The plugin's config block in the YAML starts with these lines; qr: joins it.
      const std::string block = "  - name: weddings\n    config:\n";
      const size_t at = yaml.find(block);
      ASSERT_NE(at, std::string::npos) << "weddings_taklifnoma.yaml has no weddings config block";
      yaml.insert(at + block.size(), "      qr: " + qr_config + "\n");
    }
    startServer(yaml);
  }

  // A wedding of user-1 with the slug "aziz-va-malika"; its JSON.
  Json createGuestPage() {
    Json body = weddings::weddingBody();
    body["slug"] = "aziz-va-malika";
    return createWedding(as("user-1"), body)["data"];
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, WeddingsQrTest, host::db::testing::kBothBackends,
                         host::db::testing::testBackendName);

TEST_P(WeddingsQrTest, TheGuestPageQrCodeIsServedAsSvg) {
  start();
  createGuestPage();
  const auto res = server_->client().get("/api/weddings/aziz-va-malika/qr.svg");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("Content-Type"), "image/svg+xml; charset=utf-8");
  EXPECT_EQ(res.header("Cache-Control"), "public, max-age=3600");
  EXPECT_TRUE(std::regex_match(res.header("ETag"), std::regex("\"[0-9a-f]{32}\"")))
      << res.header("ETag");
  EXPECT_EQ(res.body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0), 0u);
  // https://taklifnoma.uz/w/aziz-va-malika (38 bytes, level M) is a version 3 symbol: 29 + 8.
  EXPECT_EQ(viewBoxModules(res.body), 37);
  EXPECT_NE(res.body.find("width=\"296\" height=\"296\""), std::string::npos) << "8 px a module";
  EXPECT_NE(res.body.find("shape-rendering=\"crispEdges\""), std::string::npos);
  const auto again = server_->client().get("/api/weddings/aziz-va-malika/qr.svg");
  EXPECT_EQ(again.body, res.body);
  EXPECT_EQ(again.header("ETag"), res.header("ETag"));
  // A route without an extension takes ?format=; svg by default.
  EXPECT_EQ(server_->client().get("/api/weddings/aziz-va-malika/qr").body, res.body);
  EXPECT_EQ(server_->client().get("/api/weddings/aziz-va-malika/qr?format=svg").body, res.body);
}

TEST_P(WeddingsQrTest, TheGuestPageQrCodeIsServedAsPngOfTheRequestedSize) {
  start();
  createGuestPage();
  auto client = server_->client();
  const auto res = client.get("/api/weddings/aziz-va-malika/qr.png");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("Content-Type"), "image/png");
  EXPECT_EQ(res.header("Cache-Control"), "public, max-age=3600");
  ASSERT_GT(res.body.size(), 33u);
  EXPECT_EQ(res.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(res.body.substr(12, 4), "IHDR");
  EXPECT_EQ(bigEndian32(res.body, 16), 37u * 8u) << "(29 + 8) modules of 8 px";
  EXPECT_EQ(res.body[24], 1) << "1-bit";
  EXPECT_EQ(res.body[25], 0) << "grayscale";
  const auto small = client.get("/api/weddings/aziz-va-malika/qr.png?size=3");
  ASSERT_EQ(small.status, 200) << small.body;
  EXPECT_EQ(bigEndian32(small.body, 16), 37u * 3u);
  EXPECT_NE(small.header("ETag"), res.header("ETag"));
  const auto largest = client.get("/api/weddings/aziz-va-malika/qr.png?size=32");
  EXPECT_EQ(bigEndian32(largest.body, 16), 37u * 32u);
  EXPECT_EQ(client.get("/api/weddings/aziz-va-malika/qr?format=png&size=3").body, small.body);
  EXPECT_NE(client.get("/api/weddings/aziz-va-malika/qr.svg").header("ETag"), res.header("ETag"));
}

TEST_P(WeddingsQrTest, AMatchingIfNoneMatchIs304WithoutABody) {
  start();
  createGuestPage();
  auto client = server_->client();
  for (const char* path :
       {"/api/weddings/aziz-va-malika/qr.svg", "/api/weddings/aziz-va-malika/qr.png?size=4"}) {
    const auto first = client.get(path);
    ASSERT_EQ(first.status, 200) << first.body;
    const std::string etag = first.header("ETag");
    const auto cached = client.get(path, {{"If-None-Match", etag}});
    EXPECT_EQ(cached.status, 304) << path;
    EXPECT_EQ(cached.body, "");
    EXPECT_EQ(cached.header("ETag"), etag);
    EXPECT_EQ(cached.header("Cache-Control"), "public, max-age=3600");
    EXPECT_EQ(client.get(path, {{"If-None-Match", "\"other\", W/" + etag}}).status, 304);
    EXPECT_EQ(client.get(path, {{"If-None-Match", "*"}}).status, 304);
    const auto stale = client.get(path, {{"If-None-Match", "\"0123456789abcdef\""}});
    EXPECT_EQ(stale.status, 200);
    EXPECT_EQ(stale.body, first.body);
  }
}

TEST_P(WeddingsQrTest, AnUnknownSlugIsTheProductsNotFound) {
  start();
  createGuestPage();
  for (const char* path : {"/api/weddings/no-such-wedding/qr.svg",
                           "/api/weddings/no-such-wedding/qr.png", "/api/weddings/%2F/qr"}) {
    const auto res = server_->client().get(path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.json()["success"], false);
    EXPECT_EQ(res.json()["message"], "To'y topilmadi");
  }
}

TEST_P(WeddingsQrTest, BadSizesAndFormatsAre400) {
  start();
  createGuestPage();
  auto client = server_->client();
  for (const char* size :
       {"0", "33", "-1", "abc", "8px", "", "1e1", "00008", "%20", "999999999999"}) {
    const auto res = client.get(std::string("/api/weddings/aziz-va-malika/qr.png?size=") + size);
    EXPECT_EQ(res.status, 400) << size << " " << res.body;
    EXPECT_EQ(res.json()["success"], false);
    EXPECT_NE(res.json()["message"].get<std::string>().find("size"), std::string::npos) << res.body;
  }
  const auto format = client.get("/api/weddings/aziz-va-malika/qr?format=gif");
  EXPECT_EQ(format.status, 400) << format.body;
  EXPECT_NE(format.json()["message"].get<std::string>().find("format"), std::string::npos);
  // Input is checked before the lookup: a bad size for an unknown wedding is still a 400.
  EXPECT_EQ(client.get("/api/weddings/nope/qr.png?size=0").status, 400);
}

TEST_P(WeddingsQrTest, TheWeddingJsonCarriesTheQrImagePath) {
  start();
  const Json created = createGuestPage();
  EXPECT_EQ(created["qrCodeUrl"], "/api/weddings/aziz-va-malika/qr.svg");
  const auto page = server_->client().get("/api/weddings/aziz-va-malika");
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string path = page.json()["data"]["qrCodeUrl"];
  EXPECT_EQ(server_->client().get(path).status, 200) << "the client can fetch what it is given";
}

TEST_P(WeddingsQrTest, TheEncodedUrlAndTheLimitsComeFromConfig) {
  // A longer guest page URL needs a bigger symbol; level H a bigger one still.
  start(
      "{guest_page_url: \"https://example.org/a-much-longer-path/for-the-guests/{slug}?utm=qr\","
      " error_correction: H, module_px: 2, max_module_px: 4, max_age: 60, path: \"\"}");
  const Json created = createGuestPage();
  EXPECT_TRUE(created["qrCodeUrl"].is_null()) << created;
  auto client = server_->client();
  const auto svg = client.get("/api/weddings/aziz-va-malika/qr.svg");
  ASSERT_EQ(svg.status, 200) << svg.body;
  // 75 bytes at level H: version 8 (it holds 84 bytes), 49 modules, + 8.
  EXPECT_EQ(viewBoxModules(svg.body), 57);
  EXPECT_NE(svg.body.find("width=\"114\""), std::string::npos) << "module_px 2";
  EXPECT_EQ(svg.header("Cache-Control"), "public, max-age=60");
  EXPECT_EQ(client.get("/api/weddings/aziz-va-malika/qr.png?size=4").status, 200);
  EXPECT_EQ(client.get("/api/weddings/aziz-va-malika/qr.png?size=5").status, 400);
}

// Start-up fails with the key named when the qr config cannot work.
TEST_P(WeddingsQrTest, ABadQrConfigRefusesToStart) {
  const auto refusal = [this](const std::string& qr_config) -> std::string {
    try {
      start(qr_config);
    } catch (const TestServerError& e) {
      return e.what();
    }
    ADD_FAILURE() << "started with " << qr_config;
    return "";
  };
  EXPECT_NE(refusal("{guest_page_url: \"https://taklifnoma.uz/w/\"}")
                .find("qr.guest_page_url must contain {slug}"),
            std::string::npos);
  EXPECT_NE(refusal("{path: \"/qr.svg\"}").find("qr.path must contain {slug}"), std::string::npos);
  EXPECT_NE(refusal("{module_px: 40, max_module_px: 32}").find("qr.module_px (40)"),
            std::string::npos);
  EXPECT_NE(refusal("{guest_page_url: \"https://t.uz/" + std::string(1900, 'a') +
                    "/{slug}\", error_correction: H}")
                .find("qr.guest_page_url is too long for a QR code"),
            std::string::npos);
  EXPECT_NE(refusal("{error_correction: X}").find("error_correction"), std::string::npos);
}

}  // namespace
}  // namespace atrium::testing
