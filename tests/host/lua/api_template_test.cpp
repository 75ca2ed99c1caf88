// atrium.template (host/lua/api_template.cpp).
#include <gtest/gtest.h>

#include "tests/host/lua/lua_test_fixture.hpp"

namespace atrium::host::lua {
namespace {

class ApiTemplateTest : public testing::LuaEngineTest {};

TEST_F(ApiTemplateTest, RendersFromLuaTables) {
  EXPECT_EQ(eval(R"(return atrium.template.render(
  "Write a toast for {{ couple.bride }} & {{couple.groom}} ({{guests}} guests, {{tags.2}}).",
  { couple = { bride = "Ann", groom = "Bob" }, guests = 120, tags = { "a", "b" } }))"),
            "Write a toast for Ann & Bob (120 guests, b).");
  EXPECT_EQ(eval(R"(return atrium.template.render("<p>{{name}}</p>", { name = "<b>x</b>" },
                                                     { escape = "html" }))"),
            "<p>&lt;b&gt;x&lt;/b&gt;</p>");
  EXPECT_EQ(eval(R"(return atrium.template.render('{"q":"{{q}}"}', { q = 'say "hi"' },
                                                     { escape = "json" }))"),
            "{\"q\":\"say \\\"hi\\\"\"}");
}

TEST_F(ApiTemplateTest, BadInputIsNilErr) {
  EXPECT_EQ(eval("return atrium.template.render('Hi {{name}}', {})"),
            failed("template.render: template variable 'name' is missing"));
  EXPECT_EQ(eval("return atrium.template.render(nil, {})"),
            failed("template.render: the template must be a string"));
  EXPECT_EQ(eval("return atrium.template.render('x', 'y')"),
            failed("template.render: vars must be a table"));
  EXPECT_EQ(eval("return atrium.template.render('x', {}, { escape = 'sql' })"),
            failed("template.render: options.escape must be \"text\", \"html\" or \"json\""));
  EXPECT_EQ(eval("return atrium.template.render('{{f}}', { f = print })"),
            failed("template.render: vars: f: a function cannot be converted to JSON"));
}

}  // namespace
}  // namespace atrium::host::lua
