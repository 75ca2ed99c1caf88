#include "host/services/messaging/mail_composer.hpp"

#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "tests/support/smtp_test_server.hpp"

namespace atrium::host::messaging {
namespace {

using namespace std::chrono_literals;

MailContent content() {
  MailContent mail;
  mail.from = Mailbox{"Taklifnoma", "no-reply@taklifnoma.uz"};
  mail.to = "ada@example.com";
  mail.subject = "Your code";
  mail.text = "Your code is 123456.";
  mail.date = std::chrono::system_clock::time_point(std::chrono::seconds(1795305600));
  mail.message_id = "<1.abc@taklifnoma.uz>";
  mail.boundary = "=_atrium_b1";
  return mail;
}

std::string headerBlock(const std::string& message) {
  return message.substr(0, message.find("\r\n\r\n") + 2);
}

TEST(MailComposerTest, PlainTextMessageHasEveryRfc5322Header) {
  const std::string message = composeMail(content());
  EXPECT_EQ(message,
            "Date: Sun, 22 Nov 2026 00:00:00 +0000\r\n"
            "From: \"Taklifnoma\" <no-reply@taklifnoma.uz>\r\n"
            "To: ada@example.com\r\n"
            "Subject: Your code\r\n"
            "Message-ID: <1.abc@taklifnoma.uz>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            "\r\n"
            "Your code is 123456.\r\n");
}

TEST(MailComposerTest, TextAndHtmlBecomeMultipartAlternative) {
  MailContent mail = content();
  mail.html = "<p>Your code is <b>123456</b>.</p>";
  const std::string message = composeMail(mail);
  EXPECT_NE(message.find("Content-Type: multipart/alternative; boundary=\"=_atrium_b1\"\r\n\r\n"),
            std::string::npos);
  const size_t text = message.find("--=_atrium_b1\r\nContent-Type: text/plain; charset=UTF-8");
  const size_t html = message.find("--=_atrium_b1\r\nContent-Type: text/html; charset=UTF-8");
  const size_t end = message.find("--=_atrium_b1--\r\n");
  ASSERT_NE(text, std::string::npos) << message;
  ASSERT_NE(html, std::string::npos) << message;
  ASSERT_NE(end, std::string::npos) << message;
  EXPECT_LT(text, html);
  EXPECT_LT(html, end);
  EXPECT_NE(message.find("<p>Your code is <b>123456</b>.</p>"), std::string::npos);
}

TEST(MailComposerTest, HtmlOnly) {
  MailContent mail = content();
  mail.text.clear();
  mail.html = "<p>hi</p>";
  const std::string message = composeMail(mail);
  EXPECT_NE(message.find("Content-Type: text/html; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_EQ(message.find("multipart"), std::string::npos);
}

TEST(MailComposerTest, Utf8SubjectAndNameAreEncodedWords) {
  MailContent mail = content();
  mail.subject = "Tasdiqlash kodi — код подтверждения 🎉";
  mail.from.display_name = "Taklifnoma Ўзбекистон";
  const std::string headers = headerBlock(composeMail(mail));
  EXPECT_NE(headers.find("Subject: =?UTF-8?B?"), std::string::npos) << headers;
  EXPECT_NE(headers.find("From: =?UTF-8?B?"), std::string::npos) << headers;
  // Decoding the words gives the subject back.
  const size_t start = headers.find("Subject: ") + 9;
  const std::string folded = headers.substr(start, headers.find("\r\nMessage-ID") - start);
  std::string decoded;
  std::istringstream words(folded);
  std::string word;
  while (words >> word) {
    ASSERT_EQ(word.rfind("=?UTF-8?B?", 0), 0u) << word;
    ASSERT_LE(word.size(), 75u);
    decoded += atrium::testing::decodeBase64(word.substr(10, word.size() - 12));
  }
  EXPECT_EQ(decoded, mail.subject);
}

TEST(MailComposerTest, LongUtf8SubjectsAreFoldedWithoutSplittingCharacters) {
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "ж";  // 2 bytes each
  const std::string encoded = encodeHeaderText(subject);
  EXPECT_NE(encoded.find("\r\n "), std::string::npos);
  std::string decoded;
  size_t at = 0;
  while ((at = encoded.find("=?UTF-8?B?", at)) != std::string::npos) {
    const size_t end = encoded.find("?=", at + 10);
    const std::string part = atrium::testing::decodeBase64(encoded.substr(at + 10, end - at - 10));
    EXPECT_EQ(part.size() % 2, 0u);  // whole characters only
    decoded += part;
    at = end;
  }
  EXPECT_EQ(decoded, subject);
}

TEST(MailComposerTest, AsciiThatLooksEncodedIsEncoded) {
  EXPECT_EQ(encodeHeaderText("Hello"), "Hello");
  EXPECT_EQ(encodeHeaderText("=?UTF-8?B?x?=").rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_NE(encodeHeaderText("=?UTF-8?B?x?="), "=?UTF-8?B?x?=");
}

TEST(MailComposerTest, QuotedPrintable) {
  EXPECT_EQ(quotedPrintable("plain text"), "plain text");
  EXPECT_EQ(quotedPrintable("a=b"), "a=3Db");
  EXPECT_EQ(quotedPrintable("é"), "=C3=A9");
  EXPECT_EQ(quotedPrintable("line1\nline2\r\nline3"), "line1\r\nline2\r\nline3");
  EXPECT_EQ(quotedPrintable("trailing \nspace"), "trailing=20\r\nspace");
  EXPECT_EQ(quotedPrintable(".\n.hidden"), "=2E\r\n=2Ehidden");
  const std::string long_line(200, 'x');
  const std::string encoded = quotedPrintable(long_line);
  std::istringstream lines(encoded);
  std::string line;
  std::string joined;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    EXPECT_LE(line.size(), 76u);
    if (!line.empty() && line.back() == '=') line.pop_back();
    joined += line;
  }
  EXPECT_EQ(joined, long_line);
}

TEST(MailComposerTest, HeaderInjectionIsImpossible) {
  for (auto change : std::vector<void (*)(MailContent&)>{
           [](MailContent& m) { m.subject = "Hi\r\nBcc: victim@example.com"; },
           [](MailContent& m) { m.subject = "Hi\nBcc: victim@example.com"; },
           [](MailContent& m) { m.subject = "Hi\rBcc: victim@example.com"; },
           [](MailContent& m) { m.to = "ada@example.com\r\nBcc: victim@example.com"; },
           [](MailContent& m) { m.from.display_name = "X\r\nBcc: victim@example.com"; },
           [](MailContent& m) { m.from.address = "x@y.z\nBcc: victim@example.com"; },
           [](MailContent& m) { m.message_id = "<a@b>\r\nBcc: v@example.com"; },
           [](MailContent& m) { m.to = "Ada <ada@example.com>"; },
       }) {
    MailContent mail = content();
    change(mail);
    EXPECT_THROW(composeMail(mail), std::invalid_argument);
  }
  // A body may hold anything: it is encoded, never read as headers.
  MailContent mail = content();
  mail.text = "\r\nBcc: victim@example.com\r\n";
  const std::string message = composeMail(mail);
  EXPECT_EQ(headerBlock(message).find("Bcc"), std::string::npos);
}

TEST(MailComposerTest, ParsesTheFromSetting) {
  Mailbox m = parseMailbox("no-reply@example.com");
  EXPECT_EQ(m.address, "no-reply@example.com");
  EXPECT_EQ(m.display_name, "");
  m = parseMailbox("Taklifnoma <no-reply@taklifnoma.uz>");
  EXPECT_EQ(m.address, "no-reply@taklifnoma.uz");
  EXPECT_EQ(m.display_name, "Taklifnoma");
  m = parseMailbox("\"Kaya, Inc.\" <hi@kaya.app>");
  EXPECT_EQ(m.display_name, "Kaya, Inc.");
  EXPECT_THROW(parseMailbox("nobody"), std::invalid_argument);
  EXPECT_THROW(parseMailbox("X <a@b.c"), std::invalid_argument);
  EXPECT_THROW(parseMailbox("X\r\nBcc: y@z.w <a@b.c>"), std::invalid_argument);
}

TEST(MailComposerTest, DateIsRfc5322) {
  EXPECT_EQ(formatMailDate(std::chrono::system_clock::time_point(std::chrono::seconds(0))),
            "Thu, 01 Jan 1970 00:00:00 +0000");
}

}  // namespace
}  // namespace atrium::host::messaging
