// The ABI's database functions (host_api_db.cpp), called the way a C plugin calls them.
#include <gtest/gtest.h>

#include "host/db/database.hpp"
#include "host/plugin/host_api.hpp"
#include "tests/host/db/test_database.hpp"
#include "tests/host/plugin/plugin_test_support.hpp"

namespace atrium::host::plugin {
namespace {

atrium_str s(std::string_view text) { return atrium_str{text.data(), text.size()}; }
std::string_view v(atrium_str text) {
  return text.ptr == nullptr ? std::string_view() : std::string_view(text.ptr, text.len);
}

atrium_value textValue(std::string_view text) {
  atrium_value value{};
  value.type = ATRIUM_VALUE_TEXT;
  value.bytes = s(text);
  return value;
}
atrium_value intValue(int64_t n) {
  atrium_value value{};
  value.type = ATRIUM_VALUE_INT;
  value.int_value = n;
  return value;
}

class HostApiDbTest : public db::testing::BothBackendsTest {
 protected:
  void SetUp() override {
    BothBackendsTest::SetUp();
    if (HasFatalFailure()) return;
    database_ = std::make_unique<db::Database>(
        std::make_unique<db::ConnectionPool>(url(), db::PoolOptions{.size = 2}),
        db::DatabaseOptions{}, log_.sink());
    context_.database = database_.get();
    ok(query(nullptr,
             "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
             "price DOUBLE PRECISION, flag BOOLEAN, data BLOB_TYPE)"));
  }
  void TearDown() override {
    database_.reset();
    BothBackendsTest::TearDown();
  }

  // BLOB_TYPE is replaced by the backend's binary type.
  atrium_db_result* query(atrium_db_tx* tx, std::string sql,
                          const std::vector<atrium_db_param>& params = {},
                          std::string_view name = "test.query") {
    const size_t at = sql.find("BLOB_TYPE");
    if (at != std::string::npos) {
      sql.replace(at, 9, GetParam() == db::Backend::kSqlite ? "BLOB" : "BYTEA");
    }
    return api_.db_query(ctx(), req(), tx, s(name), s(sql), params.data(), params.size());
  }
  // Frees `res` and expects it succeeded.
  void ok(atrium_db_result* res) {
    atrium_str message{};
    EXPECT_EQ(api_.db_result_error(res, &message, nullptr), ATRIUM_DB_OK) << v(message);
    api_.db_result_free(res);
  }
  // Frees `res` and returns its error kind.
  atrium_db_error_kind kind(atrium_db_result* res, std::string* message = nullptr,
                            std::string* constraint = nullptr) {
    atrium_str m{};
    atrium_str c{};
    const atrium_db_error_kind k = api_.db_result_error(res, &m, &c);
    if (message != nullptr) *message = std::string(v(m));
    if (constraint != nullptr) *constraint = std::string(v(c));
    api_.db_result_free(res);
    return k;
  }
  int64_t count() {
    atrium_db_result* res = query(nullptr, "SELECT count(*) AS n FROM items");
    atrium_value value{};
    EXPECT_EQ(api_.db_result_value(res, 0, 0, &value), 1);
    api_.db_result_free(res);
    return value.int_value;
  }
  atrium_db_tx* begin(atrium_db_tx* parent = nullptr) {
    atrium_db_tx* tx = nullptr;
    ok(api_.db_begin(ctx(), req(), parent, &tx));
    EXPECT_NE(tx, nullptr);
    return tx;
  }
  atrium_plugin_ctx* ctx() { return toAbi(&context_); }
  const atrium_request* req() { return toAbi(&request_handle_); }

  atrium::testing::CapturedLog log_;
  std::unique_ptr<db::Database> database_;
  PluginContext context_{log_.sink(), "items"};
  http::Request request_ = test::makeRequest("POST", "/items");
  RequestHandle request_handle_{&request_, "items.create"};
  atrium_host_api api_ = makeHostApi();
};
INSTANTIATE_TEST_SUITE_P(Backends, HostApiDbTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

TEST_P(HostApiDbTest, BindsAndReadsEveryValueType) {
  std::vector<atrium_db_param> params(5);
  params[0] = {s("id"), intValue(9007199254740993)};
  params[1] = {s("name"), textValue("caf\xc3\xa9")};
  params[2].name = s("price");
  params[2].value.type = ATRIUM_VALUE_DOUBLE;
  params[2].value.double_value = 2.5;
  params[3].name = s("flag");
  params[3].value.type = ATRIUM_VALUE_BOOL;
  params[3].value.int_value = 1;
  const std::string bytes("\x00\x01\xff", 3);
  params[4].name = s("data");
  params[4].value.type = ATRIUM_VALUE_BLOB;
  params[4].value.bytes = s(bytes);
  atrium_db_result* inserted = query(
      nullptr,
      "INSERT INTO items (id, name, price, flag, data) VALUES (:id, :name, :price, :flag, :data) "
      "RETURNING id",
      params);
  EXPECT_EQ(api_.db_result_affected_rows(inserted), 1);
  ok(inserted);

  atrium_db_result* res = query(nullptr, "SELECT id, name, price, flag, data FROM items");
  ASSERT_EQ(api_.db_result_row_count(res), 1u);
  ASSERT_EQ(api_.db_result_column_count(res), 5u);
  EXPECT_EQ(v(api_.db_result_column_name(res, 1)), "name");
  EXPECT_EQ(v(api_.db_result_column_name(res, 9)), "");
  atrium_value value{};
  ASSERT_EQ(api_.db_result_value(res, 0, 0, &value), 1);
  EXPECT_EQ(value.type, ATRIUM_VALUE_INT);
  EXPECT_EQ(value.int_value, 9007199254740993);
  ASSERT_EQ(api_.db_result_value(res, 0, 1, &value), 1);
  EXPECT_EQ(value.type, ATRIUM_VALUE_TEXT);
  EXPECT_EQ(v(value.bytes), "caf\xc3\xa9");
  ASSERT_EQ(api_.db_result_value(res, 0, 2, &value), 1);
  EXPECT_EQ(value.type, ATRIUM_VALUE_DOUBLE);
  EXPECT_EQ(value.double_value, 2.5);
  ASSERT_EQ(api_.db_result_value(res, 0, 3, &value), 1);
  EXPECT_EQ(value.type, ATRIUM_VALUE_BOOL);
  EXPECT_EQ(value.int_value, 1);
  ASSERT_EQ(api_.db_result_value(res, 0, 4, &value), 1);
  EXPECT_EQ(value.type, ATRIUM_VALUE_BLOB);
  EXPECT_EQ(v(value.bytes), bytes);
  EXPECT_EQ(api_.db_result_value(res, 1, 0, &value), 0) << "out of range";
  EXPECT_EQ(api_.db_result_value(res, 0, 5, &value), 0) << "out of range";
  ok(res);
}

TEST_P(HostApiDbTest, ErrorsArriveAsKinds) {
  ok(query(nullptr, "INSERT INTO items (id, name) VALUES (1, 'a')"));
  std::string message;
  std::string constraint;
  EXPECT_EQ(
      kind(query(nullptr, "INSERT INTO items (id, name) VALUES (2, 'a')"), &message, &constraint),
      ATRIUM_DB_UNIQUE_VIOLATION);
  EXPECT_FALSE(message.empty());
  if (GetParam() == db::Backend::kPostgresql) {
    EXPECT_EQ(constraint, "items_name_key");
  }
  EXPECT_EQ(kind(query(nullptr, "INSERT INTO items (id) VALUES (3)")),
            ATRIUM_DB_NOT_NULL_VIOLATION);
  EXPECT_EQ(kind(query(nullptr, "SELEKT 1")), ATRIUM_DB_INVALID_QUERY);
  EXPECT_EQ(kind(query(nullptr, "SELECT 1", {}, "Bad Name"), &message), ATRIUM_DB_MISUSE);
  EXPECT_NE(message.find("statement name"), std::string::npos) << message;
  EXPECT_EQ(kind(api_.db_query(ctx(), req(), nullptr, s("t.q"), s("SELECT :a"), nullptr, 2)),
            ATRIUM_DB_MISUSE)
      << "NULL params with a count";
  std::vector<atrium_db_param> bad(1);
  bad[0].name = s("a");
  bad[0].value.type = 77;
  EXPECT_EQ(kind(query(nullptr, "SELECT :a", bad)), ATRIUM_DB_MISUSE) << "unknown value type";
  bad[0].value = textValue("x");
  bad[0].value.bytes.ptr = nullptr;
  EXPECT_EQ(kind(query(nullptr, "SELECT :a", bad)), ATRIUM_DB_MISUSE) << "NULL text pointer";
}

TEST_P(HostApiDbTest, WithoutADatabaseServiceCallsAreUnavailable) {
  context_.database = nullptr;
  EXPECT_EQ(kind(query(nullptr, "SELECT 1")), ATRIUM_DB_UNAVAILABLE);
  atrium_db_tx* tx = nullptr;
  EXPECT_EQ(kind(api_.db_begin(ctx(), req(), nullptr, &tx)), ATRIUM_DB_UNAVAILABLE);
  EXPECT_EQ(tx, nullptr);
}

TEST_P(HostApiDbTest, TransactionsAndSavepoints) {
  atrium_db_tx* tx = begin();
  ok(query(tx, "INSERT INTO items (id, name) VALUES (1, 'kept')"));
  atrium_db_tx* inner = begin(tx);
  ok(query(inner, "INSERT INTO items (id, name) VALUES (2, 'undone')"));
  std::string message;
  EXPECT_EQ(kind(api_.db_commit(tx), &message), ATRIUM_DB_MISUSE)
      << "the outer scope cannot commit while a savepoint is open";
  // That failed commit ended (rolled back) the outer scope: the savepoint is dead too.
  EXPECT_EQ(kind(query(inner, "SELECT 1")), ATRIUM_DB_MISUSE);
  api_.db_rollback(inner);
  EXPECT_EQ(count(), 0);

  tx = begin();
  ok(query(tx, "INSERT INTO items (id, name) VALUES (1, 'kept')"));
  inner = begin(tx);
  ok(query(inner, "INSERT INTO items (id, name) VALUES (2, 'undone')"));
  api_.db_rollback(inner);
  ok(api_.db_commit(tx));
  EXPECT_EQ(count(), 1);
  EXPECT_TRUE(request_handle_.transactions.empty()) << "ended scopes are no longer tracked";
  EXPECT_EQ(database_->pool().idle(), database_->pool().size());
  EXPECT_EQ(database_->metrics().count("test.query", "ok"), 7u);
}

TEST_P(HostApiDbTest, AFailedStatementMakesCommitFailUntilRolledBack) {
  ok(query(nullptr, "INSERT INTO items (id, name) VALUES (1, 'a')"));
  atrium_db_tx* tx = begin();
  ok(query(tx, "INSERT INTO items (id, name) VALUES (2, 'b')"));
  EXPECT_EQ(kind(query(tx, "INSERT INTO items (id, name) VALUES (3, 'a')")),
            ATRIUM_DB_UNIQUE_VIOLATION);
  std::string message;
  EXPECT_EQ(kind(api_.db_commit(tx), &message), ATRIUM_DB_MISUSE);
  EXPECT_NE(message.find("a statement failed"), std::string::npos) << message;
  EXPECT_EQ(count(), 1) << "nothing of the failed transaction was kept";
}

TEST_P(HostApiDbTest, TransactionsLeftOpenByAHandlerAreRolledBack) {
  atrium_db_tx* tx = begin();
  ok(query(tx, "INSERT INTO items (id, name) VALUES (1, 'leaked')"));
  begin(tx);  // a savepoint, also left open
  EXPECT_EQ(request_handle_.transactions.size(), 2u);
  EXPECT_EQ(database_->pool().idle(), database_->pool().size() - 1);
  endRequestTransactions(request_handle_, context_);
  EXPECT_TRUE(request_handle_.transactions.empty());
  EXPECT_EQ(database_->pool().idle(), database_->pool().size())
      << "the connection is back in the pool, clean";
  EXPECT_EQ(count(), 0);
  const std::string log = log_.text();
  EXPECT_NE(log.find("handler returned with open transaction scopes; rolled back"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("\"request_id\":\"req-123\""), std::string::npos) << log;
}

}  // namespace
}  // namespace atrium::host::plugin
