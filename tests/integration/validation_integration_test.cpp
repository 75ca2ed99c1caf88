// Declarative validation through the real binary: exact 400 bodies for the body and the query
// string in the products' shapes (Joi-style errors array, express-validator joined message).
#include <memory>

#include <gtest/gtest.h>

#include "tests/integration/integration_config.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing {
namespace {

using json = nlohmann::json;

constexpr const char* kRoutes = R"(  - method: POST
    path: /v1/auth/send-code
    handler: testkit.parse
    envelope: joi
    validate:
      body:
        type: object
        unknown: reject
        properties:
          phoneNumber: {type: string, required: true, format: e164}
  - method: POST
    path: /v1/ai/generate
    handler: testkit.parse
    envelope: zod
    validate:
      body:
        type: object
        properties:
          groom_name: {type: string, required: true, min_length: 2, max_length: 50}
          wedding_date: {type: string, required: true, format: date}
          language: {type: string, enum: [uz, ru, en]}
          guests:
            type: array
            max_items: 2
            items:
              type: object
              properties:
                name: {type: string, required: true}
  - method: POST
    path: /kaya/register
    handler: testkit.parse
    envelope: status_message
    validate:
      message: "{{errors}}"
      body:
        type: object
        properties:
          email: {type: string, required: true, format: email, message: Valid email is required}
          password: {type: string, required: true, min_length: 8, message: Password must be at least 8 characters}
          name: {type: string, required: true, min_length: 1, message: Name is required}
  - method: GET
    path: /templates
    handler: testkit.json
    envelope: joi
    validate:
      query:
        type: object
        unknown: reject
        properties:
          limit: {type: integer, minimum: 1, maximum: 50}
          trending: {type: boolean}
  - {method: POST, path: /plugin/validate, handler: testkit.validate, envelope: zod}
  - method: POST
    path: /strip
    handler: testkit.parse
    validate:
      body: {type: object, unknown: strip, properties: {name: {type: string}}}
)";

constexpr const char* kEnvelopes = R"(envelopes:
  joi:
    error: {status: error, message: "{{message}}", errors: "{{errors}}"}
  zod:
    error: {success: false, message: "{{message}}", errors: "{{errors}}"}
)";

std::string config() {
  std::string text = hostCoreConfig("", kRoutes);
  // Add the envelopes next to the existing ones.
  const std::string marker = "envelopes:\n";
  text.replace(text.find(marker), marker.size(), kEnvelopes);
  return text;
}

class ValidationIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!server_) server_ = std::make_unique<TestServer>(config());
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::unique_ptr<TestServer> server_;
};
std::unique_ptr<TestServer> ValidationIntegrationTest::server_;

TEST_F(ValidationIntegrationTest, ValidBodyReachesTheHandler) {
  auto res = server_->client().postJson("/v1/auth/send-code", {{"phoneNumber", "+998901234567"}});
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json()["got"]["phoneNumber"], "+998901234567");
}

TEST_F(ValidationIntegrationTest, JoiShapedErrors) {
  auto res = server_->client().postJson("/v1/auth/send-code",
                                        {{"phoneNumber", "998 90"}, {"extra", true}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  EXPECT_EQ(res.body,
            R"j({"errors":[{"field":"phoneNumber","message":"must be a phone number in E.164 )j"
            R"j(format (+ and up to 15 digits)"},{"field":"extra","message":"is not allowed"}],)j"
            R"j("message":"Validation error","status":"error"})j");
}

TEST_F(ValidationIntegrationTest, ZodShapedNestedErrors) {
  auto res = server_->client().postJson(
      "/v1/ai/generate", json::parse(R"({"groom_name": "A", "wedding_date": "2023-02-29",
        "language": "de", "guests": [{"name": "x"}, {}]})"));
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.json(), json::parse(R"j({"success": false, "message": "Validation error",
    "errors": [
      {"field": "groom_name", "message": "must be at least 2 characters"},
      {"field": "guests.1.name", "message": "is required"},
      {"field": "language", "message": "must be one of: uz, ru, en"},
      {"field": "wedding_date", "message": "must be a date (YYYY-MM-DD)"}]})j"));
}

TEST_F(ValidationIntegrationTest, UnicodeLengthsAreCharacters) {
  auto res = server_->client().postJson("/v1/ai/generate",
                                        {{"groom_name", "Ўз"}, {"wedding_date", "2024-02-29"}});
  EXPECT_EQ(res.status, 200) << res.body;
}

TEST_F(ValidationIntegrationTest, JoinedMessageForExpressValidatorProducts) {
  auto res = server_->client().postJson("/kaya/register", {{"email", "x"}, {"password", "short"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body,
            R"({"message":"Valid email is required, Name is required, Password must be at )"
            R"(least 8 characters","status":"error"})");
}

TEST_F(ValidationIntegrationTest, NonJsonBodyIsOneFieldError) {
  auto res = server_->client().post("/v1/auth/send-code", "{oops", "application/json");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body, R"({"errors":[{"field":"","message":"request body must be valid JSON"}],)"
                      R"("message":"Validation error","status":"error"})");
}

TEST_F(ValidationIntegrationTest, QueryStringErrorsExact) {
  HttpClient client = server_->client();
  EXPECT_EQ(client.get("/templates?limit=20&trending=true").status, 200);
  auto res = client.get("/templates?limit=0&trending=yes&sort=new");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body, R"({"errors":[{"field":"sort","message":"is not allowed"},)"
                      R"({"field":"limit","message":"must be at least 1"},)"
                      R"({"field":"trending","message":"must be a boolean"}],)"
                      R"("message":"Validation error","status":"error"})");
}

TEST_F(ValidationIntegrationTest, StripRemovesUnknownMembersBeforeTheHandler) {
  auto res = server_->client().postJson("/strip", {{"name", "x"}, {"role", "ADMIN"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.json()["got"], (json{{"name", "x"}}));
}

TEST_F(ValidationIntegrationTest, PluginHandlersGetTheSameRulesThroughTheSdk) {
  HttpClient client = server_->client();
  auto ok = client.postJson("/plugin/validate", {{"email", "a@b.co"}, {"code", "123456"}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  auto res = client.postJson("/plugin/validate", {{"email", "a@b"}, {"code", "12345"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body, R"({"errors":[{"field":"code","message":"has an invalid format"},)"
                      R"({"field":"email","message":"must be a valid e-mail address"}],)"
                      R"("message":"Validation error","success":false})");
}

TEST(ValidationConfigIntegrationTest, InvalidSchemaIsAStartupErrorWithFileAndLine) {
  try {
    TestServer server(hostCoreConfig("", R"(  - method: POST
    path: /bad
    handler: testkit.parse
    validate:
      body: {type: object, properties: {a: {type: strng}}}
)"));
    FAIL() << "the server started";
  } catch (const TestServerError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("config.yaml:"), std::string::npos) << what;
    EXPECT_NE(what.find("routes[11].validate.body.properties.a.type: unknown type 'strng'"),
              std::string::npos)
        << what;
  }
}

}  // namespace
}  // namespace atrium::testing
