#include "host/services/messaging/twilio_transport.hpp"

#include <gtest/gtest.h>

#include "tests/support/http_test_server.hpp"
#include "tests/support/smtp_test_server.hpp"

namespace atrium::host::messaging {
namespace {

using namespace std::chrono_literals;
using atrium::testing::HttpTestRequest;
using atrium::testing::HttpTestResponse;
using atrium::testing::HttpTestServer;

OutboxMessage sms() {
  OutboxMessage m;
  m.channel = Channel::kSms;
  m.recipient = "+15005550006";
  m.text = "Kodingiz: 123456 & ok?";
  return m;
}

config::TwilioConfig settings(const HttpTestServer& server) {
  config::TwilioConfig c;
  c.base_url = server.url();
  c.account_sid = "AC123";
  c.auth_token = "token-xyz";
  c.connect_timeout = 2s;
  c.timeout = 2s;
  return c;
}

class TwilioTransportTest : public ::testing::Test {
 protected:
  std::atomic<bool> cancel_{false};
};

TEST_F(TwilioTransportTest, PostsTheTwilioFormWithBasicAuth) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{201, R"({"sid":"SM0123","status":"queued"})"};
  });
  TwilioTransport transport(settings(server), "+15005550001");
  const DeliveryResult result = transport.deliver(1, sms(), cancel_);
  ASSERT_EQ(result.outcome, DeliveryOutcome::kSent) << result.error;
  EXPECT_EQ(result.provider_id, "SM0123");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/2010-04-01/Accounts/AC123/Messages.json");
  EXPECT_EQ(requests[0].header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(requests[0].header("authorization"),
            "Basic " + std::string("QUMxMjM6dG9rZW4teHl6"));  // AC123:token-xyz
  EXPECT_EQ(requests[0].body,
            "To=%2B15005550006&From=%2B15005550001&Body=Kodingiz%3A%20123456%20%26%20ok%3F");
  EXPECT_EQ(atrium::testing::decodeBase64("QUMxMjM6dG9rZW4teHl6"), "AC123:token-xyz");
}

TEST_F(TwilioTransportTest, TooManyRequestsAndServerErrorsAreRetried) {
  for (int status : {429, 500, 503}) {
    HttpTestServer server([status](const HttpTestRequest&) {
      return HttpTestResponse{status, R"({"code":20429,"message":"Too Many Requests"})"};
    });
    TwilioTransport transport(settings(server), "+15005550001");
    const DeliveryResult result = transport.deliver(1, sms(), cancel_);
    EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry) << status;
    EXPECT_NE(result.error.find("(HTTP " + std::to_string(status) + ")"), std::string::npos);
  }
}

TEST_F(TwilioTransportTest, ClientErrorsArePermanentWithTwiliosCodeAndMessage) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{
        400,
        R"({"code":21211,"message":"The 'To' number +15005550006 is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400})"};
  });
  TwilioTransport transport(settings(server), "+15005550001");
  const DeliveryResult result = transport.deliver(1, sms(), cancel_);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kPermanent);
  EXPECT_EQ(result.error,
            "twilio error 21211: The 'To' number +15005550006 is not a valid phone number. "
            "(HTTP 400)");
  EXPECT_EQ(result.error.find("token-xyz"), std::string::npos);
}

TEST_F(TwilioTransportTest, ATimeoutIsRetried) {
  HttpTestServer server([](const HttpTestRequest&) {
    return HttpTestResponse{201, "{}", "application/json", 5s};
  });
  config::TwilioConfig c = settings(server);
  c.timeout = 300ms;
  TwilioTransport transport(c, "+15005550001");
  const auto started = std::chrono::steady_clock::now();
  const DeliveryResult result = transport.deliver(1, sms(), cancel_);
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_NE(result.error.find("timed out"), std::string::npos) << result.error;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST_F(TwilioTransportTest, NoServerIsRetried) {
  config::TwilioConfig c;
  c.base_url = "http://127.0.0.1:1";
  c.account_sid = "AC1";
  c.auth_token = "t";
  TwilioTransport transport(c, "+15005550001");
  EXPECT_EQ(transport.deliver(1, sms(), cancel_).outcome, DeliveryOutcome::kRetry);
}

TEST(TwilioOutcomeTest, ReadsAnswersDefensively) {
  EXPECT_EQ(twilioOutcome(200, "not json").outcome, DeliveryOutcome::kSent);
  EXPECT_EQ(twilioOutcome(404, "").outcome, DeliveryOutcome::kPermanent);
  EXPECT_EQ(twilioOutcome(404, "").error, "twilio (HTTP 404)");
  EXPECT_EQ(twilioOutcome(401, R"({"code":20003,"message":"Authenticate"})").error,
            "twilio error 20003: Authenticate (HTTP 401)");
  EXPECT_EQ(twilioOutcome(502, "<html>").outcome, DeliveryOutcome::kRetry);
}

}  // namespace
}  // namespace atrium::host::messaging
