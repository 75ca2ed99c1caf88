-- E-mail verification message (generic English default of the accounts plugin).
-- render{lang=, vars={code= | link=, minutes=, name=}} -> {subject=, text=, html=}
-- A missing variable is a bug in the caller: it fails loudly (assert) instead of sending an
-- empty text.
local atrium = require("atrium")

local texts = {
  en = {
    subject = "Verify your email address",
    code = "Hello {{name}},\n\nYour verification code is {{code}}. It expires in {{minutes}} minutes.\n\nIf you did not create an account, ignore this message.",
    link = "Hello {{name}},\n\nOpen this link to verify your email address: {{link}}\nIt expires in {{minutes}} minutes.\n\nIf you did not create an account, ignore this message.",
  },
}

return {
  render = function(input)
    local t = texts[input.lang] or texts.en
    local body = input.vars.link and t.link or t.code
    return {
      subject = t.subject,
      text = assert(atrium.template.render(body, input.vars)),
    }
  end,
}
