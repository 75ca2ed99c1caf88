#include "host/services/messaging/file_transport.hpp"

#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/temp_dir.hpp"

namespace atrium::host::messaging {
namespace {

std::vector<nlohmann::json> lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<nlohmann::json> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(FileTransportTest, AppendsOneJsonLinePerMessageInANewDirectory) {
  atrium::testing::TempDir dir("atrium-file-transport");
  const auto path = dir / "var/outbox/mail.jsonl";
  FileTransport transport(path.string());
  std::atomic<bool> cancel{false};
  OutboxMessage m;
  m.recipient = "ada@example.com";
  m.subject = "Your code";
  m.text = "Code: 123456\nline two";
  m.html = "<p>\"123456\"</p>";
  m.template_id = "kaya/messages/verify";
  m.product = "kaya";
  ASSERT_EQ(transport.deliver(5, m, cancel).outcome, DeliveryOutcome::kSent);
  OutboxMessage s;
  s.channel = Channel::kSms;
  s.recipient = "+15005550006";
  s.text = "Kod: 654321";
  ASSERT_EQ(transport.deliver(6, s, cancel).outcome, DeliveryOutcome::kSent);

  const auto got = lines(path);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0]["id"], 5);
  EXPECT_EQ(got[0]["channel"], "mail");
  EXPECT_EQ(got[0]["to"], "ada@example.com");
  EXPECT_EQ(got[0]["subject"], "Your code");
  EXPECT_EQ(got[0]["text"], "Code: 123456\nline two");
  EXPECT_EQ(got[0]["html"], "<p>\"123456\"</p>");
  EXPECT_EQ(got[0]["template"], "kaya/messages/verify");
  EXPECT_TRUE(got[0]["written_at"].is_string());
  EXPECT_EQ(got[1]["channel"], "sms");
  EXPECT_EQ(got[1]["body"], "Kod: 654321");
  EXPECT_FALSE(got[1].contains("subject"));

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);  // it holds one-time codes
}

TEST(FileTransportTest, AnUnwritablePathIsRetried) {
  FileTransport transport("/proc/atrium-cannot-write/mail.jsonl");
  std::atomic<bool> cancel{false};
  OutboxMessage m;
  m.recipient = "a@b.c";
  const DeliveryResult result = transport.deliver(1, m, cancel);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_NE(result.error.find("file: cannot"), std::string::npos) << result.error;
}

}  // namespace
}  // namespace atrium::host::messaging
