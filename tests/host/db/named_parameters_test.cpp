#include "host/db/named_parameters.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "host/db/query_error.hpp"

namespace atrium::host::db {
namespace {

using Names = std::vector<std::string>;

ParsedSql pg(std::string_view sql) { return parseNamedParameters(sql, Backend::kPostgresql); }
ParsedSql lite(std::string_view sql) { return parseNamedParameters(sql, Backend::kSqlite); }

void expectInvalid(std::string_view sql, Backend backend, const std::string& fragment) {
  try {
    parseNamedParameters(sql, backend);
    ADD_FAILURE() << "accepted: " << sql;
  } catch (const QueryError& e) {
    EXPECT_EQ(e.kind(), QueryErrorKind::kInvalidQuery);
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(NamedParametersTest, RewritesToPositionalPlaceholders) {
  const ParsedSql p = pg("SELECT * FROM users WHERE email = :email AND org_id = :org_id");
  EXPECT_EQ(p.sql, "SELECT * FROM users WHERE email = $1 AND org_id = $2");
  EXPECT_EQ(p.names, (Names{"email", "org_id"}));
  const ParsedSql s = lite("SELECT * FROM users WHERE email = :email AND org_id = :org_id");
  EXPECT_EQ(s.sql, "SELECT * FROM users WHERE email = ?1 AND org_id = ?2");
  EXPECT_EQ(s.names, p.names);
}

TEST(NamedParametersTest, SameNameTwiceIsOnePlaceholder) {
  const ParsedSql p = pg("SELECT :a, :b_2, :a, :_x9");
  EXPECT_EQ(p.sql, "SELECT $1, $2, $1, $3");
  EXPECT_EQ(p.names, (Names{"a", "b_2", "_x9"}));
  EXPECT_EQ(lite("SELECT :a, :b_2, :a").sql, "SELECT ?1, ?2, ?1");
}

TEST(NamedParametersTest, NoParameters) {
  const ParsedSql p = pg("SELECT 1");
  EXPECT_EQ(p.sql, "SELECT 1");
  EXPECT_TRUE(p.names.empty());
  EXPECT_EQ(pg("").sql, "");
}

TEST(NamedParametersTest, StringLiteralsAreSkipped) {
  const ParsedSql p = pg("SELECT ':no', 'it''s :no', :yes, ''");
  EXPECT_EQ(p.sql, "SELECT ':no', 'it''s :no', $1, ''");
  EXPECT_EQ(p.names, (Names{"yes"}));
  EXPECT_EQ(lite("SELECT 'a:b''c:d' || :x").sql, "SELECT 'a:b''c:d' || ?1");
}

TEST(NamedParametersTest, QuotedIdentifiersAreSkipped) {
  const ParsedSql p = pg(R"(SELECT "col:name", "a""b:c" FROM t WHERE x = :x)");
  EXPECT_EQ(p.sql, R"(SELECT "col:name", "a""b:c" FROM t WHERE x = $1)");
  EXPECT_EQ(p.names, (Names{"x"}));
}

TEST(NamedParametersTest, CommentsAreSkipped) {
  const ParsedSql p = pg("SELECT :a -- not :b\n, /* nor :c */ :d");
  EXPECT_EQ(p.sql, "SELECT $1 -- not :b\n, /* nor :c */ $2");
  EXPECT_EQ(p.names, (Names{"a", "d"}));
  EXPECT_EQ(pg("SELECT 1 -- :tail").names, Names{});
  EXPECT_EQ(lite("SELECT :a /* :b */").sql, "SELECT ?1 /* :b */");
}

TEST(NamedParametersTest, PostgresqlBlockCommentsNest) {
  EXPECT_EQ(pg("SELECT /* a /* :b */ :c */ :d").names, Names{"d"});
  // SQLite's end at the first */.
  EXPECT_EQ(lite("SELECT /* a /* :b */ :c").names, Names{"c"});
}

TEST(NamedParametersTest, CastsAreNotParameters) {
  const ParsedSql p = pg("SELECT :v::bigint, now()::text, :w :: int");
  EXPECT_EQ(p.sql, "SELECT $1::bigint, now()::text, $2 :: int");
  EXPECT_EQ(p.names, (Names{"v", "w"}));
}

TEST(NamedParametersTest, ColonNotFollowedByANameIsKept) {
  EXPECT_EQ(pg("SELECT arr[1:2], :1, : x").sql, "SELECT arr[1:2], :1, : x");
  EXPECT_TRUE(pg("SELECT arr[1:2]").names.empty());
}

TEST(NamedParametersTest, DollarQuotingIsSkipped) {
  const ParsedSql p = pg("DO $$ BEGIN PERFORM ':x'; END $$; SELECT $fn$ :y $x$ $fn$, :z");
  EXPECT_EQ(p.sql, "DO $$ BEGIN PERFORM ':x'; END $$; SELECT $fn$ :y $x$ $fn$, $1");
  EXPECT_EQ(p.names, (Names{"z"}));
  // '$' inside an identifier does not open a quote.
  EXPECT_EQ(pg("SELECT a$b, :c").names, Names{"c"});
}

TEST(NamedParametersTest, PostgresqlEscapeStrings) {
  const ParsedSql p = pg(R"(SELECT E'it\'s :no', e'\\', :yes)");
  EXPECT_EQ(p.sql, R"(SELECT E'it\'s :no', e'\\', $1)");
  EXPECT_EQ(p.names, Names{"yes"});
}

TEST(NamedParametersTest, SqliteBracketAndBacktickIdentifiers) {
  EXPECT_EQ(lite("SELECT [a:b], `c:d`, :e").names, Names{"e"});
}

TEST(NamedParametersTest, UnterminatedQuotesAndCommentsAreInvalid) {
  expectInvalid("SELECT 'abc", Backend::kPostgresql, "unterminated string literal");
  expectInvalid("SELECT \"abc", Backend::kSqlite, "unterminated quoted identifier");
  expectInvalid("SELECT /* abc", Backend::kSqlite, "unterminated /* comment");
  expectInvalid("SELECT /* /* */", Backend::kPostgresql, "unterminated /* comment");
  expectInvalid("SELECT $q$ abc", Backend::kPostgresql, "unterminated dollar-quoted");
}

TEST(NamedParametersTest, PositionalPlaceholdersAreRefusedOnPostgresql) {
  expectInvalid("SELECT * FROM t WHERE id = $1", Backend::kPostgresql, "use :name parameters");
}

TEST(OrderParametersTest, ValuesInPlaceholderOrder) {
  const Params params{{"b", int64_t{2}}, {"a", std::string("one")}};
  const std::vector<const Value*> ordered = orderParameters({"a", "b"}, params);
  ASSERT_EQ(ordered.size(), 2u);
  EXPECT_EQ(*ordered[0], Value(std::string("one")));
  EXPECT_EQ(*ordered[1], Value(int64_t{2}));
}

TEST(OrderParametersTest, MissingUnusedAndDuplicateParametersAreInvalid) {
  const auto expect = [](const Names& names, const Params& params, const std::string& message) {
    try {
      orderParameters(names, params);
      ADD_FAILURE() << "accepted";
    } catch (const QueryError& e) {
      EXPECT_EQ(e.kind(), QueryErrorKind::kInvalidQuery);
      EXPECT_EQ(std::string(e.what()), message);
    }
  };
  expect({"a", "b"}, {{"a", int64_t{1}}}, "missing parameter :b");
  expect({"a"}, {{"a", int64_t{1}}, {"c", std::string("secret")}},
         "parameter :c is not used in the SQL");
  expect({"a"}, {{"a", int64_t{1}}, {"a", int64_t{2}}}, "parameter :a is given twice");
  expect({"a"}, {{"a", std::string("x\0y", 3)}},
         "text parameter :a holds a NUL byte (PostgreSQL text cannot; use a blob)");
}

}  // namespace
}  // namespace atrium::host::db
