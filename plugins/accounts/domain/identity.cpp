#include "plugins/accounts/domain/identity.hpp"

#include <cctype>

namespace atrium::plugins::accounts {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool hasControlOrSpace(std::string_view text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

// RFC 5322 atext and '.': what the host's mail service accepts in a local part.
bool localPartChar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("!#$%&'*+/=?^_`{|}~-.").find(c) != std::string_view::npos;
}

// A DNS label: 1..63 letters, digits and '-', not starting or ending with '-'.
bool domainLabel(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  for (char c : label) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> normalizeEmail(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > kMaxEmailLength || hasControlOrSpace(text)) return std::nullopt;
  const size_t at = text.rfind('@');
  if (at == 0 || at == std::string_view::npos || at > 64) return std::nullopt;
  const std::string_view local = text.substr(0, at);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  for (char c : local) {
    if (!localPartChar(c)) return std::nullopt;
  }
  std::string_view domain = text.substr(at + 1);
  size_t labels = 0;
  while (true) {
    const size_t dot = domain.find('.');
    if (!domainLabel(domain.substr(0, dot))) return std::nullopt;
    ++labels;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  if (labels < 2) return std::nullopt;
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> normalizePhone(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.size() < 2 || text.size() > 15 || text.front() == '0') return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return "+" + std::string(text);
}

std::optional<Identifier> parseIdentifier(std::string_view text) {
  if (text.find('@') != std::string_view::npos) {
    auto email = normalizeEmail(text);
    if (!email) return std::nullopt;
    return Identifier{IdentifierKind::kEmail, std::move(*email)};
  }
  auto phone = normalizePhone(text);
  if (!phone) return std::nullopt;
  return Identifier{IdentifierKind::kPhone, std::move(*phone)};
}

bool passwordAcceptable(std::string_view password, size_t min_length) {
  return password.size() >= min_length;
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace atrium::plugins::accounts
