#include "host/db/database_url.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

namespace atrium::host::db {
namespace {

constexpr std::string_view kSqliteForms =
    "expected sqlite:///absolute/path.db, sqlite://relative/path.db or sqlite::memory:";
constexpr int kDefaultConnectTimeoutSeconds = 10;

[[noreturn]] void invalid(const std::string& what) {
  throw std::invalid_argument("database URL: " + what);
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `text`; `part` names it in the error (never the text: it may be a password).
std::string percentDecode(std::string_view text, std::string_view part) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int hi = i + 2 < text.size() ? hexValue(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? hexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) invalid("bad percent-encoding in the " + std::string(part));
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  if (out.find('\0') != std::string::npos) invalid("NUL byte in the " + std::string(part));
  return out;
}

bool allDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// A libpq keyword/value: always single-quoted, backslash and quote escaped.
std::string pqValue(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// ---- SQLite ----------------------------------------------------------------------------------

DatabaseUrl parseSqlite(std::string_view rest, const std::filesystem::path& base_dir) {
  DatabaseUrl url;
  url.backend = Backend::kSqlite;
  if (rest == ":memory:") {
    url.sqlite_memory = true;
    url.connection_string = "db=:memory:";
    url.display = "sqlite::memory:";
    return url;
  }
  if (!rest.starts_with("//")) invalid(std::string(kSqliteForms));
  rest.remove_prefix(2);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    invalid("SQLite URLs take no query or fragment; " + std::string(kSqliteForms));
  }
  const std::string path_text = percentDecode(rest, "SQLite path");
  if (path_text.empty() || path_text == "/")
    invalid("missing SQLite file; " + std::string(kSqliteForms));
  if (path_text.back() == '/') invalid("SQLite path '" + path_text + "' names a directory");
  if (path_text.find('"') != std::string::npos) {
    invalid("SQLite path '" + path_text + "' contains a double quote");
  }
  std::filesystem::path path(path_text);
  if (path.is_relative()) path = std::filesystem::absolute(base_dir) / path;
  path = path.lexically_normal();
  url.sqlite_file = path;
  const std::string file = path.string();
  // SOCI's SQLite backend splits its connection string at spaces unless the value is quoted.
  url.connection_string =
      file.find(' ') == std::string::npos ? "db=" + file : "db=\"" + file + "\"";
  url.display = "sqlite://" + file;
  return url;
}

// ---- PostgreSQL ------------------------------------------------------------------------------

constexpr std::array<std::string_view, 9> kPgQueryKeys = {
    "host",        "port",    "sslmode", "connect_timeout",     "application_name",
    "sslrootcert", "sslcert", "sslkey",  "target_session_attrs"};
constexpr std::array<std::string_view, 6> kSslModes = {"disable", "allow",     "prefer",
                                                       "require", "verify-ca", "verify-full"};

void checkPort(const std::string& port) {
  if (!allDigits(port) || port.size() > 5 || std::stoi(port) < 1 || std::stoi(port) > 65535) {
    invalid("invalid port '" + port + "' (1-65535)");
  }
}

std::map<std::string, std::string> parseQuery(std::string_view query) {
  std::map<std::string, std::string> params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    const std::string key = percentDecode(item.substr(0, eq), "query parameter name");
    if (std::find(kPgQueryKeys.begin(), kPgQueryKeys.end(), key) == kPgQueryKeys.end()) {
      invalid("unsupported query parameter '" + key + "'");
    }
    if (eq == std::string_view::npos) invalid("query parameter '" + key + "' has no value");
    params[key] = percentDecode(item.substr(eq + 1), "query parameter '" + key + "'");
  }
  return params;
}

struct Authority {
  std::string user;
  std::optional<std::string> password;
  std::string host;
  std::string port;
};

Authority parseAuthority(std::string_view authority) {
  Authority a;
  // The last '@' ends the user info, so an unencoded '@' in a password still works.
  const size_t at = authority.rfind('@');
  std::string_view host_port = authority;
  if (at != std::string_view::npos) {
    const std::string_view info = authority.substr(0, at);
    host_port = authority.substr(at + 1);
    const size_t colon = info.find(':');
    a.user = percentDecode(info.substr(0, colon), "user name");
    if (colon != std::string_view::npos) {
      a.password = percentDecode(info.substr(colon + 1), "password");
    }
    if (a.user.empty()) invalid("empty user name before '@'");
  }
  if (host_port.starts_with("[")) {
    const size_t close = host_port.find(']');
    if (close == std::string_view::npos) invalid("unterminated '[' in the host");
    a.host = std::string(host_port.substr(1, close - 1));
    host_port.remove_prefix(close + 1);
    if (!host_port.empty() && !host_port.starts_with(":")) invalid("unexpected text after ']'");
    if (!host_port.empty()) a.port = std::string(host_port.substr(1));
  } else {
    const size_t colon = host_port.rfind(':');
    a.host = percentDecode(host_port.substr(0, colon), "host");
    if (colon != std::string_view::npos) a.port = std::string(host_port.substr(colon + 1));
    if (colon != std::string_view::npos && a.port.empty()) invalid("empty port after ':'");
  }
  // Without user info, "postgresql://app:secret/db" would put the password where the port goes:
  // a port that is not a number is then reported without echoing it.
  if (!a.port.empty() && at == std::string_view::npos && !allDigits(a.port)) {
    invalid(
        "invalid port after the host (1-65535); a password goes before an '@': "
        "postgresql://user:password@host/db");
  }
  if (!a.port.empty()) checkPort(a.port);
  return a;
}

DatabaseUrl parsePostgresql(std::string_view rest) {
  if (!rest.starts_with("//")) invalid("expected postgresql://user:password@host:port/database");
  rest.remove_prefix(2);
  // The user info ends at the last '@', so a password may hold unencoded '@', '/', '?' or '#';
  // an '@' in a query value must then be written %40.
  const size_t at = rest.rfind('@');
  const size_t after_info = at == std::string_view::npos ? 0 : at + 1;
  if (rest.find('#', after_info) != std::string_view::npos) {
    invalid("PostgreSQL URLs take no fragment");
  }
  const size_t question = rest.find('?', after_info);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view{} : rest.substr(question + 1);
  const std::string_view before_query = rest.substr(0, question);
  const size_t slash = before_query.find('/', after_info);
  const Authority a = parseAuthority(before_query.substr(0, slash));
  const std::string dbname = slash == std::string_view::npos
                                 ? std::string()
                                 : percentDecode(before_query.substr(slash + 1), "database name");
  if (dbname.empty()) invalid("missing database name (postgresql://host/DATABASE)");
  if (dbname.find('/') != std::string::npos) invalid("database name '" + dbname + "' contains '/'");

  std::map<std::string, std::string> params = parseQuery(query);
  std::string host = a.host;
  if (params.contains("host")) {
    if (!host.empty()) invalid("host given both before the path and as ?host=");
    host = params.at("host");
  }
  std::string port = a.port;
  if (params.contains("port")) {
    if (!port.empty()) invalid("port given both after the host and as ?port=");
    port = params.at("port");
    checkPort(port);
  }
  if (host.empty()) invalid("missing host (postgresql://HOST/db or ?host=/socket/dir)");
  if (params.contains("sslmode") &&
      std::find(kSslModes.begin(), kSslModes.end(), params.at("sslmode")) == kSslModes.end()) {
    invalid("invalid sslmode '" + params.at("sslmode") +
            "' (disable, allow, prefer, require, verify-ca, verify-full)");
  }
  if (params.contains("connect_timeout") && !allDigits(params.at("connect_timeout"))) {
    invalid("invalid connect_timeout '" + params.at("connect_timeout") + "' (whole seconds)");
  }
  if (!params.contains("connect_timeout")) {
    params["connect_timeout"] = std::to_string(kDefaultConnectTimeoutSeconds);
  }

  DatabaseUrl url;
  url.backend = Backend::kPostgresql;
  std::string cs = "host=" + pqValue(host);
  if (!port.empty()) cs += " port=" + port;
  cs += " dbname=" + pqValue(dbname);
  if (!a.user.empty()) cs += " user=" + pqValue(a.user);
  if (a.password) cs += " password=" + pqValue(*a.password);
  for (const auto& [key, value] : params) {
    if (key != "host" && key != "port") cs += " " + key + "=" + pqValue(value);
  }
  url.connection_string = cs;

  // The display form: decoded parts, the password replaced.
  std::string display = "postgresql://";
  if (!a.user.empty()) display += a.user + (a.password ? ":***@" : "@");
  const bool socket = host.starts_with("/");
  if (!socket) display += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!socket && !port.empty()) display += ":" + port;
  display += "/" + dbname;
  std::vector<std::string> shown;
  if (socket) shown.push_back("host=" + host);
  if (socket && !port.empty()) shown.push_back("port=" + port);
  for (const auto& [key, value] : params) {
    if (key != "host" && key != "port" && key != "connect_timeout") {
      shown.push_back(key + "=" + value);
    }
  }
  for (size_t i = 0; i < shown.size(); ++i) display += (i == 0 ? "?" : "&") + shown[i];
  url.display = display;
  return url;
}

}  // namespace

std::string_view backendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgresql";
}

DatabaseUrl parseDatabaseUrl(std::string_view url, const std::filesystem::path& base_dir) {
  if (url.empty()) invalid("empty");
  const size_t colon = url.find(':');
  const std::string_view scheme = url.substr(0, colon);
  const bool scheme_ok = colon != std::string_view::npos && !scheme.empty() &&
                         std::all_of(scheme.begin(), scheme.end(), [](unsigned char c) {
                           return std::isalnum(c) || c == '+' || c == '-' || c == '.';
                         });
  if (!scheme_ok) invalid("missing scheme (sqlite: or postgresql:)");
  const std::string_view rest = url.substr(colon + 1);
  if (scheme == "sqlite") return parseSqlite(rest, base_dir);
  if (scheme == "postgresql" || scheme == "postgres") return parsePostgresql(rest);
  invalid("unsupported scheme '" + std::string(scheme) + "' (sqlite or postgresql)");
}

}  // namespace atrium::host::db
