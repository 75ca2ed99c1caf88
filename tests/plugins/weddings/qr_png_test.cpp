#include "plugins/weddings/domain/qr_png.hpp"

#include <png.h>

#include <cstring>
#include <vector>

#include <gtest/gtest.h>

namespace atrium::plugins::weddings {
namespace {

uint32_t bigEndian32(const std::string& bytes, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 24 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

// The image decoded by libpng's simplified reader as 8-bit gray, one byte per pixel.
std::vector<uint8_t> decodeGray(const std::string& file, uint32_t& width, uint32_t& height) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, file.data(), file.size())) {
    ADD_FAILURE() << "not a PNG: " << image.message;
    return {};
  }
  image.format = PNG_FORMAT_GRAY;
  std::vector<uint8_t> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
    ADD_FAILURE() << "unreadable PNG: " << image.message;
    return {};
  }
  width = image.width;
  height = image.height;
  return pixels;
}

const QrMatrix& guestPage() {
  static const QrMatrix m =
      encodeQr("https://taklifnoma.uz/w/aziz-va-malika", QrErrorCorrection::kMedium);
  return m;
}

TEST(QrPngTest, IsA1BitGrayscalePngOfTheSymbolWithItsQuietZone) {
  const QrMatrix& m = guestPage();
  const std::string png = renderQrPng(m, 5);
  ASSERT_GT(png.size(), 33u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  const uint32_t side = static_cast<uint32_t>((m.width + 2 * kQrQuietZone) * 5);  // (29+8)*5
  EXPECT_EQ(bigEndian32(png, 16), side);
  EXPECT_EQ(bigEndian32(png, 20), side);
  EXPECT_EQ(png[24], 1);  // bit depth
  EXPECT_EQ(png[25], 0);  // colour type: grayscale
  EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
}

TEST(QrPngTest, EveryModuleIsAScaleByScaleSquareOfItsColour) {
  const QrMatrix& m = guestPage();
  constexpr int kScale = 3;
  uint32_t width = 0;
  uint32_t height = 0;
  const std::vector<uint8_t> pixels = decodeGray(renderQrPng(m, kScale), width, height);
  ASSERT_EQ(width, static_cast<uint32_t>((m.width + 8) * kScale));
  ASSERT_EQ(height, width);
  int mismatches = 0;
  for (uint32_t y = 0; y < height; ++y) {
    for (uint32_t x = 0; x < width; ++x) {
      const int mx = static_cast<int>(x) / kScale - kQrQuietZone;
      const int my = static_cast<int>(y) / kScale - kQrQuietZone;
      const bool inside = mx >= 0 && my >= 0 && mx < m.width && my < m.width;
      const bool dark = inside && m.isDark(mx, my);
      if (pixels[y * width + x] != (dark ? 0 : 255)) ++mismatches;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(QrPngTest, TheSameSymbolGivesTheSameBytes) {
  EXPECT_EQ(renderQrPng(guestPage(), 4), renderQrPng(guestPage(), 4));
  EXPECT_NE(renderQrPng(guestPage(), 4), renderQrPng(guestPage(), 5));
}

TEST(QrPngTest, TheLargestSymbolAtTheLargestScaleIsWritten) {
  const QrMatrix v40 = encodeQr(std::string(kMaxQrTextBytes, 'a'), QrErrorCorrection::kLow);
  const std::string png = renderQrPng(v40, kMaxQrModulePx);
  EXPECT_EQ(bigEndian32(png, 16), static_cast<uint32_t>(185 * kMaxQrModulePx));
}

TEST(QrPngTest, RefusesModuleSizesOutsideTheLimits) {
  EXPECT_THROW(renderQrPng(guestPage(), 0), std::invalid_argument);
  EXPECT_THROW(renderQrPng(guestPage(), -1), std::invalid_argument);
  EXPECT_THROW(renderQrPng(guestPage(), kMaxQrModulePx + 1), std::invalid_argument);
  EXPECT_NO_THROW(renderQrPng(guestPage(), 1));
}

TEST(QrPngTest, RefusesWhatIsNotAQrSymbol) {
  QrMatrix m = guestPage();
  m.dark.pop_back();
  EXPECT_THROW(renderQrPng(m, 4), std::invalid_argument);
  QrMatrix odd;
  odd.width = 22;
  odd.dark.assign(22 * 22, 1);
  EXPECT_THROW(renderQrPng(odd, 4), std::invalid_argument);
  EXPECT_THROW(renderQrPng(QrMatrix{}, 4), std::invalid_argument);
}

}  // namespace
}  // namespace atrium::plugins::weddings
