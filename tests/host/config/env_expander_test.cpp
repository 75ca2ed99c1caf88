#include "host/config/env_expander.hpp"

#include <map>

#include <gtest/gtest.h>

#include "host/config/schema.hpp"
#include "host/config/yaml_scalar.hpp"

namespace atrium::host::config {
namespace {

using Errors = std::vector<std::string>;

class EnvExpanderTest : public ::testing::Test {
 protected:
  // Expands `doc` with the variables in vars_; returns the tree.
  YAML::Node expand(const std::string& doc) {
    YAML::Node root = YAML::Load(doc);
    EnvExpander(env_, "app.yaml", errors_).expandTree(root, "");
    return root;
  }

  std::map<std::string, std::string> vars_ = {
      {"PORT", "8080"}, {"EMPTY", ""}, {"SECRET", "s3cr3t"}, {"USER", "app"}};
  EnvLookup env_ = [this](const std::string& name) -> std::optional<std::string> {
    const auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
  };
  Errors errors_;
};

TEST_F(EnvExpanderTest, SubstitutesSetVariables) {
  const YAML::Node root = expand("port: ${PORT}\nurl: \"postgres://${USER}@db/${USER}\"\n");
  EXPECT_EQ(errors_, Errors{});
  EXPECT_EQ(root["port"].Scalar(), "8080");
  EXPECT_EQ(root["port"].Tag(), kExpandedTag);
  EXPECT_EQ(root["url"].Scalar(), "postgres://app@db/app");
}

TEST_F(EnvExpanderTest, DefaultsApplyWhenUnsetOrEmpty) {
  const YAML::Node root = expand(
      "a: ${NOPE:-fallback}\nb: ${EMPTY:-fallback}\nc: ${EMPTY}\nd: ${PORT:-1}\n"
      "e: ${NOPE:-}\nf: \"${NOPE:-a b:c}\"\n");
  EXPECT_EQ(errors_, Errors{});
  EXPECT_EQ(root["a"].Scalar(), "fallback");
  EXPECT_EQ(root["b"].Scalar(), "fallback");
  EXPECT_EQ(root["c"].Scalar(), "");
  EXPECT_EQ(root["d"].Scalar(), "8080");
  EXPECT_EQ(root["e"].Scalar(), "");
  EXPECT_EQ(root["f"].Scalar(), "a b:c");
}

TEST_F(EnvExpanderTest, MissingVariableIsAnErrorWithItsPosition) {
  expand("db:\n  url: ${DB_URL}\n  list: [a, \"x${JWT}\"]\n");
  EXPECT_EQ(errors_, (Errors{
                         "app.yaml:2:8: db.url: environment variable 'DB_URL' is not set (write "
                         "${DB_URL:-default} to give a default)",
                         "app.yaml:3:13: db.list[1]: environment variable 'JWT' is not set "
                         "(write ${JWT:-default} to give a default)",
                     }));
}

TEST_F(EnvExpanderTest, DoubleDollarEscapes) {
  const YAML::Node root = expand("a: $${PORT}\nb: cost $5 and $$ and ${PORT}$${x}\n");
  EXPECT_EQ(errors_, Errors{});
  EXPECT_EQ(root["a"].Scalar(), "${PORT}");
  EXPECT_EQ(root["a"].Tag(), "?");  // nothing substituted: still a plain scalar
  EXPECT_EQ(root["b"].Scalar(), "cost $5 and $$ and 8080${x}");
}

TEST_F(EnvExpanderTest, MalformedReferencesAreErrors) {
  expand("a: ${PORT\nb: ${1X}\nc: ${}\nd: ${A:-${B}}\ne: ${A:B}\n");
  EXPECT_EQ(errors_,
            (Errors{
                "app.yaml:1:4: a: unterminated '${' (expected '}'); write '$${' for a literal '${'",
                "app.yaml:2:4: b: invalid reference '${1X}' (write ${NAME} or ${NAME:-default}; "
                "NAME is letters, digits and underscores)",
                "app.yaml:3:4: c: invalid reference '${}' (write ${NAME} or ${NAME:-default}; "
                "NAME is letters, digits and underscores)",
                "app.yaml:4:4: d: nested '${' in the default of '${A:-${B}' is not supported",
                "app.yaml:5:4: e: invalid reference '${A:B}' (write ${NAME} or "
                "${NAME:-default}; NAME is letters, digits and underscores)",
            }));
}

TEST_F(EnvExpanderTest, KeysAreNotExpanded) {
  const YAML::Node root = expand("${PORT}: ${PORT}\n");
  EXPECT_EQ(root["${PORT}"].Scalar(), "8080");
}

TEST_F(EnvExpanderTest, ValuesAreNotExpandedTwice) {
  vars_["RAW"] = "${SECRET}";
  const YAML::Node root = expand("a: &x \"${RAW}\"\nb: *x\nc: [*x]\n");
  EXPECT_EQ(errors_, Errors{});
  EXPECT_EQ(root["a"].Scalar(), "${SECRET}");
  EXPECT_EQ(root["b"].Scalar(), "${SECRET}");
  EXPECT_EQ(root["c"][0].Scalar(), "${SECRET}");
}

// The validator reads expanded scalars as typed values and never prints them.
TEST_F(EnvExpanderTest, ExpandedScalarsValidateAsNumbersButLiteralQuotesDoNot) {
  const Schema schema = Schema::parse(
      "type: object\nproperties:\n"
      "  port: {type: integer, description: p}\n"
      "  other: {type: integer, description: o}\n"
      "  flag: {type: boolean, description: f}\n"
      "  any: {type: any, description: a}\n",
      "s.yaml");
  vars_["YES"] = "true";
  const YAML::Node root = expand("port: \"${PORT}\"\nflag: ${YES}\nany: ${PORT}\n");
  Errors errors;
  const nlohmann::json value = schema.validate(root, "app.yaml", "", errors);
  EXPECT_EQ(errors, Errors{});
  EXPECT_EQ(value["port"], 8080);
  EXPECT_EQ(value["flag"], true);
  EXPECT_EQ(value["any"], "8080");  // an expanded scalar stays a string where any type goes

  schema.validate(expand("port: ${SECRET}\nother: \"8080\"\n"), "app.yaml", "", errors);
  EXPECT_EQ(errors, (Errors{
                        "app.yaml:1:7: port: expected integer, got a value from the environment "
                        "(not shown)",
                        "app.yaml:2:8: other: expected integer, got string '8080' (remove the "
                        "quotes)",
                    }));
}

}  // namespace
}  // namespace atrium::host::config
