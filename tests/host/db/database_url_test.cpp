#include "host/db/database_url.hpp"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace atrium::host::db {
namespace {

const std::filesystem::path kBase = "/srv/app";

DatabaseUrl parse(const std::string& text) { return parseDatabaseUrl(text, kBase); }

// Expects `text` to be refused with a message containing `fragment` and never `secret`.
void expectInvalid(const std::string& text, const std::string& fragment,
                   const std::string& secret = "") {
  try {
    parse(text);
    ADD_FAILURE() << "accepted '" << text << "'";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(fragment), std::string::npos) << "message: " << message;
    EXPECT_EQ(message.rfind("database URL: ", 0), 0u) << "message: " << message;
    if (!secret.empty()) {
      EXPECT_EQ(message.find(secret), std::string::npos) << "password leaked: " << message;
    }
  }
}

TEST(DatabaseUrlTest, SqliteAbsolutePath) {
  const DatabaseUrl url = parse("sqlite:///var/lib/atrium/app.db");
  EXPECT_EQ(url.backend, Backend::kSqlite);
  EXPECT_EQ(url.sqlite_file, "/var/lib/atrium/app.db");
  EXPECT_FALSE(url.sqlite_memory);
  EXPECT_EQ(url.connection_string, "db=/var/lib/atrium/app.db");
  EXPECT_EQ(url.display, "sqlite:///var/lib/atrium/app.db");
}

TEST(DatabaseUrlTest, SqliteRelativePathResolvesAgainstBaseDir) {
  const DatabaseUrl url = parse("sqlite://data/app.db");
  EXPECT_EQ(url.sqlite_file, "/srv/app/data/app.db");
  EXPECT_EQ(url.connection_string, "db=/srv/app/data/app.db");
  EXPECT_EQ(url.display, "sqlite:///srv/app/data/app.db");
  EXPECT_EQ(parse("sqlite://../shared/x.db").sqlite_file, "/srv/shared/x.db");
}

TEST(DatabaseUrlTest, SqlitePathWithSpaceIsQuotedAndPercentDecoded) {
  const DatabaseUrl url = parse("sqlite:///tmp/my%20data/app.db");
  EXPECT_EQ(url.sqlite_file, "/tmp/my data/app.db");
  EXPECT_EQ(url.connection_string, "db=\"/tmp/my data/app.db\"");
}

TEST(DatabaseUrlTest, SqliteMemory) {
  const DatabaseUrl url = parse("sqlite::memory:");
  EXPECT_EQ(url.backend, Backend::kSqlite);
  EXPECT_TRUE(url.sqlite_memory);
  EXPECT_TRUE(url.sqlite_file.empty());
  EXPECT_EQ(url.connection_string, "db=:memory:");
  EXPECT_EQ(url.display, "sqlite::memory:");
}

TEST(DatabaseUrlTest, BadSqliteUrls) {
  expectInvalid("sqlite:app.db", "expected sqlite:///absolute/path.db");
  expectInvalid("sqlite:/app.db", "expected sqlite:///absolute/path.db");
  expectInvalid("sqlite://", "missing SQLite file");
  expectInvalid("sqlite:///", "missing SQLite file");
  expectInvalid("sqlite:///var/lib/", "names a directory");
  expectInvalid("sqlite:///x.db?mode=ro", "take no query");
  expectInvalid("sqlite:///x%2.db", "bad percent-encoding in the SQLite path");
  expectInvalid("sqlite:///x\".db", "double quote");
}

TEST(DatabaseUrlTest, PostgresqlFull) {
  const DatabaseUrl url = parse("postgresql://app:secret@db.internal:6432/atrium?sslmode=require");
  EXPECT_EQ(url.backend, Backend::kPostgresql);
  EXPECT_EQ(url.connection_string,
            "host='db.internal' port=6432 dbname='atrium' user='app' password='secret' "
            "connect_timeout='10' sslmode='require'");
  EXPECT_EQ(url.display, "postgresql://app:***@db.internal:6432/atrium?sslmode=require");
}

TEST(DatabaseUrlTest, PostgresSchemeAliasAndDefaults) {
  const DatabaseUrl url = parse("postgres://localhost/app");
  EXPECT_EQ(url.backend, Backend::kPostgresql);
  EXPECT_EQ(url.connection_string, "host='localhost' dbname='app' connect_timeout='10'");
  EXPECT_EQ(url.display, "postgresql://localhost/app");
}

TEST(DatabaseUrlTest, UserWithoutPassword) {
  const DatabaseUrl url = parse("postgresql://postgres@127.0.0.1:5432/postgres");
  EXPECT_EQ(url.connection_string,
            "host='127.0.0.1' port=5432 dbname='postgres' user='postgres' connect_timeout='10'");
  EXPECT_EQ(url.display, "postgresql://postgres@127.0.0.1:5432/postgres");
}

TEST(DatabaseUrlTest, PasswordWithSpecialCharacters) {
  // Percent-encoded: @ : / ? # % ' \ and a space.
  const DatabaseUrl url =
      parse("postgresql://us%40er:p%40ss%3Aw%2Fo%3Fr%23d%25%27%5C%20x@h:5432/db");
  EXPECT_EQ(url.connection_string,
            "host='h' port=5432 dbname='db' user='us@er' password='p@ss:w/o?r#d%\\'\\\\ x' "
            "connect_timeout='10'");
  EXPECT_EQ(url.display, "postgresql://us@er:***@h:5432/db");
}

TEST(DatabaseUrlTest, UnencodedAtSlashAndQuestionMarkInPassword) {
  const DatabaseUrl url = parse("postgresql://app:a@b/c?d#e@host:5432/db?sslmode=disable");
  EXPECT_EQ(url.connection_string,
            "host='host' port=5432 dbname='db' user='app' password='a@b/c?d#e' "
            "connect_timeout='10' sslmode='disable'");
  EXPECT_EQ(url.display, "postgresql://app:***@host:5432/db?sslmode=disable");
}

TEST(DatabaseUrlTest, EmptyPasswordIsKept) {
  const DatabaseUrl url = parse("postgresql://app:@h/db");
  EXPECT_NE(url.connection_string.find("password=''"), std::string::npos);
  EXPECT_EQ(url.display, "postgresql://app:***@h/db");
}

TEST(DatabaseUrlTest, UnixSocketViaQueryHost) {
  const DatabaseUrl url = parse("postgresql://app:pw@/atrium?host=/run/postgresql&port=5433");
  EXPECT_EQ(url.connection_string,
            "host='/run/postgresql' port=5433 dbname='atrium' user='app' password='pw' "
            "connect_timeout='10'");
  EXPECT_EQ(url.display, "postgresql://app:***@/atrium?host=/run/postgresql&port=5433");
}

TEST(DatabaseUrlTest, UnixSocketViaPercentEncodedHost) {
  const DatabaseUrl url = parse("postgresql://%2Fvar%2Frun%2Fpostgresql:5432/atrium");
  EXPECT_EQ(url.connection_string,
            "host='/var/run/postgresql' port=5432 dbname='atrium' connect_timeout='10'");
  EXPECT_EQ(url.display, "postgresql:///atrium?host=/var/run/postgresql&port=5432");
}

TEST(DatabaseUrlTest, Ipv6Host) {
  const DatabaseUrl url = parse("postgresql://[::1]:5432/db");
  EXPECT_EQ(url.connection_string, "host='::1' port=5432 dbname='db' connect_timeout='10'");
  EXPECT_EQ(url.display, "postgresql://[::1]:5432/db");
}

TEST(DatabaseUrlTest, QueryParameters) {
  const DatabaseUrl url = parse(
      "postgresql://h/db?connect_timeout=3&application_name=atrium%20api&sslmode=verify-full");
  EXPECT_EQ(url.connection_string,
            "host='h' dbname='db' application_name='atrium api' connect_timeout='3' "
            "sslmode='verify-full'");
  EXPECT_EQ(url.display, "postgresql://h/db?application_name=atrium api&sslmode=verify-full");
}

TEST(DatabaseUrlTest, BadSchemes) {
  expectInvalid("", "empty");
  expectInvalid("/var/lib/app.db", "missing scheme");
  expectInvalid("mysql://u:p@h/db", "unsupported scheme 'mysql'", "p@h");
  expectInvalid("postgresql:/h/db", "expected postgresql://");
  expectInvalid("sqlite3:///x.db", "unsupported scheme 'sqlite3'");
}

TEST(DatabaseUrlTest, BadPorts) {
  expectInvalid("postgresql://u:hunter2@h:abc/db", "invalid port 'abc'", "hunter2");
  expectInvalid("postgresql://u:hunter2@h:0/db", "invalid port '0'", "hunter2");
  expectInvalid("postgresql://u:hunter2@h:65536/db", "invalid port '65536'", "hunter2");
  expectInvalid("postgresql://u:hunter2@h:/db", "empty port", "hunter2");
  expectInvalid("postgresql://h/db?port=x", "invalid port 'x'");
  expectInvalid("postgresql://h:5432/db?port=5433", "port given both");
  // No user info: what sits in the port's place may be a password missing its '@host'.
  expectInvalid("postgresql://app:hunter2/db", "a password goes before an '@'", "hunter2");
}

TEST(DatabaseUrlTest, MissingParts) {
  expectInvalid("postgresql://u:hunter2@h:5432", "missing database name", "hunter2");
  expectInvalid("postgresql://u:hunter2@h:5432/", "missing database name", "hunter2");
  expectInvalid("postgresql://u:hunter2@:5432/db", "missing host", "hunter2");
  expectInvalid("postgresql://:hunter2@h/db", "empty user name", "hunter2");
  expectInvalid("postgresql://h/a/b", "contains '/'");
}

TEST(DatabaseUrlTest, BadQueryParameters) {
  expectInvalid("postgresql://u:hunter2@h/db?password=x", "unsupported query parameter 'password'",
                "hunter2");
  expectInvalid("postgresql://h/db?sslmode=maybe", "invalid sslmode 'maybe'");
  expectInvalid("postgresql://h/db?sslmode", "has no value");
  expectInvalid("postgresql://h/db?connect_timeout=1.5", "invalid connect_timeout");
  expectInvalid("postgresql://h/db?host=/tmp", "host given both");
  expectInvalid("postgresql://u:hunter2@h/db#frag", "no fragment", "hunter2");
}

TEST(DatabaseUrlTest, BadPercentEncodingNeverEchoesThePassword) {
  expectInvalid("postgresql://u:hun%zzter2@h/db", "bad percent-encoding in the password", "hun");
  expectInvalid("postgresql://u:hunter2%00@h/db", "NUL byte in the password", "hunter2");
  expectInvalid("postgresql://u%4:hunter2@h/db", "bad percent-encoding in the user name",
                "hunter2");
}

TEST(DatabaseUrlTest, DisplayNeverContainsThePassword) {
  for (const std::string text :
       {"postgresql://app:s3cr3t!@h/db", "postgres://app:s3cr3t!@h:1/db?sslmode=require",
        "postgresql://app:s3cr3t!@/db?host=/run/pg"}) {
    const DatabaseUrl url = parse(text);
    EXPECT_EQ(url.display.find("s3cr3t"), std::string::npos) << url.display;
    EXPECT_NE(url.display.find(":***@"), std::string::npos) << url.display;
    EXPECT_NE(url.connection_string.find("password='s3cr3t!'"), std::string::npos);
  }
}

TEST(DatabaseUrlTest, BackendNames) {
  EXPECT_EQ(backendName(Backend::kSqlite), "sqlite");
  EXPECT_EQ(backendName(Backend::kPostgresql), "postgresql");
}

}  // namespace
}  // namespace atrium::host::db
