#include "plugins/weddings/domain/wedding.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::weddings {
namespace {

const std::vector<std::string> kLanguages{"uz", "ru", "en"};

nlohmann::json full() {
  return {{"groomName", " Aziz "},
          {"brideName", "Malika"},
          {"weddingDate", "2026-06-12"},
          {"weddingLocation", "Toshkent"},
          {"language", "RU"}};
}

TEST(WeddingFieldsTest, ReadsAndTrimsAValidCreate) {
  std::vector<FieldError> errors;
  const WeddingFields f = readWeddingFields(full(), true, kLanguages, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(f.groom_name, "Aziz");
  EXPECT_EQ(f.language, "ru");
  EXPECT_FALSE(f.slug.has_value());
}

TEST(WeddingFieldsTest, CreateNeedsTheFourFieldsUpdateDoesNot) {
  std::vector<FieldError> errors;
  readWeddingFields(nlohmann::json::object(), true, kLanguages, errors);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].field, "groomName");
  errors.clear();
  const WeddingFields f =
      readWeddingFields({{"weddingLocation", "Buxoro"}}, false, kLanguages, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(f.wedding_location, "Buxoro");
  EXPECT_FALSE(f.groom_name.has_value());
}

TEST(WeddingFieldsTest, RefusesWrongTypesLengthsDatesLanguagesAndSlugs) {
  nlohmann::json body = full();
  body["groomName"] = 5;
  body["brideName"] = std::string(101, 'x');
  body["weddingDate"] = "12.06.2026";
  body["language"] = "de";
  body["slug"] = "-bad-";
  std::vector<FieldError> errors;
  readWeddingFields(body, true, kLanguages, errors);
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"groomName", "brideName", "weddingDate", "language",
                                              "slug"}));
}

TEST(WeddingFieldsTest, NamesCountCharactersNotBytes) {
  nlohmann::json body = full();
  body["brideName"] = std::string(100 / 2, 'x') + std::string(50, 'y');
  std::vector<FieldError> errors;
  readWeddingFields(body, true, kLanguages, errors);
  EXPECT_TRUE(errors.empty());
  std::string cyrillic;
  for (int i = 0; i < 100; ++i) cyrillic += "ж";  // 200 bytes, 100 characters
  body["brideName"] = cyrillic;
  readWeddingFields(body, true, kLanguages, errors);
  EXPECT_TRUE(errors.empty());
  body["brideName"] = std::string("\xff\xfe");
  readWeddingFields(body, true, kLanguages, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "must be valid UTF-8 text");
}

TEST(SlugTest, LowerCaseDigitsAndSingleDashes) {
  EXPECT_TRUE(validSlug("aziz-va-malika"));
  EXPECT_TRUE(validSlug("toy-2026-06-12"));
  EXPECT_FALSE(validSlug("ab"));
  EXPECT_FALSE(validSlug(std::string(61, 'a')));
  EXPECT_FALSE(validSlug("Aziz"));
  EXPECT_FALSE(validSlug("aziz--malika"));
  EXPECT_FALSE(validSlug("-aziz"));
  EXPECT_FALSE(validSlug("aziz-"));
  EXPECT_FALSE(validSlug("aziz/../x"));
  EXPECT_FALSE(validSlug("o'g'il"));
}

TEST(DateTest, RealCalendarDatesOnly) {
  EXPECT_TRUE(validDate("2026-06-12"));
  EXPECT_TRUE(validDate("2028-02-29"));
  EXPECT_FALSE(validDate("2026-02-29"));
  EXPECT_FALSE(validDate("1900-02-29"));
  EXPECT_TRUE(validDate("2000-02-29"));
  EXPECT_FALSE(validDate("2026-13-01"));
  EXPECT_FALSE(validDate("2026-04-31"));
  EXPECT_FALSE(validDate("2026-6-12"));
  EXPECT_FALSE(validDate("20260612xx"));
}

TEST(Utf8Test, CountsCodePointsAndRefusesMalformedText) {
  EXPECT_EQ(utf8Length("abc"), 3u);
  EXPECT_EQ(utf8Length("O‘g‘il"), 6u);
  EXPECT_FALSE(utf8Length("\xc0\xaf").has_value()) << "overlong";
  EXPECT_FALSE(utf8Length("\xed\xa0\x80").has_value()) << "surrogate";
  EXPECT_FALSE(utf8Length("\xe2\x82").has_value()) << "truncated";
  EXPECT_FALSE(utf8Length(std::string("a\0b", 3)).has_value()) << "NUL";
}

TEST(IsoTimeTest, UtcWithMilliseconds) {
  EXPECT_EQ(isoTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(isoTime(1781265600007), "2026-06-12T12:00:00.007Z");
}

}  // namespace
}  // namespace atrium::plugins::weddings
