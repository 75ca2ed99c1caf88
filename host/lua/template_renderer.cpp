#include "host/lua/template_renderer.hpp"

#include <cmath>
#include <cstdint>

#include "host/lua/lua_value.hpp"

namespace atrium::host::lua {
namespace {

bool nameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool validName(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  char previous = '.';
  for (const char c : name) {
    if (c == '.' && previous == '.') return false;
    if (c != '.' && !nameCharacter(c)) return false;
    previous = c;
  }
  return true;
}

// The value at a dotted path; nullptr when a step is missing. Digits index arrays (1-based,
// as in Lua).
const nlohmann::json* lookup(const nlohmann::json& vars, std::string_view name) {
  const nlohmann::json* at = &vars;
  while (!name.empty()) {
    const size_t dot = name.find('.');
    const std::string_view step = name.substr(0, dot);
    name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
    if (at->is_object()) {
      const auto it = at->find(std::string(step));
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array() && step.find_first_not_of("0123456789") == std::string_view::npos) {
      const size_t index = std::stoul(std::string(step));
      if (index < 1 || index > at->size()) return nullptr;
      at = &(*at)[index - 1];
    } else {
      return nullptr;
    }
  }
  return at;
}

std::string plainText(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : validUtf8(value)) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7F) continue;
    out += c;
  }
  return out;
}

std::string escaped(std::string_view value, TemplateEscape escape) {
  if (escape == TemplateEscape::kJson) {
    const std::string quoted = nlohmann::json(validUtf8(value))
                                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return quoted.substr(1, quoted.size() - 2);
  }
  std::string text = plainText(value);
  if (escape == TemplateEscape::kText) return text;
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// The text of a scalar value, or an error.
bool scalarText(const nlohmann::json& value, std::string& out) {
  if (value.is_string()) {
    out = value.get<std::string>();
  } else if (value.is_boolean()) {
    out = value.get<bool>() ? "true" : "false";
  } else if (value.is_number_integer() || value.is_number_unsigned()) {
    out = value.dump();
  } else if (value.is_number_float()) {
    const double number = value.get<double>();
    out = std::trunc(number) == number && std::fabs(number) < 1e15
              ? std::to_string(static_cast<int64_t>(number))
              : value.dump();
  } else {
    return false;
  }
  return true;
}

}  // namespace

RenderResult renderTemplate(std::string_view text, const nlohmann::json& vars,
                            TemplateEscape escape) {
  RenderResult result;
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find("{{", at);
    if (open == std::string_view::npos) break;
    result.text.append(text.substr(at, open - at));
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return {{}, "unclosed '{{' at offset " + std::to_string(open)};
    }
    const std::string_view name = trim(text.substr(open + 2, close - open - 2));
    if (!validName(name)) {
      return {
          {},
          "invalid placeholder '{{" + std::string(name) + "}}' at offset " + std::to_string(open)};
    }
    const nlohmann::json* value = lookup(vars, name);
    if (value == nullptr || value->is_null()) {
      return {{}, "template variable '" + std::string(name) + "' is missing"};
    }
    std::string piece;
    if (!scalarText(*value, piece)) {
      return {{},
              "template variable '" + std::string(name) + "' is a " + value->type_name() +
                  ", not text"};
    }
    result.text += escaped(piece, escape);
    at = close + 2;
  }
  result.text.append(text.substr(std::min(at, text.size())));
  return result;
}

}  // namespace atrium::host::lua
