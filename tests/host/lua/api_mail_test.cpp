// atrium.mail and atrium.sms (host/lua/api_mail.cpp, api_sms.cpp) on SQLite and PostgreSQL:
// the script's message lands in the outbox and goes out through the file transport.
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "host/lua/script_engine.hpp"
#include "host/services/messaging/messaging_service.hpp"
#include "tests/host/services/messaging/outbox_test_database.hpp"
#include "tests/support/temp_dir.hpp"

namespace atrium::host::lua {
namespace {

class ApiMailTest : public messaging::testing::OutboxDatabaseTest {
 protected:
  void SetUp() override {
    OutboxDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    messaging::MessagingSettings settings;
    settings.product = "kaya";
    settings.mail.file = (files_ / "mail.jsonl").string();
    settings.sms.file = (files_ / "sms.jsonl").string();
    service_ = std::make_unique<messaging::MessagingService>(settings, *database_, log_.sink());
    EngineOptions options;
    options.scripts_dir = scripts_.path();
    options.reload_interval = std::chrono::milliseconds(0);
    engine_ = std::make_unique<ScriptEngine>(options, log_.sink(), database_.get());
  }
  void TearDown() override {
    engine_.reset();
    service_.reset();
    OutboxDatabaseTest::TearDown();
  }
  nlohmann::json run(const std::string& body) {
    static int counter = 0;
    const std::string id = "mail" + std::to_string(counter++);
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
    return engine_->call(id, "handle", nullptr, CallContext{"req-mail"});
  }
  void provide() { engine_->provideMessaging(service_.get()); }

  atrium::testing::TempDir scripts_{"atrium-lua-mail"};
  atrium::testing::TempDir files_{"atrium-lua-mail-out"};
  std::unique_ptr<messaging::MessagingService> service_;
  std::unique_ptr<ScriptEngine> engine_;
};
INSTANTIATE_TEST_SUITE_P(Backends, ApiMailTest, db::testing::kBothBackends,
                         db::testing::testBackendName);

TEST_P(ApiMailTest, SendsMailAndSmsThroughTheOutbox) {
  provide();
  EXPECT_EQ(run(R"lua(
return {
  atrium.mail.send{to = "ada@example.com", subject = "Hi", text = "code 1", html = "<p>1</p>",
                   template = "kaya/messages/verify"},
  atrium.sms.send{to = "+15005550006", body = "code 2"},
}
)lua"),
            nlohmann::json::parse("[true, true]"));
  EXPECT_EQ(countRows("channel = 'mail' AND template = 'kaya/messages/verify'"), 1);
  EXPECT_EQ(countRows("channel = 'sms' AND product = 'kaya'"), 1);
  EXPECT_EQ(countRows("source LIKE 'lua.mail%'"), 2);
  service_->worker()->runOnce();
  std::ifstream mail(files_ / "mail.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(mail, line));
  EXPECT_EQ(nlohmann::json::parse(line)["subject"], "Hi");
}

TEST_P(ApiMailTest, ExpectedFailuresAreNilAndAReason) {
  provide();
  EXPECT_EQ(run("return atrium.mail.send{to = 'nobody', subject = 'x', text = 'y'}")["err"],
            "mail.send: to is not a valid e-mail address (local@domain, at most 254 bytes)");
  EXPECT_EQ(run("return atrium.mail.send{to = 'a@b.c', subject = 'x\\r\\nBcc: v@w.x', text = 'y'}")
                ["err"],
            "mail.send: subject must not contain CR, LF or NUL");
  EXPECT_EQ(run("return atrium.mail.send{to = 'a@b.c', subject = 5, text = 'y'}")["err"],
            "mail.send: subject must be a string");
  EXPECT_EQ(run("return atrium.mail.send('a@b.c')")["err"],
            "mail.send: expects a table {to=, subject=, text=, html=}");
  EXPECT_EQ(run("return atrium.sms.send{to = '12345', body = 'secret 99'}")["err"],
            "sms.send: to is not an E.164 phone number (+ and 7 to 15 digits)");
  EXPECT_EQ(countRows(), 0);
}

TEST_P(ApiMailTest, WithoutTheServiceScriptsGetAnError) {
  EXPECT_EQ(run("return atrium.sms.send{to = '+15005550006', body = 'x'}")["err"],
            "sms.send: no messaging service");
}

}  // namespace
}  // namespace atrium::host::lua
