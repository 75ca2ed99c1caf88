#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace atrium::host::config {

// The tag the environment expander puts on every scalar it substituted into. Such a scalar is
// text, but the validator still reads it as a number or boolean where the schema asks for one
// (`port: "${PORT}"`), and it never shows its value in messages (it may be a secret).
inline constexpr std::string_view kExpandedTag = "!atrium/env";

// How a scalar was written. yaml-cpp tags plain scalars "?" and quoted or block scalars "!".
enum class ScalarStyle { kPlain, kQuoted, kExpanded };
ScalarStyle scalarStyle(const YAML::Node& scalar);

// A scalar as a JSON value: plain scalars keep YAML's types (null, booleans, integers, numbers);
// quoted and expanded scalars are strings.
nlohmann::json scalarToJson(const YAML::Node& scalar);

// What a node is, for "expected integer, got ..." messages: "string 'abc'", "integer 5",
// "object", "array", "null", or "a value from the environment" (never shown).
std::string describeFound(const YAML::Node& node);

// A scalar's text for a message: "'abc'" (shortened when long), or "(value from the
// environment)" for expanded scalars.
std::string displayValue(const YAML::Node& scalar);

// Shortens and quotes text for a message: 'abc'.
std::string quoteText(std::string_view text);

}  // namespace atrium::host::config
