-- Password reset message (generic English default of the accounts plugin).
-- render{lang=, vars={code= | link=, minutes=, name=}} -> {subject=, text=}
-- A missing variable is a bug in the caller: it fails loudly (assert) instead of sending an
-- empty text.
local atrium = require("atrium")

local texts = {
  en = {
    subject = "Reset your password",
    code = "Hello {{name}},\n\nYour password reset code is {{code}}. It expires in {{minutes}} minutes.\n\nIf you did not ask for it, ignore this message: your password stays the same.",
    link = "Hello {{name}},\n\nOpen this link to choose a new password: {{link}}\nIt expires in {{minutes}} minutes.\n\nIf you did not ask for it, ignore this message: your password stays the same.",
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
