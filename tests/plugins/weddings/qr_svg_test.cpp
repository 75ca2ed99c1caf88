#include "plugins/weddings/domain/qr_svg.hpp"

#include <regex>

#include <gtest/gtest.h>

namespace atrium::plugins::weddings {
namespace {

const QrMatrix& guestPage() {
  static const QrMatrix m =
      encodeQr("https://taklifnoma.uz/w/aziz-va-malika", QrErrorCorrection::kMedium);
  return m;
}

std::string pathData(const std::string& svg) {
  const std::string open = "<path fill=\"#000\" d=\"";
  const size_t from = svg.find(open);
  if (from == std::string::npos) return {};
  const size_t start = from + open.size();
  return svg.substr(start, svg.find('"', start) - start);
}

TEST(QrSvgTest, IsOneSvgElementWithViewBoxSizeAndCrispEdges) {
  const std::string svg = renderQrSvg(guestPage(), 10);  // 29 + 8 = 37 modules
  EXPECT_EQ(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0), 0u) << svg;
  EXPECT_NE(svg.find("viewBox=\"0 0 37 37\""), std::string::npos);
  EXPECT_NE(svg.find("width=\"370\" height=\"370\""), std::string::npos);
  EXPECT_NE(svg.find("shape-rendering=\"crispEdges\""), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  // Well-formed: every element is self-closed except <svg>, which is closed once.
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '<'), 5);  // <?xml, <svg, <rect/>, <path/>, </svg>
  EXPECT_EQ(svg.find("<path"), svg.rfind("<path"));
  EXPECT_EQ(std::regex_search(svg, std::regex("[^ -~\\n]")), false) << "ASCII only";
}

TEST(QrSvgTest, ThePathRedrawsExactlyTheDarkModules) {
  const QrMatrix& m = guestPage();
  const std::string d = pathData(renderQrSvg(m, 1));
  ASSERT_FALSE(d.empty());
  const std::regex run("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
  std::vector<uint8_t> drawn(m.dark.size(), 0);
  size_t covered = 0;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), run); it != std::sregex_iterator();
       ++it) {
    const int x = std::stoi((*it)[1]) - kQrQuietZone;
    const int y = std::stoi((*it)[2]) - kQrQuietZone;
    const int length = std::stoi((*it)[3]);
    EXPECT_EQ((*it)[3], (*it)[4]);
    ASSERT_GE(x, 0);
    ASSERT_GE(y, 0);
    ASSERT_LE(x + length, m.width);
    ASSERT_LT(y, m.width);
    for (int i = 0; i < length; ++i) ++drawn[static_cast<size_t>(y * m.width + x + i)];
    covered += it->length();
  }
  EXPECT_EQ(covered, d.size()) << "the path holds only runs";
  EXPECT_EQ(drawn, m.dark);
}

TEST(QrSvgTest, RunsAreMaximal) {
  // Two adjacent runs on one row would mean a run was split: x + length of one never equals
  // the next run's x on the same row.
  const std::string d = pathData(renderQrSvg(guestPage(), 1));
  const std::regex run("M(\\d+) (\\d+)h(\\d+)");
  int last_end = -1;
  int last_row = -1;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), run); it != std::sregex_iterator();
       ++it) {
    const int x = std::stoi((*it)[1]);
    const int y = std::stoi((*it)[2]);
    if (y == last_row) {
      EXPECT_GT(x, last_end) << "row " << y;
    }
    last_row = y;
    last_end = x + std::stoi((*it)[3]);
  }
}

TEST(QrSvgTest, TheSameSymbolGivesTheSameDocument) {
  EXPECT_EQ(renderQrSvg(guestPage(), 8), renderQrSvg(guestPage(), 8));
  EXPECT_THROW(renderQrSvg(guestPage(), 0), std::invalid_argument);
}

TEST(QrSvgTest, RefusesWhatIsNotAQrSymbol) {
  QrMatrix m = guestPage();
  m.width = 33;
  EXPECT_THROW(renderQrSvg(m, 4), std::invalid_argument);
  EXPECT_THROW(renderQrSvg(QrMatrix{}, 4), std::invalid_argument);
}

}  // namespace
}  // namespace atrium::plugins::weddings
