// The validation middleware: body and query schemas, 400 with field errors, strip.
#include "host/middleware/validation.hpp"

#include <atrium/validation.hpp>
#include <gtest/gtest.h>

#include "host/http/envelope.hpp"

namespace atrium::host::middleware {
namespace {

using json = nlohmann::json;

std::shared_ptr<const config::ValidationConfig> configOf(const json& body, const json& query,
                                                         std::string message = "Validation error") {
  auto c = std::make_shared<config::ValidationConfig>();
  if (!body.is_null()) c->body = std::make_shared<const sdk::Schema>(sdk::Schema::fromJson(body));
  if (!query.is_null()) {
    c->query = std::make_shared<const sdk::Schema>(sdk::Schema::fromJson(query));
  }
  c->message = std::move(message);
  return c;
}

const json kSignup = json::parse(R"({"type": "object", "properties": {
  "email": {"type": "string", "required": true, "format": "email"},
  "password": {"type": "string", "required": true, "min_length": 8}}})");

TEST(ValidationMiddlewareTest, ValidBodyPasses) {
  ValidationMiddleware mw(configOf(kSignup, nullptr));
  http::Request req;
  req.body = R"({"email":"a@b.co","password":"long enough"})";
  http::Response res;
  EXPECT_TRUE(mw.onRequest(req, res));
  EXPECT_FALSE(res.has_error);
}

TEST(ValidationMiddlewareTest, InvalidBodyAnswers400WithEveryFieldError) {
  ValidationMiddleware mw(configOf(kSignup, nullptr));
  http::Request req;
  req.body = R"({"email":"nope","password":"short"})";
  http::Response res;
  EXPECT_FALSE(mw.onRequest(req, res));
  EXPECT_EQ(res.error.status, 400);
  EXPECT_EQ(res.error.code, "validation_failed");
  EXPECT_EQ(res.error.message, "Validation error");
  EXPECT_EQ(res.error.errors, json::parse(R"([
    {"field":"email","message":"must be a valid e-mail address"},
    {"field":"password","message":"must be at least 8 characters"}])"));
  // Rendered in a Joi-style envelope.
  config::Envelope nero{"nero", json::parse(R"({"status":"error","message":"{{message}}",
                                                 "errors":"{{errors}}"})")};
  EXPECT_EQ(json::parse(http::renderError(nero, res.error, "r")),
            json::parse(R"({"status":"error","message":"Validation error","errors":[
    {"field":"email","message":"must be a valid e-mail address"},
    {"field":"password","message":"must be at least 8 characters"}]})"));
}

TEST(ValidationMiddlewareTest, EmptyBodyIsAnEmptyObjectAndNonJsonIsOneError) {
  ValidationMiddleware mw(configOf(kSignup, nullptr));
  http::Request empty;
  http::Response res;
  EXPECT_FALSE(mw.onRequest(empty, res));
  EXPECT_EQ(res.error.errors.size(), 2u);
  http::Request garbage;
  garbage.body = "{not json";
  http::Response res2;
  EXPECT_FALSE(mw.onRequest(garbage, res2));
  EXPECT_EQ(res2.error.errors,
            json::parse(R"([{"field":"","message":"request body must be valid JSON"}])"));
}

TEST(ValidationMiddlewareTest, MessageCanJoinTheFieldMessages) {
  ValidationMiddleware mw(configOf(kSignup, nullptr, "{{errors}}"));
  http::Request req;
  req.body = R"({"email":"nope"})";
  http::Response res;
  EXPECT_FALSE(mw.onRequest(req, res));
  EXPECT_EQ(res.error.message, "must be a valid e-mail address, is required");
}

TEST(ValidationMiddlewareTest, QueryIsCheckedWithTypes) {
  ValidationMiddleware mw(configOf(nullptr, json::parse(R"({"type":"object","properties":{
    "limit":{"type":"integer","minimum":1,"maximum":50}}})")));
  http::Request ok;
  ok.query = {{"limit", "20"}};
  http::Response res;
  EXPECT_TRUE(mw.onRequest(ok, res));
  http::Request bad;
  bad.query = {{"limit", "500"}};
  http::Response res2;
  EXPECT_FALSE(mw.onRequest(bad, res2));
  EXPECT_EQ(res2.error.errors,
            json::parse(R"([{"field":"limit","message":"must be at most 50"}])"));
}

TEST(ValidationMiddlewareTest, StripRewritesTheBodyTheHandlerSees) {
  ValidationMiddleware mw(configOf(json::parse(R"({"type":"object","unknown":"strip","properties":{
    "name":{"type":"string"}}})"),
                                   nullptr));
  http::Request req;
  req.body = R"({"name":"x","role":"ADMIN"})";
  http::Response res;
  EXPECT_TRUE(mw.onRequest(req, res));
  EXPECT_EQ(json::parse(req.body), json::parse(R"({"name":"x"})"));
}

}  // namespace
}  // namespace atrium::host::middleware
