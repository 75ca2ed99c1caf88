#include "host/http/envelope.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace atrium::host::http {
namespace {

using nlohmann::json;

config::Envelope envelopeOf(const char* name, json tmpl) {
  return config::Envelope{name, std::move(tmpl)};
}

ErrorInfo errorOf(int status, std::string code, std::string message) {
  return ErrorInfo{status, std::move(code), std::move(message), "secret internal detail"};
}

TEST(EnvelopeTest, SuccessFalseShape) {
  auto env = envelopeOf("taklifnoma", {{"success", false}, {"message", "{{message}}"}});
  const std::string body = renderError(env, errorOf(404, "not_found", "Wedding not found"), "r1");
  EXPECT_EQ(json::parse(body), json({{"success", false}, {"message", "Wedding not found"}}));
  EXPECT_EQ(body.find("secret"), std::string::npos);
}

TEST(EnvelopeTest, StatusErrorShapeWithNumericStatus) {
  auto env = envelopeOf("kaya", {{"status", "error"},
                                 {"code", "{{status}}"},
                                 {"message", "{{message}}"},
                                 {"error_code", "{{code}}"},
                                 {"request_id", "{{request_id}}"}});
  const json body =
      json::parse(renderError(env, errorOf(422, "invalid_phone", "Bad phone"), "abc"));
  EXPECT_EQ(body["status"], "error");
  EXPECT_TRUE(body["code"].is_number_integer());
  EXPECT_EQ(body["code"], 422);
  EXPECT_EQ(body["message"], "Bad phone");
  EXPECT_EQ(body["error_code"], "invalid_phone");
  EXPECT_EQ(body["request_id"], "abc");
}

TEST(EnvelopeTest, NestedErrorObjectAndArrays) {
  auto env = envelopeOf("nero", {{"error", {{"code", "{{code}}"}, {"message", "{{message}}"}}},
                                 {"details", json::array({"{{status}}", "id={{request_id}}", 7})}});
  const json body = json::parse(renderError(env, errorOf(429, "rate_limited", "Slow down"), "x-1"));
  EXPECT_EQ(body["error"]["code"], "rate_limited");
  EXPECT_EQ(body["error"]["message"], "Slow down");
  EXPECT_EQ(body["details"][0], 429);
  EXPECT_EQ(body["details"][1], "id=x-1");
  EXPECT_EQ(body["details"][2], 7);
}

TEST(EnvelopeTest, ErrorAsPlainString) {
  auto env = envelopeOf("aizy", {{"error", "{{message}}"}});
  EXPECT_EQ(renderError(env, errorOf(401, "unauthorized", "Token expired"), ""),
            R"({"error":"Token expired"})");
}

TEST(EnvelopeTest, StatusInsideTextStaysString) {
  auto env = envelopeOf("e", {{"detail", "HTTP {{status}}: {{message}} ({{code}})"}});
  const json body = json::parse(renderError(env, errorOf(503, "down", "Try later"), ""));
  EXPECT_EQ(body["detail"], "HTTP 503: Try later (down)");
}

TEST(EnvelopeTest, ValuesAreJsonEscapedAndNotRescanned) {
  auto env = envelopeOf("e", {{"message", "{{message}}"}, {"code", "{{code}}"}});
  const std::string nasty = "a\"b\\c\n\x01 {{code}} </script>";
  const std::string text = renderError(env, errorOf(400, "bad", nasty), "");
  const json body = json::parse(text);
  EXPECT_EQ(body["message"], nasty);  // {{code}} inside the value is not substituted
  EXPECT_EQ(text.find('\n'), std::string::npos);
}

TEST(EnvelopeTest, InvalidUtf8IsReplacedNotThrown) {
  auto env = envelopeOf("e", {{"message", "{{message}}"}});
  const std::string text = renderError(env, errorOf(400, "bad", "x\xFFy"), "");
  EXPECT_EQ(json::parse(text)["message"], "x\xEF\xBF\xBDy");
}

TEST(EnvelopeTest, EmptyCodeAndMessageUseDefaults) {
  auto env = envelopeOf("e", {{"message", "{{message}}"}, {"code", "{{code}}"}});
  const json body = json::parse(renderError(env, ErrorInfo{404, "", "", ""}, ""));
  EXPECT_EQ(body["message"], "Not found");
  EXPECT_EQ(body["code"], "not_found");
}

TEST(EnvelopeTest, UnknownPlaceholdersAndKeysAreLeftAlone) {
  auto env = envelopeOf("e", {{"{{message}}", "{{nope}} {{message"}});
  const json body = json::parse(renderError(env, errorOf(400, "c", "m"), ""));
  EXPECT_EQ(body["{{message}}"], "{{nope}} {{message");
}

TEST(EnvelopeTest, NullTemplateUsesBuiltInShape) {
  auto env = envelopeOf("default", nullptr);
  const json body = json::parse(renderError(env, errorOf(500, "internal_error", "Oops"), "rid"));
  EXPECT_EQ(
      body,
      json({{"error", {{"code", "internal_error"}, {"message", "Oops"}, {"request_id", "rid"}}}}));
}

TEST(EnvelopeTest, TemplateIsNotModified) {
  auto env = envelopeOf("e", {{"message", "{{message}}"}});
  renderError(env, errorOf(400, "c", "m"), "");
  EXPECT_EQ(env.error_template["message"], "{{message}}");
}

TEST(EnvelopeTest, DefaultTexts) {
  const std::pair<int, const char*> codes[] = {
      {400, "bad_request"},         {401, "unauthorized"},           {403, "forbidden"},
      {404, "not_found"},           {405, "method_not_allowed"},     {408, "request_timeout"},
      {413, "payload_too_large"},   {415, "unsupported_media_type"}, {422, "unprocessable_entity"},
      {429, "too_many_requests"},   {500, "internal_error"},         {502, "bad_gateway"},
      {503, "service_unavailable"}, {504, "gateway_timeout"}};
  for (const auto& [status, code] : codes) {
    EXPECT_EQ(defaultCodeFor(status), code) << status;
    EXPECT_FALSE(defaultMessageFor(status).empty()) << status;
  }
  EXPECT_EQ(defaultMessageFor(404), "Not found");
  EXPECT_EQ(defaultMessageFor(405), "Method not allowed");
  EXPECT_EQ(defaultCodeFor(418), "error");
  EXPECT_EQ(defaultCodeFor(599), "internal_error");
  EXPECT_EQ(defaultMessageFor(599), "Internal server error");
}

TEST(EnvelopeTest, ErrorsLeafBecomesTheArrayOrIsLeftOut) {
  auto env = envelopeOf("nero", {{"status", "error"},
                                 {"message", "{{message}}"},
                                 {"errors", "{{errors}}"},
                                 {"list", {"{{errors}}", 1}}});
  ErrorInfo invalid = errorOf(400, "validation_failed", "Validation error");
  invalid.errors = json::parse(R"([{"field":"email","message":"is required"}])");
  EXPECT_EQ(json::parse(renderError(env, invalid, "r")),
            json::parse(R"({"status":"error","message":"Validation error",
              "errors":[{"field":"email","message":"is required"}],
              "list":[[{"field":"email","message":"is required"}],1]})"));
  // Any other error: the member (and the array element) is left out.
  EXPECT_EQ(json::parse(renderError(env, errorOf(404, "not_found", "Nope"), "r")),
            json::parse(R"({"status":"error","message":"Nope","list":[1]})"));
}

TEST(EnvelopeTest, ErrorsInsideTextAreTheJoinedMessages) {
  auto env = envelopeOf("kaya", {{"message", "{{message}}: {{errors}}"}});
  ErrorInfo invalid = errorOf(400, "validation_failed", "Invalid");
  invalid.errors = json::parse(R"([{"field":"a","message":"x"},{"field":"b","message":"y"}])");
  EXPECT_EQ(json::parse(renderError(env, invalid, "r")), json({{"message", "Invalid: x, y"}}));
  EXPECT_EQ(json::parse(renderError(env, errorOf(404, "", "Nope"), "r")),
            json({{"message", "Nope: "}}));
}

TEST(EnvelopeTest, RetryAfterIsANumberWhenSet) {
  auto env = envelopeOf("be", {{"error", "{{code}}"},
                               {"retryAfter", "{{retry_after}}"},
                               {"text", "retry in {{retry_after}}s"}});
  ErrorInfo limited = errorOf(429, "RATE_LIMIT_EXCEEDED", "Slow down");
  limited.retry_after = 42;
  EXPECT_EQ(json::parse(renderError(env, limited, "r")),
            json({{"error", "RATE_LIMIT_EXCEEDED"}, {"retryAfter", 42}, {"text", "retry in 42s"}}));
  EXPECT_EQ(json::parse(renderError(env, errorOf(500, "", ""), "r")),
            json({{"error", "internal_error"}, {"text", "retry in s"}}));
}

TEST(EnvelopeTest, NullTemplateAddsFieldErrors) {
  ErrorInfo invalid = errorOf(400, "validation_failed", "Validation error");
  invalid.errors = json::parse(R"([{"field":"a","message":"x"}])");
  EXPECT_EQ(
      json::parse(renderError(config::Envelope{"raw", nullptr}, invalid, "r"))["error"]["errors"],
      invalid.errors);
}

TEST(EnvelopeTest, RenderTemplateOfAString) {
  ErrorInfo limited = errorOf(429, "rate_limited", "Too many");
  limited.retry_after = 7;
  EXPECT_EQ(renderTemplate(json("{{message}}, retry in {{retry_after}} s"), limited, "r"),
            json("Too many, retry in 7 s"));
}

}  // namespace
}  // namespace atrium::host::http
