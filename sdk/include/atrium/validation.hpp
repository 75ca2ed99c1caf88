// Declarative validation of JSON bodies and query strings. Header-only; depends only on the
// standard library and nlohmann/json, so the host's `validate:` route option (YAML) and a plugin
// handler (C++) run this same code and answer the same way. Compiles as C++17.
//
//   static const atrium::sdk::Schema kSignup = atrium::sdk::Schema::fromJson(R"({
//     "type": "object", "unknown": "reject",
//     "properties": {
//       "email":    {"type": "string", "required": true, "format": "email"},
//       "password": {"type": "string", "required": true, "min_length": 8, "max_length": 128}
//     }})"_json);
//   nlohmann::json body = request.json();
//   kSignup.check(body);  // throws ValidationError (an HttpError 400) listing every field error
//
// Rules of one node (every key optional):
//   type        string | integer | number | boolean | object | array | any   (default any)
//   required    true: the member must be present (in an object's `properties`)
//   nullable    true: null is accepted in place of the type
//   min_length, max_length   strings, in Unicode code points
//   minimum, maximum         integers and numbers, inclusive
//   pattern     ECMAScript regular expression, whole-string match, compiled once; strings longer
//               than max_pattern_input bytes (default 1024) fail without being matched
//   enum        the allowed values (any JSON scalars), compared exactly
//   format      email | e164 | date (YYYY-MM-DD, a real calendar date) | date-time (RFC 3339) |
//               uuid
//   properties  objects: member name -> node
//   unknown     objects: allow (default) | reject | strip (members not in `properties`)
//   items       arrays: the node every element must satisfy
//   min_items, max_items     arrays
//   message     replaces every message this node produces
//   messages    per rule: {"required": "...", "type": "...", "min_length": "...", ...}
//
// Field names in errors are dot paths from the root: "email", "address.city", "tags.2".
// At most kMaxErrors errors are reported; the rest are dropped.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "atrium/http_error.hpp"

namespace atrium::sdk {

struct FieldError {
  std::string field;    // dot path: "address.city"; "" for the whole body
  std::string message;  // client-safe text: "must be at least 8 characters"
  bool operator==(const FieldError& other) const {
    return field == other.field && message == other.message;
  }
};

// A field error list as JSON: [{"field": ..., "message": ...}, ...].
inline nlohmann::json fieldErrorsJson(const std::vector<FieldError>& errors) {
  nlohmann::json list = nlohmann::json::array();
  for (const FieldError& e : errors) list.push_back({{"field", e.field}, {"message", e.message}});
  return list;
}

// The messages joined with ", " (express-validator products put this in `message`).
inline std::string joinedMessages(const std::vector<FieldError>& errors) {
  std::string out;
  for (const FieldError& e : errors) {
    if (!out.empty()) out += ", ";
    out += e.message;
  }
  return out;
}

// Thrown by Schema::check: a 400 "validation_failed" carrying the field errors. The host renders
// them where the product's envelope says {{errors}} (plugins: ABI 1.2 and later).
class ValidationError : public HttpError {
 public:
  explicit ValidationError(std::vector<FieldError> errors, std::string message = "Validation error")
      : HttpError(400, "validation_failed", std::move(message)), errors_(std::move(errors)) {}
  const std::vector<FieldError>& errors() const noexcept { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

// An invalid schema: `path` is the key path inside the schema ("properties.email.min_length").
class SchemaError : public std::invalid_argument {
 public:
  SchemaError(std::string path, const std::string& message)
      : std::invalid_argument((path.empty() ? std::string() : path + ": ") + message),
        path_(std::move(path)),
        detail_(message) {}
  const std::string& path() const noexcept { return path_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  std::string path_;
  std::string detail_;
};

namespace validation {

enum class Type { kAny, kString, kInteger, kNumber, kBoolean, kObject, kArray };
enum class Format { kNone, kEmail, kE164, kDate, kDateTime, kUuid };
enum class Unknown { kAllow, kReject, kStrip };

inline constexpr size_t kMaxErrors = 100;
inline constexpr size_t kDefaultMaxPatternInput = 1024;

// Code points of UTF-8 text; -1 when it is not valid UTF-8.
inline int64_t codePoints(const std::string& text) {
  int64_t count = 0;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return -1;
    }
    if (i + len > n) return -1;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return -1;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return -1;
    }
    i += len;
    ++count;
  }
  return count;
}

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// n digits at text[pos..], as a number; -1 when they are not all digits.
inline int digitsAt(const std::string& text, size_t pos, size_t n) {
  if (pos + n > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!isDigit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

inline bool validCalendarDate(int year, int month, int day) {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = month == 2 && leap ? 29 : kDays[month - 1];
  return day <= days;
}

// YYYY-MM-DD at text[pos..pos+10).
inline bool dateAt(const std::string& text, size_t pos) {
  if (pos + 10 > text.size() || text[pos + 4] != '-' || text[pos + 7] != '-') return false;
  return validCalendarDate(digitsAt(text, pos, 4), digitsAt(text, pos + 5, 2),
                           digitsAt(text, pos + 8, 2));
}

inline bool isDate(const std::string& text) { return text.size() == 10 && dateAt(text, 0); }

// RFC 3339 date-time: 2024-02-29T13:45:00Z, 2024-02-29T13:45:00.123+05:00 ('T'/'Z' any case).
inline bool isDateTime(const std::string& text) {
  if (text.size() < 20 || !dateAt(text, 0) || (text[10] != 'T' && text[10] != 't')) return false;
  const int hour = digitsAt(text, 11, 2);
  const int minute = digitsAt(text, 14, 2);
  const int second = digitsAt(text, 17, 2);
  if (text[13] != ':' || text[16] != ':' || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 60) {
    return false;
  }
  size_t pos = 19;
  if (text[pos] == '.') {
    const size_t start = ++pos;
    while (pos < text.size() && isDigit(text[pos])) ++pos;
    if (pos == start || pos - start > 9) return false;
  }
  if (pos >= text.size()) return false;
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) return true;
  if ((text[pos] != '+' && text[pos] != '-') || pos + 6 != text.size() || text[pos + 3] != ':') {
    return false;
  }
  const int oh = digitsAt(text, pos + 1, 2);
  const int om = digitsAt(text, pos + 4, 2);
  return oh >= 0 && oh <= 23 && om >= 0 && om <= 59;
}

// E.164: '+', a non-zero digit, then 1 to 14 more digits (at most 15 digits).
inline bool isE164(const std::string& text) {
  if (text.size() < 3 || text.size() > 16 || text[0] != '+' || text[1] < '1' || text[1] > '9') {
    return false;
  }
  for (size_t i = 2; i < text.size(); ++i) {
    if (!isDigit(text[i])) return false;
  }
  return true;
}

inline bool isUuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return false;
    } else if (!isHex(text[i])) {
      return false;
    }
  }
  return true;
}

// A practical address check (no quoted local parts, no IP literals, ASCII only): local part of
// 1..64 characters from RFC 5322's atext and dots (no leading, trailing or double dot); a domain
// of at least two labels of letters, digits and inner hyphens (1..63 each); a top-level label of
// at least two letters; 254 characters at most.
inline bool isEmail(const std::string& text) {
  if (text.size() > 254) return false;
  const size_t at = text.find('@');
  if (at == std::string::npos || at == 0 || at > 64 ||
      text.find('@', at + 1) != std::string::npos) {
    return false;
  }
  static const std::string kAtext = "!#$%&'*+/=?^_`{|}~-";
  for (size_t i = 0; i < at; ++i) {
    const char c = text[i];
    if (c == '.') {
      if (i == 0 || i + 1 == at || text[i - 1] == '.') return false;
    } else if (!isAlpha(c) && !isDigit(c) && kAtext.find(c) == std::string::npos) {
      return false;
    }
  }
  const std::string domain = text.substr(at + 1);
  size_t start = 0;
  size_t labels = 0;
  std::string last;
  while (true) {
    const size_t dot = domain.find('.', start);
    const std::string label =
        domain.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!isAlpha(c) && !isDigit(c) && c != '-') return false;
    }
    ++labels;
    last = label;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (labels < 2 || last.size() < 2) return false;
  for (char c : last) {
    if (!isAlpha(c)) return false;
  }
  return true;
}

inline std::string typeName(Type type) {
  switch (type) {
    case Type::kString: return "string";
    case Type::kInteger: return "integer";
    case Type::kNumber: return "number";
    case Type::kBoolean: return "boolean";
    case Type::kObject: return "object";
    case Type::kArray: return "array";
    case Type::kAny: break;
  }
  return "any";
}

inline std::string typeArticle(Type type) {
  return type == Type::kInteger || type == Type::kObject || type == Type::kArray ? "an " : "a ";
}

// A number as written in messages: 3, 2.5.
inline std::string numberText(double value) {
  if (value == static_cast<double>(static_cast<int64_t>(value)) && value > -9.0e15 &&
      value < 9.0e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  std::string text = std::to_string(value);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// Strict decimal parsing of query values.
inline bool parseInteger(const std::string& text, int64_t& out) {
  if (text.empty() || text.size() > 20) return false;
  size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size()) return false;
  for (size_t k = i; k < text.size(); ++k) {
    if (!isDigit(text[k])) return false;
  }
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end != text.c_str() + text.size()) return false;
  out = value;
  return true;
}

inline bool parseNumber(const std::string& text, double& out) {
  if (text.empty() || text.size() > 64) return false;
  // JSON number syntax only: no hex, inf, nan or leading '+'.
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_number()) return false;
  out = parsed.get<double>();
  return true;
}

}  // namespace validation

// A compiled validation schema (see the top of this file). Immutable after construction and safe
// to share between threads.
class Schema {
 public:
  Schema() : root_(std::make_shared<Node>()) {}

  // Throws SchemaError naming the key path of the first problem.
  static Schema fromJson(const nlohmann::json& spec) {
    Schema schema;
    schema.root_ = compile(spec, "");
    return schema;
  }

  // Every field error of `value` (empty: valid). With `unknown: strip`, members not in
  // `properties` are removed from `value`.
  std::vector<FieldError> validate(nlohmann::json& value) const {
    std::vector<FieldError> errors;
    check(*root_, value, "", errors);
    return errors;
  }
  std::vector<FieldError> validate(const nlohmann::json& value) const {
    nlohmann::json copy = value;
    return validate(copy);
  }

  // Throws ValidationError with every field error when `value` is invalid.
  void check(nlohmann::json& value, const std::string& message = "Validation error") const {
    std::vector<FieldError> errors = validate(value);
    if (!errors.empty()) throw ValidationError(std::move(errors), message);
  }

  // A query string (keys may repeat) against an object schema: each property's type decides
  // how its text is read (integer and number in JSON number syntax, boolean as true/false/1/0,
  // array: every value of a repeated key); a scalar given twice is an error. Returns the
  // errors; on success `out` (when given) holds the typed values of the known keys.
  template <typename Pairs>
  std::vector<FieldError> validateQuery(const Pairs& query, nlohmann::json* out = nullptr) const {
    std::vector<FieldError> errors;
    nlohmann::json object = nlohmann::json::object();
    std::map<std::string, std::vector<std::string>> grouped;
    for (const auto& [key, value] : query) grouped[std::string(key)].push_back(std::string(value));
    for (const auto& [key, values] : grouped) {
      const Node* property = root_->property(key);
      if (property == nullptr) {
        if (root_->unknown == validation::Unknown::kReject) {
          add(errors, key, messageFor(*root_, "unknown", "is not allowed"));
        } else if (root_->unknown == validation::Unknown::kAllow) {
          object[key] =
              values.size() == 1 ? nlohmann::json(values.front()) : nlohmann::json(values);
        }
        continue;
      }
      if (property->type == validation::Type::kArray) {
        nlohmann::json list = nlohmann::json::array();
        for (const std::string& text : values) {
          list.push_back(property->items ? coerce(*property->items, text) : nlohmann::json(text));
        }
        object[key] = std::move(list);
      } else if (values.size() > 1) {
        add(errors, key, messageFor(*property, "type", "must be given once"));
      } else {
        object[key] = coerce(*property, values.front());
      }
    }
    check(*root_, object, "", errors);
    if (out != nullptr && errors.empty()) *out = std::move(object);
    return errors;
  }

  bool isObject() const { return root_->type == validation::Type::kObject; }
  // True when some node says `unknown: strip` (validate may then change its argument).
  bool strips() const { return strips(*root_); }
  bool hasProperties() const { return !root_->properties.empty(); }

 private:
  struct Node {
    validation::Type type = validation::Type::kAny;
    bool required = false;
    bool nullable = false;
    int64_t min_length = -1;
    int64_t max_length = -1;
    bool has_minimum = false;
    bool has_maximum = false;
    double minimum = 0;
    double maximum = 0;
    std::shared_ptr<const std::regex> pattern;
    size_t max_pattern_input = validation::kDefaultMaxPatternInput;
    std::vector<nlohmann::json> enum_values;
    validation::Format format = validation::Format::kNone;
    std::vector<std::pair<std::string, std::shared_ptr<const Node>>> properties;
    validation::Unknown unknown = validation::Unknown::kAllow;
    std::shared_ptr<const Node> items;
    int64_t min_items = -1;
    int64_t max_items = -1;
    std::string message;
    std::map<std::string, std::string> messages;

    const Node* property(const std::string& name) const {
      for (const auto& [key, node] : properties) {
        if (key == name) return node.get();
      }
      return nullptr;
    }
  };

  static bool strips(const Node& node) {
    if (node.unknown == validation::Unknown::kStrip) return true;
    for (const auto& [key, child] : node.properties) {
      if (strips(*child)) return true;
    }
    return node.items && strips(*node.items);
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  static int64_t count(const nlohmann::json& spec, const char* key, const std::string& path) {
    const nlohmann::json& v = spec.at(key);
    if (!v.is_number_integer() || v.get<int64_t>() < 0) {
      throw SchemaError(join(path, key), "must be a non-negative integer");
    }
    return v.get<int64_t>();
  }

  static double number(const nlohmann::json& spec, const char* key, const std::string& path) {
    const nlohmann::json& v = spec.at(key);
    if (!v.is_number()) throw SchemaError(join(path, key), "must be a number");
    return v.get<double>();
  }

  static bool boolean(const nlohmann::json& spec, const char* key, const std::string& path) {
    const nlohmann::json& v = spec.at(key);
    if (!v.is_boolean()) throw SchemaError(join(path, key), "must be true or false");
    return v.get<bool>();
  }

  static std::string text(const nlohmann::json& spec, const char* key, const std::string& path) {
    const nlohmann::json& v = spec.at(key);
    if (!v.is_string()) throw SchemaError(join(path, key), "must be a string");
    return v.get<std::string>();
  }

  static validation::Type parseType(const std::string& name, const std::string& path) {
    using validation::Type;
    static const std::map<std::string, Type> kTypes = {
        {"any", Type::kAny},       {"string", Type::kString},   {"integer", Type::kInteger},
        {"number", Type::kNumber}, {"boolean", Type::kBoolean}, {"object", Type::kObject},
        {"array", Type::kArray}};
    const auto it = kTypes.find(name);
    if (it == kTypes.end()) {
      throw SchemaError(path, "unknown type '" + name +
                                  "' (string, integer, number, boolean, object, array, any)");
    }
    return it->second;
  }

  static validation::Format parseFormat(const std::string& name, const std::string& path) {
    using validation::Format;
    static const std::map<std::string, Format> kFormats = {{"email", Format::kEmail},
                                                           {"e164", Format::kE164},
                                                           {"date", Format::kDate},
                                                           {"date-time", Format::kDateTime},
                                                           {"uuid", Format::kUuid}};
    const auto it = kFormats.find(name);
    if (it == kFormats.end()) {
      throw SchemaError(path, "unknown format '" + name + "' (email, e164, date, date-time, uuid)");
    }
    return it->second;
  }

  static void requireType(const Node& node, std::initializer_list<validation::Type> types,
                          const char* key, const std::string& path) {
    for (validation::Type t : types) {
      if (node.type == t) return;
    }
    std::string names;
    for (validation::Type t : types)
      names += (names.empty() ? "" : " or ") + validation::typeName(t);
    throw SchemaError(join(path, key), "needs type " + names);
  }

  static void compileRules(const nlohmann::json& spec, Node& node, const std::string& path) {
    using validation::Type;
    if (spec.contains("required")) node.required = boolean(spec, "required", path);
    if (spec.contains("nullable")) node.nullable = boolean(spec, "nullable", path);
    if (spec.contains("min_length")) {
      requireType(node, {Type::kString}, "min_length", path);
      node.min_length = count(spec, "min_length", path);
    }
    if (spec.contains("max_length")) {
      requireType(node, {Type::kString}, "max_length", path);
      node.max_length = count(spec, "max_length", path);
    }
    if (spec.contains("minimum")) {
      requireType(node, {Type::kInteger, Type::kNumber}, "minimum", path);
      node.has_minimum = true;
      node.minimum = number(spec, "minimum", path);
    }
    if (spec.contains("maximum")) {
      requireType(node, {Type::kInteger, Type::kNumber}, "maximum", path);
      node.has_maximum = true;
      node.maximum = number(spec, "maximum", path);
    }
    if (node.min_length >= 0 && node.max_length >= 0 && node.min_length > node.max_length) {
      throw SchemaError(join(path, "min_length"), "is greater than max_length");
    }
    if (node.has_minimum && node.has_maximum && node.minimum > node.maximum) {
      throw SchemaError(join(path, "minimum"), "is greater than maximum");
    }
    if (spec.contains("max_pattern_input")) {
      node.max_pattern_input = static_cast<size_t>(count(spec, "max_pattern_input", path));
    }
    if (spec.contains("pattern")) {
      requireType(node, {Type::kString}, "pattern", path);
      const std::string pattern = text(spec, "pattern", path);
      try {
        node.pattern = std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        throw SchemaError(join(path, "pattern"),
                          "invalid regular expression '" + pattern + "': " + e.what());
      }
    }
    if (spec.contains("format")) {
      requireType(node, {Type::kString}, "format", path);
      node.format = parseFormat(text(spec, "format", path), join(path, "format"));
    }
    if (spec.contains("enum")) {
      const nlohmann::json& values = spec.at("enum");
      if (!values.is_array() || values.empty()) {
        throw SchemaError(join(path, "enum"), "must be a non-empty list");
      }
      for (const nlohmann::json& v : values) {
        if (v.is_object() || v.is_array()) {
          throw SchemaError(join(path, "enum"), "values must be scalars");
        }
        node.enum_values.push_back(v);
      }
    }
  }

  static void compileContainers(const nlohmann::json& spec, Node& node, const std::string& path) {
    using validation::Type;
    if (spec.contains("properties")) {
      requireType(node, {Type::kObject}, "properties", path);
      const nlohmann::json& props = spec.at("properties");
      if (!props.is_object()) throw SchemaError(join(path, "properties"), "must be a mapping");
      for (auto it = props.begin(); it != props.end(); ++it) {
        if (it.key().empty()) throw SchemaError(join(path, "properties"), "empty member name");
        node.properties.emplace_back(it.key(),
                                     compile(it.value(), join(join(path, "properties"), it.key())));
      }
    }
    if (spec.contains("unknown")) {
      requireType(node, {Type::kObject}, "unknown", path);
      const std::string policy = text(spec, "unknown", path);
      if (policy == "allow") {
        node.unknown = validation::Unknown::kAllow;
      } else if (policy == "reject") {
        node.unknown = validation::Unknown::kReject;
      } else if (policy == "strip") {
        node.unknown = validation::Unknown::kStrip;
      } else {
        throw SchemaError(join(path, "unknown"), "must be allow, reject or strip");
      }
    }
    if (spec.contains("items")) {
      requireType(node, {Type::kArray}, "items", path);
      node.items = compile(spec.at("items"), join(path, "items"));
    }
    if (spec.contains("min_items")) {
      requireType(node, {Type::kArray}, "min_items", path);
      node.min_items = count(spec, "min_items", path);
    }
    if (spec.contains("max_items")) {
      requireType(node, {Type::kArray}, "max_items", path);
      node.max_items = count(spec, "max_items", path);
    }
  }

  static std::shared_ptr<const Node> compile(const nlohmann::json& spec, const std::string& path) {
    static const char* const kKeys[] = {
        "type",    "required", "nullable",          "min_length", "max_length", "minimum",
        "maximum", "pattern",  "max_pattern_input", "enum",       "format",     "properties",
        "unknown", "items",    "min_items",         "max_items",  "message",    "messages"};
    if (!spec.is_object()) throw SchemaError(path, "a rule must be a mapping");
    for (auto it = spec.begin(); it != spec.end(); ++it) {
      bool known = false;
      for (const char* key : kKeys) known = known || it.key() == key;
      if (!known) throw SchemaError(join(path, it.key()), "unknown rule");
    }
    auto node = std::make_shared<Node>();
    if (spec.contains("type")) node->type = parseType(text(spec, "type", path), join(path, "type"));
    compileRules(spec, *node, path);
    compileContainers(spec, *node, path);
    if (spec.contains("message")) node->message = text(spec, "message", path);
    if (spec.contains("messages")) {
      const nlohmann::json& messages = spec.at("messages");
      if (!messages.is_object()) throw SchemaError(join(path, "messages"), "must be a mapping");
      static const char* const kRules[] = {"required", "type",    "min_length", "max_length",
                                           "minimum",  "maximum", "pattern",    "enum",
                                           "format",   "unknown", "min_items",  "max_items"};
      for (auto it = messages.begin(); it != messages.end(); ++it) {
        bool known = false;
        for (const char* rule : kRules) known = known || it.key() == rule;
        if (!known) throw SchemaError(join(join(path, "messages"), it.key()), "unknown rule");
        if (!it.value().is_string()) {
          throw SchemaError(join(join(path, "messages"), it.key()), "must be a string");
        }
        node->messages[it.key()] = it.value().get<std::string>();
      }
    }
    return node;
  }

  static std::string messageFor(const Node& node, const std::string& rule, std::string fallback) {
    const auto it = node.messages.find(rule);
    if (it != node.messages.end()) return it->second;
    if (!node.message.empty()) return node.message;
    return fallback;
  }

  static void add(std::vector<FieldError>& errors, const std::string& field, std::string message) {
    if (errors.size() < validation::kMaxErrors) errors.push_back({field, std::move(message)});
  }

  // Query text read as the node's type; text that does not parse stays a string (and then fails
  // the type rule with the usual message).
  static nlohmann::json coerce(const Node& node, const std::string& text) {
    using validation::Type;
    if (node.type == Type::kInteger) {
      int64_t value = 0;
      if (validation::parseInteger(text, value)) return value;
    } else if (node.type == Type::kNumber) {
      double value = 0;
      if (validation::parseNumber(text, value)) return value;
    } else if (node.type == Type::kBoolean) {
      if (text == "true" || text == "1") return true;
      if (text == "false" || text == "0") return false;
    }
    return text;
  }

  static bool typeMatches(validation::Type type, const nlohmann::json& value) {
    using validation::Type;
    switch (type) {
      case Type::kAny: return true;
      case Type::kString: return value.is_string();
      case Type::kInteger:
        if (value.is_number_integer()) return true;
        if (value.is_number_float()) {
          const double d = value.get<double>();
          return d == static_cast<double>(static_cast<int64_t>(d)) && d > -9.2e18 && d < 9.2e18;
        }
        return false;
      case Type::kNumber: return value.is_number();
      case Type::kBoolean: return value.is_boolean();
      case Type::kObject: return value.is_object();
      case Type::kArray: return value.is_array();
    }
    return false;
  }

  static void check(const Node& node, nlohmann::json& value, const std::string& field,
                    std::vector<FieldError>& errors) {
    if (value.is_null() && (node.nullable || node.type == validation::Type::kAny)) return;
    if (!typeMatches(node.type, value)) {
      add(errors, field,
          messageFor(
              node, "type",
              "must be " + validation::typeArticle(node.type) + validation::typeName(node.type)));
      return;
    }
    if (!node.enum_values.empty()) {
      bool found = false;
      for (const nlohmann::json& allowed : node.enum_values) found = found || allowed == value;
      if (!found) {
        std::string list;
        for (const nlohmann::json& allowed : node.enum_values) {
          list += (list.empty() ? "" : ", ") +
                  (allowed.is_string() ? allowed.get<std::string>() : allowed.dump());
        }
        add(errors, field, messageFor(node, "enum", "must be one of: " + list));
        return;
      }
    }
    if (value.is_string()) {
      checkString(node, value.get_ref<const std::string&>(), field, errors);
    } else if (value.is_number()) {
      checkNumber(node, value.get<double>(), field, errors);
    } else if (value.is_object()) {
      checkObject(node, value, field, errors);
    } else if (value.is_array()) {
      checkArray(node, value, field, errors);
    }
  }

  static void checkString(const Node& node, const std::string& text, const std::string& field,
                          std::vector<FieldError>& errors) {
    const int64_t length = validation::codePoints(text);
    if (length < 0) {
      add(errors, field, messageFor(node, "type", "must be valid UTF-8 text"));
      return;
    }
    if (node.min_length >= 0 && length < node.min_length) {
      add(errors, field,
          messageFor(node, "min_length",
                     "must be at least " + std::to_string(node.min_length) + " characters"));
      return;
    }
    if (node.max_length >= 0 && length > node.max_length) {
      add(errors, field,
          messageFor(node, "max_length",
                     "must be at most " + std::to_string(node.max_length) + " characters"));
      return;
    }
    if (node.format != validation::Format::kNone && !formatMatches(node.format, text)) {
      add(errors, field, messageFor(node, "format", formatMessage(node.format)));
      return;
    }
    if (node.pattern) {
      if (text.size() > node.max_pattern_input) {
        add(errors, field,
            messageFor(node, "pattern",
                       "must be at most " + std::to_string(node.max_pattern_input) + " bytes"));
      } else if (!std::regex_match(text, *node.pattern)) {
        add(errors, field, messageFor(node, "pattern", "has an invalid format"));
      }
    }
  }

  static bool formatMatches(validation::Format format, const std::string& text) {
    switch (format) {
      case validation::Format::kEmail: return validation::isEmail(text);
      case validation::Format::kE164: return validation::isE164(text);
      case validation::Format::kDate: return validation::isDate(text);
      case validation::Format::kDateTime: return validation::isDateTime(text);
      case validation::Format::kUuid: return validation::isUuid(text);
      case validation::Format::kNone: break;
    }
    return true;
  }

  static std::string formatMessage(validation::Format format) {
    switch (format) {
      case validation::Format::kEmail: return "must be a valid e-mail address";
      case validation::Format::kE164:
        return "must be a phone number in E.164 format (+ and up to 15 digits)";
      case validation::Format::kDate: return "must be a date (YYYY-MM-DD)";
      case validation::Format::kDateTime: return "must be a date-time (RFC 3339)";
      case validation::Format::kUuid: return "must be a UUID";
      case validation::Format::kNone: break;
    }
    return "has an invalid format";
  }

  static void checkNumber(const Node& node, double value, const std::string& field,
                          std::vector<FieldError>& errors) {
    if (node.has_minimum && value < node.minimum) {
      add(errors, field,
          messageFor(node, "minimum", "must be at least " + validation::numberText(node.minimum)));
    } else if (node.has_maximum && value > node.maximum) {
      add(errors, field,
          messageFor(node, "maximum", "must be at most " + validation::numberText(node.maximum)));
    }
  }

  static void checkObject(const Node& node, nlohmann::json& value, const std::string& field,
                          std::vector<FieldError>& errors) {
    for (const auto& [key, child] : node.properties) {
      const auto it = value.find(key);
      if (it == value.end()) {
        if (child->required)
          add(errors, join(field, key), messageFor(*child, "required", "is required"));
        continue;
      }
      check(*child, *it, join(field, key), errors);
    }
    if (node.unknown == validation::Unknown::kAllow) return;
    std::vector<std::string> unknown;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (node.property(it.key()) == nullptr) unknown.push_back(it.key());
    }
    for (const std::string& key : unknown) {
      if (node.unknown == validation::Unknown::kStrip) {
        value.erase(key);
      } else {
        add(errors, join(field, key), messageFor(node, "unknown", "is not allowed"));
      }
    }
  }

  static void checkArray(const Node& node, nlohmann::json& value, const std::string& field,
                         std::vector<FieldError>& errors) {
    const auto size = static_cast<int64_t>(value.size());
    if (node.min_items >= 0 && size < node.min_items) {
      add(errors, field,
          messageFor(node, "min_items",
                     "must have at least " + std::to_string(node.min_items) + " items"));
      return;
    }
    if (node.max_items >= 0 && size > node.max_items) {
      add(errors, field,
          messageFor(node, "max_items",
                     "must have at most " + std::to_string(node.max_items) + " items"));
      return;
    }
    if (!node.items) return;
    for (size_t i = 0; i < value.size() && errors.size() < validation::kMaxErrors; ++i) {
      check(*node.items, value[i], join(field, std::to_string(i)), errors);
    }
  }

  std::shared_ptr<const Node> root_;
};

}  // namespace atrium::sdk
