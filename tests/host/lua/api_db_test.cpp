// atrium.db (host/lua/api_db.cpp) on SQLite and PostgreSQL.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "host/db/database.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

class ApiDbTest : public db::testing::DatabaseFixture,
                  public ::testing::WithParamInterface<db::Backend> {
 protected:
  void SetUp() override {
    start(GetParam());
    if (HasFatalFailure()) return;
    database_ = std::make_unique<db::Database>(
        std::make_unique<db::ConnectionPool>(url(), db::PoolOptions{.size = 2}),
        db::DatabaseOptions{}, log_.sink());
    database_->query({"setup.create", "test", ""},
                     "CREATE TABLE guests (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                     "note TEXT, score DOUBLE PRECISION, vip BOOLEAN)",
                     {});
    EngineOptions options;
    options.scripts_dir = scripts_.path();
    options.reload_interval = std::chrono::milliseconds(0);
    engine_ = std::make_unique<ScriptEngine>(options, log_.sink(), database_.get());
  }
  void TearDown() override {
    engine_.reset();
    database_.reset();
    DatabaseFixture::TearDown();
  }

  nlohmann::json run(const std::string& body) {
    static int counter = 0;
    const std::string id = "db" + std::to_string(counter++);
    atrium::testing::writeFile(
        scripts_ / (id + ".lua"),
        "local atrium = require('atrium')\nreturn { handle = function()\n"
        "local v, err = (function()\n" +
            body +
            "\nend)()\n"
            "if v == nil and err ~= nil then return { ['nil'] = true, err = err } end\n"
            "return v\nend }\n");
    const auto errors = engine_->loadAll();
    EXPECT_TRUE(errors.empty()) << errors.front();
    return engine_->call(id, "handle", nullptr, CallContext{"req-db"});
  }

  atrium::testing::CapturedLog log_;
  atrium::testing::TempDir scripts_{"atrium-lua-db"};
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<ScriptEngine> engine_;
};
INSTANTIATE_TEST_SUITE_P(Backends, ApiDbTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

TEST_P(ApiDbTest, ExecAndQueryWithNamedParameters) {
  EXPECT_EQ(run(R"lua(
local sql = "INSERT INTO guests (id, name, note, score, vip) VALUES (:id, :name, :note, :score, :vip)"
local a = assert(atrium.db.exec("guests.add", sql,
  { id = 1, name = "Ann", note = "hi", score = 2.5, vip = true }))
local b = assert(atrium.db.exec("guests.add", sql,
  { id = 2, name = "Bob", note = atrium.json.null, score = 1, vip = false }))
return { a.affected_rows, b.affected_rows }
)lua"),
            nlohmann::json::array({1, 1}));
  EXPECT_EQ(run(R"lua(
local rows = assert(atrium.db.query("guests.list",
  "SELECT id, name, note, score, vip FROM guests WHERE id >= :min ORDER BY id", { min = 1 }))
return { count = #rows, first = rows[1], second_note_is_nil = rows[2].note == nil,
         second = rows[2] }
)lua"),
            nlohmann::json::parse(R"({"count":2,
              "first":{"id":1,"name":"Ann","note":"hi","score":2.5,"vip":true},
              "second_note_is_nil":true,
              "second":{"id":2,"name":"Bob","score":1,"vip":false}})"));
  EXPECT_EQ(run(R"lua(
return atrium.json.encode(atrium.db.query("guests.none", "SELECT id FROM guests WHERE id = 99"))
)lua"),
            "[]");
  EXPECT_EQ(database_->metrics().count("guests.add", "ok"), 2u);
}

TEST_P(ApiDbTest, FailuresAreNilErrWithTheKind) {
  const auto error = [&](const std::string& call) {
    const nlohmann::json result = run("return " + call);
    EXPECT_EQ(result.value("nil", false), true) << call << " -> " << result;
    return result.value("err", std::string());
  };
  run(R"lua(return atrium.db.exec("guests.add", "INSERT INTO guests (id, name) VALUES (1, 'Ann')"))lua");
  const std::string duplicate = error(
      R"lua(atrium.db.exec("guests.add", "INSERT INTO guests (id, name) VALUES (2, 'Ann')"))lua");
  EXPECT_EQ(duplicate.rfind("unique_violation: ", 0), 0u) << duplicate;
  const std::string syntax = error(R"lua(atrium.db.query("guests.bad", "SELEC nonsense"))lua");
  EXPECT_EQ(syntax.rfind("invalid_query: ", 0), 0u) << syntax;
  const std::string missing =
      error(R"lua(atrium.db.query("guests.get", "SELECT * FROM guests WHERE id = :id"))lua");
  EXPECT_EQ(missing.rfind("invalid_query: ", 0), 0u) << missing;
  EXPECT_EQ(error(R"lua(atrium.db.query("Bad Name", "SELECT 1"))lua"),
            "db.query: invalid statement name 'Bad Name' (use [a-z0-9_.], e.g. \"kaya.xp.get\")");
  EXPECT_EQ(error(R"lua(atrium.db.query("x.y", 42))lua"), "db.query: name and sql must be strings");
  EXPECT_EQ(error(R"lua(atrium.db.exec("x.y", "SELECT 1", "p"))lua"),
            "db.exec: params must be a table");
  EXPECT_EQ(error(R"lua(atrium.db.query("x.y", "SELECT :a", { a = {} }))lua"),
            "db.query: parameter 'a': a table cannot be a parameter (use a string, number, "
            "boolean or atrium.json.null)");
  EXPECT_EQ(error(R"lua(atrium.db.query("x.y", "SELECT 1", { [1] = 2 }))lua"),
            "db.query: parameter names must be strings");
}

TEST(ApiDbWithoutDatabaseTest, AnswersNoDatabase) {
  atrium::testing::TempDir scripts("atrium-lua-nodb");
  atrium::testing::CapturedLog log;
  atrium::testing::writeFile(scripts / "q.lua", R"lua(
local atrium = require("atrium")
return { handle = function() return { atrium.db.query("a.b", "SELECT 1") } end }
)lua");
  EngineOptions options;
  options.scripts_dir = scripts.path();
  options.reload_interval = std::chrono::milliseconds(0);
  ScriptEngine engine(options, log.sink(), nullptr);
  engine.loadAll();
  EXPECT_EQ(engine.call("q", "handle", nullptr),
            nlohmann::json::parse(R"({"2":"db.query: no database"})"));
}

}  // namespace
}  // namespace atrium::host::lua
