// Identifiers and secrets: e-mail and phone normalisation, identifier classification, the
// password policy, constant-time comparison. Pure functions (unit-tested).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::plugins::accounts {

inline constexpr size_t kMaxEmailLength = 254;  // RFC 5321 path limit

// Trimmed and lower-cased when it is local@domain.tld as the host's mail service accepts it (a
// dot-atom local part of at most 64 bytes, DNS labels, at most 254 bytes); nullopt otherwise.
std::optional<std::string> normalizeEmail(std::string_view text);

// E.164 with the leading "+" (a "+" is added when the text is only digits): "+" then 2 to 15
// digits, the first not 0. Spaces, dashes and parentheses are not accepted. nullopt otherwise.
std::optional<std::string> normalizePhone(std::string_view text);

enum class IdentifierKind { kEmail, kPhone };
struct Identifier {
  IdentifierKind kind;
  std::string value;  // normalised
};
// "identifier" login: an e-mail when it holds '@', a phone otherwise; nullopt when malformed.
std::optional<Identifier> parseIdentifier(std::string_view text);

// True when the password satisfies the policy (length in bytes >= min_length). The host bounds
// the maximum (auth.passwords.max_length).
bool passwordAcceptable(std::string_view password, size_t min_length);

// Equality whose time depends only on the lengths.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace atrium::plugins::accounts
