#pragma once

// Shared by the accounts integration suites: the real atrium binary serving the accounts plugin
// (build/plugins/accounts.so) with a product's test YAML (tests/integration/accounts_*.yaml), the
// codes it mailed or texted read back from the file transport (var/outbox/*.jsonl).

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"
#include "tests/support/test_server.hpp"

namespace atrium::testing::accounts {

using Json = nlohmann::json;

inline constexpr const char* kJwtSecret = "accounts-integration-secret-0123456789-abcdef";

// Starts the server with tests/integration/<yaml_file> on `database_url`.
inline std::unique_ptr<TestServer> startAccounts(const std::string& yaml_file,
                                                 const std::string& database_url,
                                                 std::map<std::string, std::string> env = {}) {
  TestServerOptions options;
  options.env = std::move(env);
  options.env["ACCOUNTS_TEST_JWT_SECRET"] = kJwtSecret;
  options.env["ATRIUM_DATABASE_URL"] = database_url;
  const std::string yaml = readFile(sourceDir() / "tests" / "integration" / yaml_file);
  return std::make_unique<TestServer>(yaml, options);
}

inline Headers bearer(const std::string& token) {
  return Headers{{"Authorization", "Bearer " + token}};
}

// The newest message of `channel` ("mail" or "sms") sent to `to`, waiting up to 5 s for the
// sender worker; nullopt when none came.
inline std::optional<Json> lastMessage(const TestServer& server, const std::string& channel,
                                       const std::string& to, size_t at_least = 1) {
  const auto path = server.dir() / "var" / "outbox" / (channel + ".jsonl");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    std::optional<Json> found;
    size_t count = 0;
    if (std::filesystem::exists(path)) {
      std::istringstream lines(readFile(path));
      for (std::string line; std::getline(lines, line);) {
        Json message = Json::parse(line, nullptr, false);
        if (message.is_object() && message.value("to", "") == to) {
          found = message;
          ++count;
        }
      }
    }
    if (found && count >= at_least) return found;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

// How many messages of `channel` went to `to` so far (no waiting).
inline size_t messageCount(const TestServer& server, const std::string& channel,
                           const std::string& to) {
  const auto path = server.dir() / "var" / "outbox" / (channel + ".jsonl");
  if (!std::filesystem::exists(path)) return 0;
  size_t count = 0;
  std::istringstream lines(readFile(path));
  for (std::string line; std::getline(lines, line);) {
    const Json message = Json::parse(line, nullptr, false);
    if (message.is_object() && message.value("to", "") == to) ++count;
  }
  return count;
}

// The 6-digit code in the newest message to `to` (the `at_least`-th or later).
inline std::string codeSentTo(const TestServer& server, const std::string& channel,
                              const std::string& to, size_t at_least = 1) {
  const auto message = lastMessage(server, channel, to, at_least);
  if (!message) return "";
  const std::string text = (*message).value(channel == "sms" ? "body" : "text", "");
  std::smatch match;
  if (!std::regex_search(text, match, std::regex("\\b([0-9]{6})\\b"))) return "";
  return match[1];
}

// The database URL of a BothBackendsTest: a SQLite file in the fixture's temp dir (shared by
// every server the test starts), or the test's PostgreSQL database.
inline std::string serverDatabaseUrl(host::db::Backend backend, const std::string& pg_url,
                                     const std::filesystem::path& dir) {
  return backend == host::db::Backend::kSqlite ? "sqlite://" + (dir / "accounts.db").string()
                                               : pg_url;
}

}  // namespace atrium::testing::accounts
