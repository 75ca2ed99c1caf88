#include "host/lua/template_renderer.hpp"

#include <gtest/gtest.h>

namespace atrium::host::lua {
namespace {

RenderResult render(std::string_view text, const nlohmann::json& vars,
                    TemplateEscape escape = TemplateEscape::kText) {
  return renderTemplate(text, vars, escape);
}

TEST(TemplateRendererTest, SubstitutesNamesPathsAndArrayIndexes) {
  const nlohmann::json vars = {
      {"name", "Ann"},         {"n", 3},      {"x", 2.5},
      {"whole", 4.0},          {"yes", true}, {"a", {{"b", {{"c", "deep"}}}}},
      {"list", {"one", "two"}}};
  EXPECT_EQ(render("Hi {{name}}, {{ n }} {{x}} {{whole}} {{yes}} {{a.b.c}} {{list.2}}", vars).text,
            "Hi Ann, 3 2.5 4 true deep two");
  EXPECT_EQ(render("no placeholders { } }} {", vars).text, "no placeholders { } }} {");
  EXPECT_EQ(render("", vars).text, "");
}

TEST(TemplateRendererTest, SubstitutedTextIsNeverExpandedAgain) {
  EXPECT_EQ(render("{{a}}", {{"a", "{{b}}"}, {"b", "secret"}}).text, "{{b}}");
}

TEST(TemplateRendererTest, TextEscapingDropsControlCharactersAndBadUtf8) {
  EXPECT_EQ(render("[{{v}}]", {{"v", std::string("a\x1b[31mb\r\nc\td\x7f\0e", 15)}}).text,
            "[a[31mb\nc\tde]");
  EXPECT_EQ(render("{{v}}", {{"v", std::string("ok\xff")}}).text, "ok\xEF\xBF\xBD");
}

TEST(TemplateRendererTest, HtmlAndJsonEscaping) {
  EXPECT_EQ(render("{{v}}", {{"v", "<a href=\"x\">'&'</a>"}}, TemplateEscape::kHtml).text,
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(render("\"{{v}}\"", {{"v", "a\"b\\c\nd"}}, TemplateEscape::kJson).text,
            "\"a\\\"b\\\\c\\nd\"");
}

TEST(TemplateRendererTest, ErrorsNameTheProblem) {
  EXPECT_EQ(render("{{missing}}", nlohmann::json::object()).error,
            "template variable 'missing' is missing");
  EXPECT_EQ(render("{{a.b}}", {{"a", 1}}).error, "template variable 'a.b' is missing");
  EXPECT_EQ(render("{{n}}", {{"n", nullptr}}).error, "template variable 'n' is missing");
  EXPECT_EQ(render("{{list.3}}", {{"list", {1, 2}}}).error,
            "template variable 'list.3' is missing");
  EXPECT_EQ(render("{{t}}", {{"t", {{"k", 1}}}}).error,
            "template variable 't' is a object, not text");
  EXPECT_EQ(render("ab {{name", {{"name", 1}}).error, "unclosed '{{' at offset 3");
  EXPECT_EQ(render("{{ bad name }}", nlohmann::json::object()).error,
            "invalid placeholder '{{bad name}}' at offset 0");
  EXPECT_EQ(render("{{a..b}}", nlohmann::json::object()).error,
            "invalid placeholder '{{a..b}}' at offset 0");
}

}  // namespace
}  // namespace atrium::host::lua
