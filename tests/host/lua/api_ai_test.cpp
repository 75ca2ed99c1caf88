// atrium.ai (host/lua/api_ai.cpp) with the offline provider: results, nil/err/fallback, prompt
// templates rendered on the calling script's own state. The HTTP providers and the usage rows
// are tested in tests/host/services/ai and tests/integration/ai_integration_test.cpp.
#include <gtest/gtest.h>

#include "host/services/ai/ai_service.hpp"
#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

class ApiAiTest : public testing::LuaEngineTest {
 protected:
  void SetUp() override {
    config::AiConfig config;
    config.max_prompt_bytes = 200;
    service_ = std::make_unique<ai::AiService>(config, "kaya", nullptr, log_.sink());
    script("kaya/prompts/session", R"(local atrium = require("atrium")
return {
  prompt = function(vars)
    return {system = "calm", prompt = atrium.template.render("A {{minutes}} minute session", vars),
            fallback = "Breathe for " .. vars.minutes .. " minutes."}
  end,
  broken = function(vars) return {prompt = vars.missing.field} end,
})");
  }
  void TearDown() override { engine_.reset(); }
  // Runs body with the service provided; returns {v, err, fallback}.
  nlohmann::json run(const std::string& body) {
    if (engine_ == nullptr) {
      start();
      engine_->provideAi(service_.get());
    }
    return eval("local v, err, fallback = (function() " + body +
                " end)()\nreturn {v = v, err = err, fallback = fallback}");
  }
  std::unique_ptr<ai::AiService> service_;
};

TEST_F(ApiAiTest, GeneratesFromAnExplicitPrompt) {
  const nlohmann::json r = run("return atrium.ai.generate{prompt = 'Salom'}");
  EXPECT_EQ(r["v"]["text"], "[offline offline] Salom");
  EXPECT_EQ(r["v"]["provider"], "offline");
  EXPECT_EQ(r["v"]["usage"]["unit"], "characters");
  EXPECT_EQ(r["v"]["usage"]["prompt"], 5);
  EXPECT_EQ(r["v"]["attempts"], 1);
}

TEST_F(ApiAiTest, RendersATemplateOnTheScriptsOwnState) {
  const nlohmann::json r =
      run("return atrium.ai.generate{script = 'kaya/prompts/session', vars = {minutes = 5}}");
  EXPECT_EQ(r["v"]["text"], "Breathe for 5 minutes.");  // offline answers the fallback
}

TEST_F(ApiAiTest, FailuresAreNilErrAndFallback) {
  const nlohmann::json missing =
      run("return atrium.ai.generate{script = 'kaya/prompts/session', ['function'] = 'broken'}");
  EXPECT_FALSE(missing.contains("v")) << missing;
  EXPECT_NE(missing["err"].get<std::string>().find("template_error: kaya/prompts/session.broken: "),
            std::string::npos)
      << missing;
  const nlohmann::json unknown = run("return atrium.ai.generate{script = 'kaya/prompts/nope'}");
  EXPECT_EQ(unknown["err"],
            "template_error: kaya/prompts/nope.prompt: no script 'kaya/prompts/nope'");
  const nlohmann::json too_long = run("return atrium.ai.generate{prompt = string.rep('x', 300)}");
  EXPECT_EQ(too_long["err"],
            "invalid_request: the prompt is 300 bytes; ai.max_prompt_size allows 200");
  const nlohmann::json not_table = run("return atrium.ai.generate('hi')");
  EXPECT_EQ(not_table["err"], "invalid_request: ai.generate expects a table {prompt=, ...}");
  const nlohmann::json keyless =
      run("return atrium.ai.generate{script = 'kaya/prompts/session', vars = {minutes = 3}, "
          "provider = 'gemini'}");
  EXPECT_EQ(keyless["err"], "unavailable: gemini is not configured (ai.gemini.api_key is empty)");
  EXPECT_EQ(keyless["fallback"], "Breathe for 3 minutes.");
}

TEST_F(ApiAiTest, WithoutTheServiceScriptsGetAnError) {
  start();
  const nlohmann::json r = eval("return atrium.ai.generate{prompt = 'x'}");
  EXPECT_EQ(r, failed("unavailable: no AI service"));
}

}  // namespace
}  // namespace atrium::host::lua
