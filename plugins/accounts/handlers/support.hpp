// What every accounts handler shares: the parsed settings, request body access with input
// limits, failures rendered in the product's texts, answers in the product's shape.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <atrium/sdk.hpp>

#include "plugins/accounts/domain/failure.hpp"
#include "plugins/accounts/domain/settings.hpp"
#include "plugins/accounts/domain/user.hpp"

namespace atrium::plugins::accounts {

using sdk::Context;
using sdk::Request;
using sdk::Response;

// Filled by the start hook; read-only afterwards (handlers run concurrently).
struct State {
  Settings settings;
  // An argon2id hash of a random password: login verifies against it when the account does not
  // exist, so that an unknown account costs the same time as a wrong password.
  std::string dummy_hash;
};

inline constexpr size_t kMaxFieldLength = 1024;  // bytes of a text member (names, e-mail, codes)

int64_t nowSeconds();

// 32 hex characters from the host's CSPRNG (user ids, refresh token families).
std::string newId(const Context& ctx);

// The body as a JSON object; 400 otherwise.
nlohmann::json bodyObject(const Settings& settings, const Request& req);
// A string member: nullopt when absent or null; 400 when another type, empty when
// `allow_empty` is false, or longer than `max_length` bytes.
std::optional<std::string> optionalText(const Settings& settings, const nlohmann::json& body,
                                        const std::string& member,
                                        size_t max_length = kMaxFieldLength);
std::string requiredText(const Settings& settings, const nlohmann::json& body,
                         const std::string& member, size_t max_length = kMaxFieldLength);

// The HttpError for a failure: its status, failureKey as the code, the product's text.
sdk::HttpError httpError(const Settings& settings, Failure failure, const std::string& detail = {});
[[noreturn]] void fail(const Settings& settings, Failure failure, const std::string& detail = {});

// The handler's answer: its template rendered with `values`, with its success status.
Response answer(const Settings& settings, const std::string& handler, const nlohmann::json& values);

// The user object of answers.
nlohmann::json publicUser(const Settings& settings, const User& user);

// The uniqueness scope of accounts with `role`.
std::string scopeOf(const Settings& settings, const std::string& role);

// 403 banned (with the reason) when the ban is active.
void refuseBanned(const Settings& settings, const User& user, int64_t now);

// The principal's account; 401 when the token's account no longer exists, 403 when banned.
User currentUser(const Context& ctx, const Request& req, const State& state);

}  // namespace atrium::plugins::accounts
