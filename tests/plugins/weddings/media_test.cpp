#include "plugins/weddings/domain/media.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::weddings {
namespace {

TEST(MediaKindTest, ImagesAndVideosByTheSniffedType) {
  for (const char* type : {"image/jpeg", "image/png", "image/webp", "image/gif", "image/heic"}) {
    ASSERT_TRUE(mediaKindOf(type).has_value()) << type;
    EXPECT_EQ(*mediaKindOf(type), MediaKind::kImage) << type;
  }
  for (const char* type : {"video/mp4", "video/webm", "video/quicktime"}) {
    ASSERT_TRUE(mediaKindOf(type).has_value()) << type;
    EXPECT_EQ(*mediaKindOf(type), MediaKind::kVideo) << type;
  }
  EXPECT_STREQ(mediaKindName(MediaKind::kImage), "IMAGE");
  EXPECT_STREQ(mediaKindName(MediaKind::kVideo), "VIDEO");
}

TEST(MediaKindTest, EverythingElseIsNotGalleryMedia) {
  for (const char* type : {"audio/mpeg", "application/pdf", "text/html", "image/", "video/", "",
                           "imagex/png", "IMAGE/PNG", "application/octet-stream"}) {
    EXPECT_FALSE(mediaKindOf(type).has_value()) << type;
  }
}

TEST(FormWeddingIdTest, TrimmedPrintableAndShort) {
  EXPECT_EQ(formWeddingId(std::string_view("abc_DEF-123")), "abc_DEF-123");
  EXPECT_EQ(formWeddingId(std::string_view("  abc \r\n")), "abc");
  EXPECT_EQ(formWeddingId(std::string_view(std::string(64, 'a'))), std::string(64, 'a'));
  EXPECT_FALSE(formWeddingId(std::nullopt).has_value());
  EXPECT_FALSE(formWeddingId(std::string_view("")).has_value());
  EXPECT_FALSE(formWeddingId(std::string_view("   ")).has_value());
  EXPECT_FALSE(formWeddingId(std::string_view(std::string(65, 'a'))).has_value());
  EXPECT_FALSE(formWeddingId(std::string_view("a b")).has_value());
  EXPECT_FALSE(formWeddingId(std::string_view("a\0b", 3)).has_value());
  EXPECT_FALSE(formWeddingId(std::string_view("to\xCA\xBBy")).has_value());
}

TEST(MediaLimitTest, TheLastPlaceIsTheLimit) {
  EXPECT_TRUE(roomForMoreMedia(0, 3));
  EXPECT_TRUE(roomForMoreMedia(2, 3));
  EXPECT_FALSE(roomForMoreMedia(3, 3));
  EXPECT_FALSE(roomForMoreMedia(4, 3));
  EXPECT_FALSE(roomForMoreMedia(0, 0));
}

TEST(MediaPageTest, DefaultsAndValidValues) {
  std::vector<FieldError> errors;
  MediaPage page = readMediaPage(std::nullopt, std::nullopt, 50, 200, errors);
  EXPECT_EQ(page.limit, 50);
  EXPECT_EQ(page.offset, 0);
  page = readMediaPage(std::string_view("200"), std::string_view("1000000"), 50, 200, errors);
  EXPECT_EQ(page.limit, 200);
  EXPECT_EQ(page.offset, 1'000'000);
  page = readMediaPage(std::string_view("1"), std::string_view("0"), 50, 200, errors);
  EXPECT_EQ(page.limit, 1);
  EXPECT_TRUE(errors.empty());
}

TEST(MediaPageTest, BadValuesAreFieldErrors) {
  for (const char* bad : {"0", "201", "-1", "+5", " 5", "5x", "", "1e2", "9999999999", "0x10"}) {
    std::vector<FieldError> errors;
    const MediaPage page = readMediaPage(std::string_view(bad), std::nullopt, 50, 200, errors);
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].field, "limit");
    EXPECT_EQ(page.limit, 50) << "the default stays";
  }
  std::vector<FieldError> errors;
  readMediaPage(std::nullopt, std::string_view("1000001"), 50, 200, errors);
  readMediaPage(std::nullopt, std::string_view("-3"), 50, 200, errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[1].field, "offset");
}

TEST(UploadRefusalTest, SizeTypeAndContentHaveTheirOwnMessages) {
  EXPECT_STREQ(uploadRefusalMessageKey(413), "file_too_large");
  EXPECT_STREQ(uploadRefusalMessageKey(415), "file_type");
  EXPECT_STREQ(uploadRefusalMessageKey(422), "file_unsafe");
  EXPECT_EQ(uploadRefusalMessageKey(400), nullptr);
  EXPECT_EQ(uploadRefusalMessageKey(500), nullptr);
}

}  // namespace
}  // namespace atrium::plugins::weddings
