// The SDK's validation rules (sdk/include/atrium/validation.hpp): every rule with good and bad
// input, nested fields, code-point lengths, oversized input, schema errors.
#include <atrium/validation.hpp>
#include <gtest/gtest.h>

namespace atrium::sdk {
namespace {

using json = nlohmann::json;

std::vector<FieldError> run(const json& spec, json value) {
  return Schema::fromJson(spec).validate(value);
}

// The one error of validating `value` against a single-field schema, or "" when valid.
std::string fieldError(const json& rule, const json& value) {
  const json spec = {{"type", "object"}, {"properties", {{"f", rule}}}};
  const auto errors = run(spec, json{{"f", value}});
  if (errors.empty()) return "";
  EXPECT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "f");
  return errors[0].message;
}

TEST(ValidationTypeTest, EveryTypeAcceptsItsOwnAndRefusesOthers) {
  EXPECT_EQ(fieldError({{"type", "string"}}, "x"), "");
  EXPECT_EQ(fieldError({{"type", "string"}}, 5), "must be a string");
  EXPECT_EQ(fieldError({{"type", "integer"}}, 5), "");
  EXPECT_EQ(fieldError({{"type", "integer"}}, 5.0), "") << "5.0 is an integer in JSON";
  EXPECT_EQ(fieldError({{"type", "integer"}}, 5.5), "must be an integer");
  EXPECT_EQ(fieldError({{"type", "integer"}}, "5"), "must be an integer");
  EXPECT_EQ(fieldError({{"type", "number"}}, 5.5), "");
  EXPECT_EQ(fieldError({{"type", "number"}}, true), "must be a number");
  EXPECT_EQ(fieldError({{"type", "boolean"}}, false), "");
  EXPECT_EQ(fieldError({{"type", "boolean"}}, "true"), "must be a boolean");
  EXPECT_EQ(fieldError({{"type", "object"}}, json::object()), "");
  EXPECT_EQ(fieldError({{"type", "object"}}, json::array()), "must be an object");
  EXPECT_EQ(fieldError({{"type", "array"}}, json::array()), "");
  EXPECT_EQ(fieldError({{"type", "array"}}, json::object()), "must be an array");
  EXPECT_EQ(fieldError({{"type", "any"}}, json::array()), "");
}

TEST(ValidationTypeTest, NullNeedsNullable) {
  EXPECT_EQ(fieldError({{"type", "string"}}, nullptr), "must be a string");
  EXPECT_EQ(fieldError({{"type", "string"}, {"nullable", true}}, nullptr), "");
}

TEST(ValidationRequiredTest, MissingRequiredAndOptionalMembers) {
  const json spec = {
      {"type", "object"},
      {"properties",
       {{"email", {{"type", "string"}, {"required", true}}}, {"name", {{"type", "string"}}}}}};
  const auto errors = run(spec, json::object());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], (FieldError{"email", "is required"}));
  EXPECT_TRUE(run(spec, {{"email", "a@b.co"}}).empty());
}

TEST(ValidationLengthTest, LengthsCountCodePointsNotBytes) {
  const json rule = {{"type", "string"}, {"min_length", 2}, {"max_length", 3}};
  EXPECT_EQ(fieldError(rule, "a"), "must be at least 2 characters");
  EXPECT_EQ(fieldError(rule, "ab"), "");
  EXPECT_EQ(fieldError(rule, "abcd"), "must be at most 3 characters");
  // "Ўзб" is 3 code points, 6 bytes; "😀😀😀" 3 code points, 12 bytes.
  EXPECT_EQ(fieldError(rule, "\xd0\x8e\xd0\xb7\xd0\xb1"), "");
  EXPECT_EQ(fieldError(rule, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), "");
  EXPECT_EQ(fieldError(rule, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80x"),
            "must be at most 3 characters");
}

TEST(ValidationLengthTest, CodePointCounting) {
  EXPECT_EQ(validation::codePoints(""), 0);
  EXPECT_EQ(validation::codePoints("h\xc3\xa9llo"), 5);
  EXPECT_EQ(validation::codePoints("\xff"), -1);
  EXPECT_EQ(validation::codePoints("\xc0\xaf"), -1) << "overlong";
  EXPECT_EQ(validation::codePoints("\xed\xa0\x80"), -1) << "surrogate";
  EXPECT_EQ(validation::codePoints("\xe2\x82"), -1) << "truncated";
}

TEST(ValidationRangeTest, MinimumAndMaximumAreInclusive) {
  const json rule = {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}};
  EXPECT_EQ(fieldError(rule, 0), "must be at least 1");
  EXPECT_EQ(fieldError(rule, 1), "");
  EXPECT_EQ(fieldError(rule, 100), "");
  EXPECT_EQ(fieldError(rule, 101), "must be at most 100");
  EXPECT_EQ(fieldError({{"type", "number"}, {"minimum", 0.5}}, 0.25), "must be at least 0.5");
}

TEST(ValidationPatternTest, WholeStringMatchAndBoundedInput) {
  const json rule = {{"type", "string"}, {"pattern", "[0-9]{6}"}};
  EXPECT_EQ(fieldError(rule, "123456"), "");
  EXPECT_EQ(fieldError(rule, "1234567"), "has an invalid format") << "anchored at both ends";
  EXPECT_EQ(fieldError(rule, "12a456"), "has an invalid format");
  const json bounded = {{"type", "string"}, {"pattern", "a*"}};
  EXPECT_EQ(fieldError(bounded, std::string(1024, 'a')), "");
  EXPECT_EQ(fieldError(bounded, std::string(100000, 'a')), "must be at most 1024 bytes");
}

TEST(ValidationEnumTest, ExactValuesOnly) {
  const json rule = {{"type", "string"}, {"enum", {"uz", "ru", "en"}}};
  EXPECT_EQ(fieldError(rule, "ru"), "");
  EXPECT_EQ(fieldError(rule, "RU"), "must be one of: uz, ru, en");
  EXPECT_EQ(fieldError({{"enum", {1, 2}}}, 3), "must be one of: 1, 2");
}

TEST(ValidationFormatTest, Email) {
  const json rule = {{"type", "string"}, {"format", "email"}};
  for (const char* good : {"a@b.co", "first.last+tag@sub.example.org", "x_y-z@a-b.uz"}) {
    EXPECT_EQ(fieldError(rule, good), "") << good;
  }
  for (const char* bad : {"", "plain", "@b.co", "a@", "a@b", "a@b.c", "a..b@c.co", ".a@b.co",
                          "a.@b.co", "a@-b.co", "a@b-.co", "a b@c.co", "a@b@c.co", "a@b.c0"}) {
    EXPECT_EQ(fieldError(rule, bad), "must be a valid e-mail address") << bad;
  }
  EXPECT_NE(fieldError(rule, std::string(250, 'a') + "@b.co"), "");
}

TEST(ValidationFormatTest, E164) {
  const json rule = {{"type", "string"}, {"format", "e164"}};
  EXPECT_EQ(fieldError(rule, "+998901234567"), "");
  EXPECT_EQ(fieldError(rule, "+12"), "");
  EXPECT_EQ(fieldError(rule, "+123456789012345"), "") << "15 digits";
  for (const char* bad : {"998901234567", "+0123", "+1", "+1234567890123456", "+99890 123", "+"}) {
    EXPECT_NE(fieldError(rule, bad), "") << bad;
  }
}

TEST(ValidationFormatTest, DateIsARealCalendarDate) {
  const json rule = {{"type", "string"}, {"format", "date"}};
  EXPECT_EQ(fieldError(rule, "2024-02-29"), "");
  EXPECT_EQ(fieldError(rule, "2000-02-29"), "");
  for (const char* bad : {"2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
                          "2024-1-01", "24-01-01", "2024/01/01", "2024-01-01T00:00:00Z"}) {
    EXPECT_EQ(fieldError(rule, bad), "must be a date (YYYY-MM-DD)") << bad;
  }
}

TEST(ValidationFormatTest, DateTime) {
  const json rule = {{"type", "string"}, {"format", "date-time"}};
  for (const char* good :
       {"2024-02-29T13:45:00Z", "2024-02-29t13:45:00.123456+05:00", "2024-12-31T23:59:60-08:30"}) {
    EXPECT_EQ(fieldError(rule, good), "") << good;
  }
  for (const char* bad :
       {"2024-02-29", "2024-02-30T00:00:00Z", "2024-02-29T24:00:00Z", "2024-02-29T13:45:00",
        "2024-02-29 13:45:00Z", "2024-02-29T13:45:00.Z", "2024-02-29T13:45:00+0500"}) {
    EXPECT_EQ(fieldError(rule, bad), "must be a date-time (RFC 3339)") << bad;
  }
}

TEST(ValidationFormatTest, Uuid) {
  const json rule = {{"type", "string"}, {"format", "uuid"}};
  EXPECT_EQ(fieldError(rule, "123e4567-e89b-12d3-a456-426614174000"), "");
  EXPECT_EQ(fieldError(rule, "123E4567-E89B-12D3-A456-426614174000"), "");
  EXPECT_EQ(fieldError(rule, "123e4567e89b12d3a456426614174000"), "must be a UUID");
  EXPECT_EQ(fieldError(rule, "123e4567-e89b-12d3-a456-42661417400g"), "must be a UUID");
}

TEST(ValidationNestingTest, NestedObjectsAndArraysReportDotPaths) {
  const json spec = json::parse(R"({
    "type": "object",
    "properties": {
      "address": {"type": "object", "required": true, "properties": {
        "city": {"type": "string", "required": true, "min_length": 2}}},
      "tags": {"type": "array", "max_items": 3, "items": {"type": "string", "max_length": 4}},
      "guests": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string", "required": true}}}}
    }})");
  const auto errors = run(spec, json::parse(R"({
    "address": {"city": "A"},
    "tags": ["ok", "too long"],
    "guests": [{"name": "x"}, {}]
  })"));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], (FieldError{"address.city", "must be at least 2 characters"}));
  // Members are checked in name order.
  EXPECT_EQ(errors[1], (FieldError{"guests.1.name", "is required"}));
  EXPECT_EQ(errors[2], (FieldError{"tags.1", "must be at most 4 characters"}));
  EXPECT_EQ(run(spec, {{"address", {{"city", "Tashkent"}}}, {"tags", {"a", "b", "c", "d"}}})[0],
            (FieldError{"tags", "must have at most 3 items"}));
  EXPECT_EQ(run({{"type", "array"}, {"min_items", 1}}, json::array())[0],
            (FieldError{"", "must have at least 1 items"}));
}

TEST(ValidationUnknownTest, AllowRejectStrip) {
  const json props = {{"a", {{"type", "integer"}}}};
  EXPECT_TRUE(run({{"type", "object"}, {"properties", props}}, {{"a", 1}, {"b", 2}}).empty());
  const auto rejected =
      run({{"type", "object"}, {"properties", props}, {"unknown", "reject"}}, {{"a", 1}, {"b", 2}});
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0], (FieldError{"b", "is not allowed"}));
  const Schema strip =
      Schema::fromJson({{"type", "object"}, {"properties", props}, {"unknown", "strip"}});
  json value = {{"a", 1}, {"b", 2}};
  EXPECT_TRUE(strip.validate(value).empty());
  EXPECT_EQ(value, (json{{"a", 1}}));
  EXPECT_TRUE(strip.strips());
}

TEST(ValidationMessagesTest, CustomMessagesPerNodeAndPerRule) {
  const json rule = {{"type", "string"},
                     {"required", true},
                     {"min_length", 8},
                     {"messages", {{"required", "Parol kiritilmagan"}}},
                     {"message", "Password must be at least 8 characters"}};
  const json spec = {{"type", "object"}, {"properties", {{"password", rule}}}};
  EXPECT_EQ(run(spec, json::object())[0].message, "Parol kiritilmagan");
  EXPECT_EQ(run(spec, {{"password", "short"}})[0].message,
            "Password must be at least 8 characters");
}

TEST(ValidationLimitsTest, ErrorsAreCapped) {
  const json spec = {{"type", "array"}, {"items", {{"type", "integer"}}}};
  json many = json::array();
  for (int i = 0; i < 1000; ++i) many.push_back("x");
  EXPECT_EQ(run(spec, many).size(), validation::kMaxErrors);
}

TEST(ValidationCheckTest, CheckThrowsValidationErrorWithEveryField) {
  const Schema schema = Schema::fromJson({{"type", "object"},
                                          {"properties",
                                           {{"a", {{"type", "string"}, {"required", true}}},
                                            {"b", {{"type", "string"}, {"required", true}}}}}});
  json body = json::object();
  try {
    schema.check(body);
    FAIL() << "no exception";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.code(), "validation_failed");
    EXPECT_EQ(e.message(), "Validation error");
    EXPECT_EQ(fieldErrorsJson(e.errors()),
              json::parse(R"([{"field":"a","message":"is required"},)"
                          R"({"field":"b","message":"is required"}])"));
    EXPECT_EQ(joinedMessages(e.errors()), "is required, is required");
  }
}

TEST(ValidationQueryTest, ValuesAreReadAsTheirType) {
  const Schema schema = Schema::fromJson(json::parse(R"({"type": "object", "unknown": "reject",
    "properties": {
      "limit": {"type": "integer", "minimum": 1, "maximum": 50},
      "trending": {"type": "boolean"},
      "ids": {"type": "array", "items": {"type": "integer"}},
      "search": {"type": "string", "max_length": 10}}})"));
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  json typed;
  EXPECT_TRUE(
      schema
          .validateQuery(Pairs{{"limit", "20"}, {"trending", "true"}, {"ids", "1"}, {"ids", "2"}},
                         &typed)
          .empty());
  EXPECT_EQ(typed, json::parse(R"({"limit":20,"trending":true,"ids":[1,2]})"));
  const auto errors = schema.validateQuery(Pairs{{"limit", "0"},
                                                 {"trending", "yes"},
                                                 {"ids", "x"},
                                                 {"other", "1"},
                                                 {"search", "s"},
                                                 {"search", "t"}});
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[0], (FieldError{"other", "is not allowed"}));
  EXPECT_EQ(errors[1], (FieldError{"search", "must be given once"}));
  EXPECT_EQ(errors[2], (FieldError{"ids.0", "must be an integer"}));
  EXPECT_EQ(errors[3], (FieldError{"limit", "must be at least 1"}));
  EXPECT_EQ(errors[4], (FieldError{"trending", "must be a boolean"}));
  EXPECT_EQ(schema.validateQuery(Pairs{{"limit", "1e2"}})[0].message, "must be an integer");
  EXPECT_EQ(schema.validateQuery(Pairs{{"limit", "51"}})[0].message, "must be at most 50");
  EXPECT_EQ(schema.validateQuery(Pairs{{"limit", "99999999999999999999999"}})[0].message,
            "must be an integer");
}

TEST(ValidationSchemaTest, InvalidSchemasNameTheKeyPath) {
  const auto errorOf = [](const json& spec) {
    try {
      Schema::fromJson(spec);
    } catch (const SchemaError& e) {
      return e.path() + ": " + e.detail();
    }
    return std::string("no error");
  };
  EXPECT_EQ(errorOf({{"type", "strin"}}),
            "type: unknown type 'strin' (string, integer, number, boolean, object, array, any)");
  EXPECT_EQ(errorOf({{"type", "object"}, {"properties", {{"a", {{"min_lenght", 2}}}}}}),
            "properties.a.min_lenght: unknown rule");
  EXPECT_EQ(
      errorOf({{"type", "object"}, {"properties", {{"a", {{"type", "string"}, {"pattern", "("}}}}}})
          .rfind("properties.a.pattern: invalid regular expression '(': ", 0),
      0u);
  EXPECT_EQ(errorOf({{"type", "integer"}, {"min_length", 2}}), "min_length: needs type string");
  EXPECT_EQ(errorOf({{"type", "string"}, {"format", "phone"}}),
            "format: unknown format 'phone' (email, e164, date, date-time, uuid)");
  EXPECT_EQ(errorOf({{"type", "string"}, {"min_length", 5}, {"max_length", 2}}),
            "min_length: is greater than max_length");
  EXPECT_EQ(errorOf({{"type", "string"}, {"enum", json::array()}}),
            "enum: must be a non-empty list");
  EXPECT_EQ(errorOf({{"type", "object"}, {"unknown", "drop"}}),
            "unknown: must be allow, reject or strip");
  EXPECT_EQ(errorOf("string"), ": a rule must be a mapping");
}

}  // namespace
}  // namespace atrium::sdk
