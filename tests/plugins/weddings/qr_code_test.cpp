#include "plugins/weddings/domain/qr_code.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::weddings {
namespace {

TEST(QrCodeTest, PicksTheSmallestVersionThatHoldsTheText) {
  // 8-bit capacities: version 1 holds 17 bytes at L and 14 at M; version 2 holds 32 at L.
  const QrMatrix v1 = encodeQr(std::string(17, 'a'), QrErrorCorrection::kLow);
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(v1.width, 21);
  EXPECT_EQ(v1.dark.size(), 21u * 21u);
  EXPECT_TRUE(v1.valid());
  EXPECT_EQ(encodeQr(std::string(18, 'a'), QrErrorCorrection::kLow).width, 25);
  EXPECT_EQ(encodeQr(std::string(17, 'a'), QrErrorCorrection::kMedium).version, 2);
  // A guest page URL of 38 bytes needs version 3 (29 modules) at M.
  const QrMatrix url =
      encodeQr("https://taklifnoma.uz/w/aziz-va-malika", QrErrorCorrection::kMedium);
  EXPECT_EQ(url.version, 3);
  EXPECT_EQ(url.width, 29);
}

TEST(QrCodeTest, DrawsTheFinderPatternsInTheCorners) {
  const QrMatrix m = encodeQr("https://taklifnoma.uz/w/aziz-va-malika", QrErrorCorrection::kMedium);
  // Each finder is a dark 7x7 ring, a light ring, and a dark 3x3 centre.
  for (const auto& [ox, oy] :
       {std::pair{0, 0}, std::pair{m.width - 7, 0}, std::pair{0, m.width - 7}}) {
    for (int i = 0; i < 7; ++i) {
      EXPECT_TRUE(m.isDark(ox + i, oy));
      EXPECT_TRUE(m.isDark(ox + i, oy + 6));
      EXPECT_TRUE(m.isDark(ox, oy + i));
      EXPECT_TRUE(m.isDark(ox + 6, oy + i));
    }
    for (int i = 1; i < 6; ++i) {
      EXPECT_FALSE(m.isDark(ox + i, oy + 1));
      EXPECT_FALSE(m.isDark(ox + i, oy + 5));
    }
    EXPECT_TRUE(m.isDark(ox + 3, oy + 3));
  }
  EXPECT_FALSE(m.isDark(7, 7));  // the separator around the top-left finder
}

TEST(QrCodeTest, TheSameTextGivesTheSameSymbol) {
  const QrMatrix a = encodeQr("https://taklifnoma.uz/w/x", QrErrorCorrection::kHigh);
  const QrMatrix b = encodeQr("https://taklifnoma.uz/w/x", QrErrorCorrection::kHigh);
  EXPECT_EQ(a.dark, b.dark);
  EXPECT_NE(a.dark, encodeQr("https://taklifnoma.uz/w/y", QrErrorCorrection::kHigh).dark);
}

TEST(QrCodeTest, HigherErrorCorrectionNeedsMoreModules) {
  const std::string text(100, 'z');
  EXPECT_LT(encodeQr(text, QrErrorCorrection::kLow).width,
            encodeQr(text, QrErrorCorrection::kHigh).width);
}

TEST(QrCodeTest, EncodesBytesIncludingNul) {
  const std::string with_nul("a\0b", 3);
  EXPECT_NE(encodeQr(with_nul, QrErrorCorrection::kLow).dark,
            encodeQr("a", QrErrorCorrection::kLow).dark);
}

TEST(QrCodeTest, RefusesEmptyOverLongAndTooBigTexts) {
  EXPECT_THROW(encodeQr("", QrErrorCorrection::kMedium), QrCodeError);
  EXPECT_THROW(encodeQr(std::string(kMaxQrTextBytes + 1, 'a'), QrErrorCorrection::kLow),
               QrCodeError);
  // Version 40 holds 2953 bytes at L but only 2331 at M and 1273 at H.
  const QrMatrix largest = encodeQr(std::string(kMaxQrTextBytes, 'a'), QrErrorCorrection::kLow);
  EXPECT_EQ(largest.version, 40);
  EXPECT_EQ(largest.width, 177);
  EXPECT_EQ(encodeQr(std::string(2331, 'a'), QrErrorCorrection::kMedium).version, 40);
  try {
    encodeQr(std::string(2332, 'a'), QrErrorCorrection::kMedium);
    FAIL() << "2332 bytes at M should not fit";
  } catch (const QrCodeError& e) {
    EXPECT_NE(std::string(e.what()).find("version 40"), std::string::npos) << e.what();
  }
  EXPECT_THROW(encodeQr(std::string(1274, 'a'), QrErrorCorrection::kHigh), QrCodeError);
}

TEST(QrCodeTest, ParsesErrorCorrectionNames) {
  EXPECT_EQ(parseErrorCorrection("L"), QrErrorCorrection::kLow);
  EXPECT_EQ(parseErrorCorrection("M"), QrErrorCorrection::kMedium);
  EXPECT_EQ(parseErrorCorrection("Q"), QrErrorCorrection::kQuartile);
  EXPECT_EQ(parseErrorCorrection("H"), QrErrorCorrection::kHigh);
  EXPECT_FALSE(parseErrorCorrection("m").has_value());
  EXPECT_FALSE(parseErrorCorrection("").has_value());
  EXPECT_FALSE(parseErrorCorrection("MM").has_value());
}

}  // namespace
}  // namespace atrium::plugins::weddings
