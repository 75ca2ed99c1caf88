#include "plugins/weddings/domain/invitation.hpp"

#include <gtest/gtest.h>

namespace atrium::plugins::weddings {
namespace {

nlohmann::json valid() {
  return {{"groom_name", "Aziz"},
          {"bride_name", "Malika"},
          {"wedding_date", "2026-06-12"},
          {"wedding_location", "Toshkent"},
          {"language", "uz"},
          {"tone", "samimiy"},
          {"style", "milliy"}};
}

std::vector<std::string> fieldsOf(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const FieldError& e : errors) out.push_back(e.field);
  return out;
}

const nlohmann::json kFallback = {{"headline", "T headline"}, {"bismillah", "T bismillah"},
                                  {"intro_poem", "T poem"},   {"invitation_body", "T body"},
                                  {"main_body", "T main"},    {"footer_quote", "T quote"},
                                  {"footer_note", "T note"}};

TEST(InvitationRequestTest, ReadsAValidRequest) {
  std::vector<FieldError> errors;
  nlohmann::json body = valid();
  body["wedding_id"] = "w1";
  const InvitationRequest r = readInvitationRequest(body, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(r.groom_name, "Aziz");
  EXPECT_EQ(r.tone, "samimiy");
  EXPECT_EQ(r.wedding_id, "w1");
  EXPECT_EQ(invitationVars(r)["wedding_location"], "Toshkent");
  EXPECT_FALSE(invitationVars(r).contains("wedding_id"));
}

TEST(InvitationRequestTest, EveryFieldIsRequired) {
  std::vector<FieldError> errors;
  readInvitationRequest(nlohmann::json::object(), errors);
  EXPECT_EQ(fieldsOf(errors),
            (std::vector<std::string>{"groom_name", "bride_name", "wedding_date",
                                      "wedding_location", "language", "tone", "style"}));
}

TEST(InvitationRequestTest, NamesAre2To50CharactersCountedAsCharactersNotBytes) {
  nlohmann::json body = valid();
  body["groom_name"] = "A";
  body["bride_name"] = std::string(50, 'x');
  std::vector<FieldError> errors;
  readInvitationRequest(body, errors);
  EXPECT_EQ(fieldsOf(errors), std::vector<std::string>{"groom_name"});

  body["groom_name"] = "Ғо";  // two Cyrillic letters, four bytes
  body["bride_name"] = std::string(51, 'x');
  errors.clear();
  readInvitationRequest(body, errors);
  EXPECT_EQ(fieldsOf(errors), std::vector<std::string>{"bride_name"});
}

TEST(InvitationRequestTest, DateMustBeARealYyyyMmDdDate) {
  for (const char* date : {"12.06.2026", "2026-6-12", "2026-02-30", "", "2026-06-12T10:00"}) {
    nlohmann::json body = valid();
    body["wedding_date"] = date;
    std::vector<FieldError> errors;
    readInvitationRequest(body, errors);
    ASSERT_EQ(errors.size(), 1u) << date;
    EXPECT_EQ(errors[0].field, "wedding_date");
    EXPECT_EQ(errors[0].message, "must be a date written YYYY-MM-DD") << date;
  }
}

TEST(InvitationRequestTest, EnumsAreCheckedExactly) {
  nlohmann::json body = valid();
  body["language"] = "UZ";
  body["tone"] = "formal";
  body["style"] = 3;
  body["wedding_location"] = "Ab";
  std::vector<FieldError> errors;
  readInvitationRequest(body, errors);
  EXPECT_EQ(fieldsOf(errors),
            (std::vector<std::string>{"wedding_location", "language", "tone", "style"}));
  EXPECT_EQ(errors[1].message, "must be one of uz, ru, en");
  EXPECT_EQ(errors[2].message, "must be one of rasmiy, samimiy, iliq");
}

TEST(InvitationRequestTest, ABodyThatIsNotAnObjectIsOneError) {
  std::vector<FieldError> errors;
  readInvitationRequest(nlohmann::json::array(), errors);
  EXPECT_EQ(fieldsOf(errors), std::vector<std::string>{"body"});
}

TEST(InvitationPartsTest, TakesTheAnswersPartsAndTheTemplatesForTheRest) {
  const auto parts = invitationParts(
      R"({"headline": " AI headline ", "main_body": "AI main", "extra": "ignored",
          "footer_note": 5})",
      kFallback, 100);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ((*parts)["headline"], "AI headline");
  EXPECT_EQ((*parts)["main_body"], "AI main");
  EXPECT_EQ((*parts)["bismillah"], "T bismillah");
  EXPECT_EQ((*parts)["footer_note"], "T note");  // not a string: the template's
  EXPECT_FALSE(parts->contains("extra"));
  EXPECT_EQ(parts->size(), 7u);
}

TEST(InvitationPartsTest, AcceptsAJsonCodeFence) {
  const auto parts =
      invitationParts("```json\n{\"invitation_body\": \"Hello\"}\n```\n", kFallback, 100);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ((*parts)["invitation_body"], "Hello");
  EXPECT_EQ((*parts)["main_body"], "T main");
}

TEST(InvitationPartsTest, ProseBecomesTheMainBody) {
  const auto parts = invitationParts("  Dear guests, come!  ", kFallback, 100);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ((*parts)["main_body"], "Dear guests, come!");
  EXPECT_EQ((*parts)["headline"], "T headline");
}

TEST(InvitationPartsTest, NothingUsableIsNullopt) {
  EXPECT_FALSE(invitationParts("", kFallback, 100).has_value());
  EXPECT_FALSE(invitationParts(" \n ", kFallback, 100).has_value());
  EXPECT_FALSE(invitationParts(R"({"headline": "only"})", kFallback, 100).has_value());
  EXPECT_FALSE(invitationParts(R"({"main_body": "  "})", kFallback, 100).has_value());
  EXPECT_FALSE(invitationParts("\xff\xfe bad", kFallback, 100).has_value());
}

TEST(InvitationPartsTest, LongPartsAreCutAtACharacterBoundary) {
  const std::string answer = nlohmann::json({{"main_body", "ЖЖЖЖЖ"}}).dump();
  const auto parts = invitationParts(answer, kFallback, 3);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ((*parts)["main_body"], "ЖЖЖ");
  EXPECT_EQ((*parts)["headline"], "T h");
}

TEST(InvitationTextTest, JoinsTheNonEmptyPartsInLayoutOrder) {
  const nlohmann::json parts = {{"main_body", "Main"},
                                {"headline", "Head"},
                                {"bismillah", ""},
                                {"footer_note", "Note"},
                                {"intro_poem", nullptr}};
  EXPECT_EQ(invitationText(parts), "Head\n\nMain\n\nNote");
  EXPECT_EQ(invitationText(nlohmann::json::object()), "");
}

}  // namespace
}  // namespace atrium::plugins::weddings
