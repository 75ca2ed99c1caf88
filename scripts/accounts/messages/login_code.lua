-- SMS login code (generic English default of the accounts plugin).
-- render{lang=, vars={code=, minutes=}} -> {body=}
-- A missing variable is a bug in the caller: it fails loudly (assert) instead of sending an
-- empty text.
local atrium = require("atrium")

local texts = {
  en = "Your verification code is {{code}}. It expires in {{minutes}} minutes. Do not share it.",
}

return {
  render = function(input)
    return { body = assert(atrium.template.render(texts[input.lang] or texts.en, input.vars)) }
  end,
}
