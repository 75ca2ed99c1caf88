// The ABI's messaging functions (host_api_messaging.cpp), called the way a C plugin calls them:
// which transaction a message joins, what is refused, and old (smaller) message structs.
#include <gtest/gtest.h>

#include "host/db/database.hpp"
#include "host/plugin/host_api.hpp"
#include "host/services/messaging/messaging_service.hpp"
#include "tests/host/plugin/plugin_test_support.hpp"
#include "tests/host/services/messaging/outbox_test_database.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::plugin {
namespace {

atrium_str s(std::string_view text) { return atrium_str{text.data(), text.size()}; }

class HostApiMessagingTest : public messaging::testing::OutboxDatabaseTest {
 protected:
  void SetUp() override {
    OutboxDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    messaging::MessagingSettings settings;
    settings.product = "kaya";
    settings.mail.file = (files_ / "mail.jsonl").string();
    settings.sms.file = (files_ / "sms.jsonl").string();
    service_ = std::make_unique<messaging::MessagingService>(settings, *database_, log_.sink());
    context_.database = database_.get();
    context_.messaging = service_.get();
  }
  void TearDown() override {
    service_.reset();
    OutboxDatabaseTest::TearDown();
  }
  atrium_mail_message mail(std::string_view to = "ada@example.com") {
    atrium_mail_message m{};
    m.struct_size = sizeof m;
    m.to = s(to);
    m.subject = s("Welcome");
    m.text = s("code 5150");
    return m;
  }
  atrium_status send(const atrium_mail_message& m, atrium_db_tx* tx = nullptr,
                     int64_t* id = nullptr) {
    error_[0] = '\0';
    return api_.mail_send(ctx(), req(), tx, &m, id, error_, sizeof error_);
  }
  atrium_db_tx* begin(atrium_db_tx* parent = nullptr) {
    atrium_db_tx* tx = nullptr;
    api_.db_result_free(api_.db_begin(ctx(), req(), parent, &tx));
    EXPECT_NE(tx, nullptr);
    return tx;
  }
  atrium_plugin_ctx* ctx() { return toAbi(&context_); }
  const atrium_request* req() { return toAbi(&request_handle_); }

  atrium::testing::TempDir files_{"atrium-host-api-messaging"};
  std::unique_ptr<messaging::MessagingService> service_;
  PluginContext context_{log_.sink(), "accounts"};
  http::Request request_ = test::makeRequest("POST", "/signup");
  RequestHandle request_handle_{&request_, "accounts.register"};
  atrium_host_api api_ = makeHostApi();
  char error_[256] = {};
};
INSTANTIATE_TEST_SUITE_P(Backends, HostApiMessagingTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

TEST_P(HostApiMessagingTest, WithoutATransactionTheMessageIsCommittedAtOnce) {
  int64_t id = 0;
  ASSERT_EQ(send(mail(), nullptr, &id), ATRIUM_OK) << error_;
  EXPECT_GT(id, 0);
  EXPECT_EQ(countRows("source = 'plugin.accounts' AND product = 'kaya'"), 1);
}

TEST_P(HostApiMessagingTest, JoinsTheRequestsOpenTransaction) {
  atrium_db_tx* tx = begin();
  ASSERT_EQ(send(mail()), ATRIUM_OK) << error_;  // tx NULL: the request's open scope
  api_.db_rollback(tx);
  EXPECT_EQ(countRows(), 0);

  tx = begin();
  atrium_db_tx* savepoint = begin(tx);
  ASSERT_EQ(send(mail("in-savepoint@example.com")), ATRIUM_OK) << error_;
  api_.db_rollback(savepoint);  // the message goes with the savepoint
  ASSERT_EQ(send(mail("kept@example.com"), tx), ATRIUM_OK) << error_;
  api_.db_result_free(api_.db_commit(tx));
  EXPECT_EQ(countRows(), 1);
  EXPECT_EQ(countRows("recipient = 'kept@example.com'"), 1);
}

TEST_P(HostApiMessagingTest, RefusesAnOuterScopeWhileASavepointIsOpen) {
  atrium_db_tx* tx = begin();
  atrium_db_tx* savepoint = begin(tx);
  EXPECT_EQ(send(mail(), tx), ATRIUM_ERR_INTERNAL);  // a bug in the plugin: 500, not 400
  EXPECT_STREQ(error_, "a message can only join the innermost transaction scope");
  api_.db_rollback(savepoint);
  api_.db_rollback(tx);
}

TEST_P(HostApiMessagingTest, InvalidMessagesAreRefusedWithAReasonThatHidesTheContent) {
  atrium_mail_message m = mail();
  m.subject = s("Hi\r\nBcc: victim@example.com");
  EXPECT_EQ(send(m), ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(error_, "subject must not contain CR, LF or NUL");
  m = mail("no address");
  EXPECT_EQ(send(m), ATRIUM_ERR_INVALID_ARGUMENT);
  m = mail();
  m.text = atrium_str{nullptr, 4};
  EXPECT_EQ(send(m), ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(api_.mail_send(ctx(), req(), nullptr, nullptr, nullptr, error_, sizeof error_),
            ATRIUM_ERR_INVALID_ARGUMENT);
  EXPECT_STREQ(error_, "message is NULL");
  atrium_sms_message sms{};
  sms.struct_size = sizeof sms;
  sms.to = s("+15005550006");
  sms.body = s(std::string_view("x\0y", 3));
  EXPECT_EQ(api_.sms_send(ctx(), req(), nullptr, &sms, nullptr, nullptr, 0),
            ATRIUM_ERR_INVALID_ARGUMENT);  // error_buf may be NULL
  EXPECT_EQ(countRows(), 0);
}

TEST_P(HostApiMessagingTest, AnOlderSmallerStructIsReadOnlyAsFarAsItGoes) {
  atrium_mail_message m = mail();
  m.html = s("<p>not covered</p>");
  m.template_id = s("not covered either");
  m.struct_size = offsetof(atrium_mail_message, html);  // a plugin that knew up to `text`
  ASSERT_EQ(send(m), ATRIUM_OK) << error_;
  EXPECT_EQ(countRows("body_html IS NULL AND template = ''"), 1);
}

TEST_P(HostApiMessagingTest, WithoutTheServiceTheCallIsUnavailable) {
  context_.messaging = nullptr;
  EXPECT_EQ(send(mail()), ATRIUM_ERR_UNAVAILABLE);
  EXPECT_NE(std::string(error_).find("no messaging service"), std::string::npos);
}

}  // namespace
}  // namespace atrium::host::plugin
