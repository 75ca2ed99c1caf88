-- SMS login code (generic English default of the accounts plugin).
-- render{lang=, vars={code=, minutes=}} -> {body=}
local atrium = require("atrium")

local texts = {
  en = "Your verification code is {{code}}. It expires in {{minutes}} minutes. Do not share it.",
}

return {
  render = function(input)
    return { body = atrium.template.render(texts[input.lang] or texts.en, input.vars) }
  end,
}
