#include "host/config/schema.hpp"

#include <gtest/gtest.h>

#include "host/config/config_error.hpp"

namespace atrium::host::config {
namespace {

using Json = nlohmann::json;

constexpr const char* kSchema = R"(type: object
description: test block
properties:
  listen: {type: string, default: "127.0.0.1:8080", description: address to listen on}
  threads: {type: integer, minimum: 1, maximum: 64, default: 4, description: worker threads}
  ratio: {type: number, default: 0.5, description: a ratio}
  verbose: {type: boolean, default: false, description: chatty}
  limit: {type: size, maximum: 1GiB, default: 64KiB, description: body limit}
  timeout: {type: duration, default: 10s, description: timeout}
  name: {type: string, pattern: "^[a-z]+$", min_length: 2, max_length: 8, description: a name}
  extra: {type: any, description: anything}
  nested:
    type: object
    description: nested block
    properties:
      level: {type: string, enum: [debug, info], default: info, description: log level}
  routes:
    type: array
    description: routes
    max_items: 4
    items:
      type: object
      description: a route
      properties:
        method: {type: string, enum: [GET, POST], required: true, description: HTTP method}
        path: {type: string, required: true, description: URL path}
  labels:
    type: object
    description: labels
    additional_properties: {type: integer, description: a label}
)";

class SchemaTest : public ::testing::Test {
 protected:
  Json validate(const std::string& doc, std::vector<std::string>& errors,
                std::string_view key_path = "") {
    return schema_.validate(YAML::Load(doc), "app.yaml", key_path, errors);
  }
  // Validates `doc` and returns the errors.
  std::vector<std::string> errorsFor(const std::string& doc) {
    std::vector<std::string> errors;
    validate(doc, errors);
    return errors;
  }
  Json valid(const std::string& doc) {
    std::vector<std::string> errors;
    Json value = validate(doc, errors);
    EXPECT_EQ(errors, std::vector<std::string>{});
    return value;
  }

  Schema schema_ = Schema::parse(kSchema, "test_schema.yaml");
};

using Errors = std::vector<std::string>;

TEST_F(SchemaTest, EmptyDocumentGetsAllDefaults) {
  const Json expected = {{"listen", "127.0.0.1:8080"},
                         {"threads", 4},
                         {"ratio", 0.5},
                         {"verbose", false},
                         {"limit", 65536},
                         {"timeout", 10000},
                         {"nested", {{"level", "info"}}},
                         {"labels", Json::object()}};
  EXPECT_EQ(valid(""), expected);
  EXPECT_EQ(valid("{}"), expected);
}

TEST_F(SchemaTest, ConvertsEveryType) {
  const Json value = valid(
      "listen: 0.0.0.0:1\nthreads: 8\nratio: 2\nverbose: true\nlimit: 10MiB\ntimeout: 250ms\n"
      "name: abc\nextra: {a: [1, '2', true, null, x, 1.5]}\nnested: {level: debug}\n"
      "routes: [{method: GET, path: /a}]\nlabels: {x: 1, y: -2}\n");
  EXPECT_EQ(value["listen"], "0.0.0.0:1");
  EXPECT_EQ(value["threads"], 8);
  EXPECT_EQ(value["ratio"], 2.0);
  EXPECT_EQ(value["verbose"], true);
  EXPECT_EQ(value["limit"], 10 * 1024 * 1024);
  EXPECT_EQ(value["timeout"], 250);
  EXPECT_EQ(value["name"], "abc");
  EXPECT_EQ(value["extra"], Json::parse(R"({"a": [1, "2", true, null, "x", 1.5]})"));
  EXPECT_EQ(value["nested"], Json({{"level", "debug"}}));
  EXPECT_EQ(value["routes"], Json::parse(R"([{"method": "GET", "path": "/a"}])"));
  EXPECT_EQ(value["labels"], Json({{"x", 1}, {"y", -2}}));
}

TEST_F(SchemaTest, SizesAndDurationsAcceptBareIntegersAndUnits) {
  EXPECT_EQ(valid("limit: 1024")["limit"], 1024);
  EXPECT_EQ(valid("limit: 512B")["limit"], 512);
  EXPECT_EQ(valid("limit: '1GiB'")["limit"], 1 << 30);
  EXPECT_EQ(valid("timeout: 1500")["timeout"], 1500);
  EXPECT_EQ(valid("timeout: 5m")["timeout"], 300000);
  EXPECT_EQ(valid("timeout: \"1h\"")["timeout"], 3600000);
}

TEST_F(SchemaTest, NullValueCountsAsAbsent) {
  EXPECT_EQ(valid("threads:\nnested: ~\n")["threads"], 4);
}

TEST_F(SchemaTest, ScalarTypeErrors) {
  EXPECT_EQ(errorsFor("threads: abc"),
            Errors{"app.yaml:1:10: threads: expected integer, got string 'abc'"});
  EXPECT_EQ(errorsFor("threads: 1.5"),
            Errors{"app.yaml:1:10: threads: expected integer, got number 1.5"});
  EXPECT_EQ(errorsFor("threads: \"8\""),
            Errors{"app.yaml:1:10: threads: expected integer, got string '8' (remove the quotes)"});
  EXPECT_EQ(errorsFor("ratio: fast"),
            Errors{"app.yaml:1:8: ratio: expected number, got string 'fast'"});
  EXPECT_EQ(errorsFor("verbose: yes"),
            Errors{"app.yaml:1:10: verbose: expected boolean, got string 'yes'"});
  EXPECT_EQ(errorsFor("verbose: 1"),
            Errors{"app.yaml:1:10: verbose: expected boolean, got integer 1"});
  EXPECT_EQ(errorsFor("limit: 10MB"),
            Errors{"app.yaml:1:8: limit: expected size (bytes, or a number with B, KiB, MiB, "
                   "GiB or TiB), got string '10MB'"});
  EXPECT_EQ(errorsFor("timeout: 10 s"),
            Errors{"app.yaml:1:10: timeout: expected duration (milliseconds, or a number with "
                   "ms, s, m, h or d), got string '10 s'"});
  EXPECT_EQ(errorsFor("listen: [a]"), Errors{"app.yaml:1:9: listen: expected string, got array"});
  EXPECT_EQ(errorsFor("nested: 5"), Errors{"app.yaml:1:9: nested: expected object, got integer 5"});
  EXPECT_EQ(errorsFor("routes: {}"), Errors{"app.yaml:1:9: routes: expected array, got object"});
}

TEST_F(SchemaTest, ConstraintErrors) {
  EXPECT_EQ(errorsFor("threads: 0"),
            Errors{"app.yaml:1:10: threads: value 0 is below the minimum 1"});
  EXPECT_EQ(errorsFor("threads: 65"),
            Errors{"app.yaml:1:10: threads: value 65 is above the maximum 64"});
  EXPECT_EQ(errorsFor("limit: 2GiB"),
            Errors{"app.yaml:1:8: limit: value 2GiB is above the maximum 1GiB"});
  EXPECT_EQ(errorsFor("name: Abc"),
            Errors{"app.yaml:1:7: name: value 'Abc' does not match the pattern '^[a-z]+$'"});
  EXPECT_EQ(errorsFor("name: a"),
            Errors{"app.yaml:1:7: name: value 'a' is shorter than 2 character(s)"});
  EXPECT_EQ(errorsFor("name: abcdefghi"),
            Errors{"app.yaml:1:7: name: value 'abcdefghi' is longer than 8 character(s)"});
  EXPECT_EQ(errorsFor("nested:\n  level: trace\n"),
            Errors{"app.yaml:2:10: nested.level: value 'trace' is not one of debug, info"});
}

TEST_F(SchemaTest, UnknownKeyListsKnownKeys) {
  EXPECT_EQ(errorsFor("lisen: x"),
            Errors{"app.yaml:1:1: lisen: unknown key 'lisen' (known keys: listen, threads, "
                   "ratio, verbose, limit, timeout, name, extra, nested, routes, labels)"});
  EXPECT_EQ(errorsFor("nested:\n  levle: info\n"),
            Errors{"app.yaml:2:3: nested.levle: unknown key 'levle' (known keys: level)"});
}

TEST_F(SchemaTest, DuplicateKeyIsAnError) {
  EXPECT_EQ(errorsFor("threads: 1\nthreads: 2\n"),
            Errors{"app.yaml:2:1: threads: duplicate key 'threads' (first given on line 1)"});
  EXPECT_EQ(errorsFor("extra:\n  a: 1\n  a: 2\n"),
            Errors{"app.yaml:3:3: extra.a: duplicate key 'a' (first given on line 2)"});
}

TEST_F(SchemaTest, ArrayItemsHaveIndexedPaths) {
  const std::string doc =
      "routes:\n"
      "  - {method: GET, path: /a}\n"
      "  - {method: GET, path: /b}\n"
      "  - {method: PATCHX, path: /c}\n"
      "  - method: POST\n"
      "  - {method: GET, path: }\n";
  EXPECT_EQ(errorsFor(doc), (Errors{
                                "app.yaml:4:14: routes[2].method: value 'PATCHX' is not one of "
                                "GET, POST",
                                "app.yaml:5:5: routes[3]: required key 'path' is missing",
                                "app.yaml:6:19: routes[4]: required key 'path' has no value",
                                "app.yaml:2:3: routes: expected at most 4 item(s), got 5",
                            }));
}

TEST_F(SchemaTest, MapValuesAreValidated) {
  EXPECT_EQ(errorsFor("labels:\n  a: 1\n  b: x\n"),
            Errors{"app.yaml:3:6: labels.b: expected integer, got string 'x'"});
}

TEST_F(SchemaTest, CollectsAllErrors) {
  EXPECT_EQ(errorsFor("threads: abc\nverbose: 3\nlisen: 1\n").size(), 3u);
}

TEST_F(SchemaTest, KeyPathPrefixesMessages) {
  std::vector<std::string> errors;
  validate("threads: abc", errors, "plugins[0].config");
  EXPECT_EQ(errors,
            Errors{"app.yaml:1:10: plugins[0].config.threads: expected integer, got string 'abc'"});
}

TEST_F(SchemaTest, RootMustBeAMapping) {
  EXPECT_EQ(errorsFor("- a\n"), Errors{"app.yaml:1:1: expected object, got array"});
}

TEST(SchemaAbsentBlockTest, ReportsRequiredKeysOfAnAbsentBlock) {
  const Schema schema = Schema::parse(
      "type: object\nproperties:\n"
      "  secret: {type: string, required: true, description: s}\n"
      "  ttl: {type: duration, default: 15m, description: t}\n",
      "s.yaml");
  std::vector<std::string> errors;
  schema.validate(YAML::Node(), "app.yaml", "plugins[0].config", errors);
  EXPECT_EQ(errors, Errors{"app.yaml: plugins[0].config: required key 'secret' is missing"});
  errors.clear();
  EXPECT_EQ(schema.validate(YAML::Load("secret: x"), "app.yaml", "", errors),
            Json({{"secret", "x"}, {"ttl", 900000}}));
  EXPECT_TRUE(errors.empty());
}

TEST(SchemaEmptyTest, AcceptsOnlyAnEmptyBlock) {
  const Schema schema = Schema::empty();
  std::vector<std::string> errors;
  EXPECT_EQ(schema.validate(YAML::Node(), "p.yaml", "plugins[1].config", errors), Json::object());
  EXPECT_EQ(schema.validate(YAML::Load("{}"), "p.yaml", "plugins[1].config", errors),
            Json::object());
  EXPECT_TRUE(errors.empty());
  schema.validate(YAML::Load("a: 1"), "p.yaml", "plugins[1].config", errors);
  EXPECT_EQ(errors, Errors{"p.yaml:1:1: plugins[1].config.a: unknown key 'a' (no keys are "
                           "allowed here)"});
}

TEST(SchemaDescribeTest, ListsKeysAsAnIndentedTree) {
  const Schema schema = Schema::parse(R"(type: object
properties:
  server:
    type: object
    description: HTTP server
    properties:
      listen: {type: string, default: "127.0.0.1:8080", description: address to listen on}
      limit: {type: size, default: 10MiB, description: body limit}
  level: {type: string, enum: [debug, info], default: info, description: log level}
  routes:
    type: array
    default: []
    description: routes
    items:
      type: object
      properties:
        path: {type: string, required: true, description: URL path}
  ports: {type: integer, minimum: 1, maximum: 9, description: a port}
  tags: {type: object, additional_properties: {type: string}, description: tags}
)",
                                      "s.yaml");
  EXPECT_EQ(schema.describe(),
            "server (object): HTTP server\n"
            "  listen (string, default \"127.0.0.1:8080\"): address to listen on\n"
            "  limit (size, default 10MiB): body limit\n"
            "level (string, one of debug|info, default \"info\"): log level\n"
            "routes (array of object, default []): routes\n"
            "  path (string, required): URL path\n"
            "ports (integer, min 1, max 9): a port\n"
            "tags (map of string): tags\n");
}

// Parses `schema` and returns the messages of the ConfigError it must throw.
Errors malformed(const std::string& schema) {
  try {
    Schema::parse(schema, "s.yaml");
  } catch (const ConfigError& e) {
    return e.messages();
  }
  ADD_FAILURE() << "schema accepted:\n" << schema;
  return {};
}

TEST(SchemaParseTest, EveryPropertyNeedsADescription) {
  EXPECT_EQ(malformed("type: object\nproperties:\n  port: {type: integer}\n"),
            Errors{"s.yaml:3:9: port description: 'description' is missing (every key must be "
                   "documented)"});
}

TEST(SchemaParseTest, ReportsEveryMalformedPart) {
  const Errors errors = malformed(
      "type: object\n"
      "properties:\n"
      "  a: {type: text, description: x}\n"
      "  b: {type: integer, descripton: x}\n"
      "  c: {type: integer, default: abc, description: x}\n"
      "  d: {type: string, pattern: '([', description: x}\n"
      "  e: {type: string, required: true, default: x, description: x}\n"
      "  f: {type: string, minimum: 1, description: x}\n"
      "  g: {type: integer, enum: [1, x], description: x}\n"
      "  h: {description: x}\n"
      "  i: {type: object, additional_properties: maybe, description: x}\n");
  ASSERT_EQ(errors.size(), 10u) << ::testing::PrintToString(errors);
  EXPECT_EQ(errors[0],
            "s.yaml:3:13: a type: unknown type 'text' (one of string, integer, number, boolean, "
            "object, array, size, duration, any)");
  EXPECT_EQ(errors[1].substr(0, 58), "s.yaml:4:22: b descripton: unknown schema key 'descripton'");
  EXPECT_EQ(errors[2],
            "s.yaml:4:6: b description: 'description' is missing (every key must be documented)");
  EXPECT_EQ(errors[3], "s.yaml:5:31: c default: expected integer, got string 'abc'");
  EXPECT_EQ(errors[4].substr(0, 44), "s.yaml:6:30: d pattern: invalid pattern '(['");
  EXPECT_EQ(errors[5],
            "s.yaml:7:46: e default: 'default' cannot be combined with 'required: true'");
  EXPECT_EQ(errors[6],
            "s.yaml:8:30: f minimum: 'minimum' applies only to integer, number, size and duration");
  EXPECT_EQ(errors[7], "s.yaml:9:32: g enum: expected integer, got string 'x'");
  EXPECT_EQ(errors[8],
            "s.yaml:10:6: h type: 'type' is missing (one of string, integer, number, boolean, "
            "object, array, size, duration, any)");
  EXPECT_EQ(errors[9],
            "s.yaml:11:44: i additional_properties: 'additional_properties' must be true, false "
            "or a schema");
}

TEST(SchemaParseTest, YamlSyntaxErrorIsLocated) {
  EXPECT_EQ(malformed("type: object\nproperties: [a,\n"),
            Errors{"s.yaml:3:1: YAML syntax error: end of sequence flow not found"});
}

}  // namespace
}  // namespace atrium::host::config
