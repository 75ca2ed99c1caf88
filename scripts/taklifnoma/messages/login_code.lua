-- Taklifnoma: SMS orqali kirish kodi (Uzbek, with an English fallback).
-- render{lang=, vars={code=, minutes=}} -> {body=}
-- A missing variable is a bug in the caller: it fails loudly (assert) instead of sending an
-- empty text.
local atrium = require("atrium")

local texts = {
  uz = "Taklifnoma: kirish kodingiz {{code}}. Kod {{minutes}} daqiqa amal qiladi. Uni hech kimga bermang.",
  en = "Taklifnoma: your login code is {{code}}. It is valid for {{minutes}} minutes. Do not share it.",
}

return {
  render = function(input)
    return { body = assert(atrium.template.render(texts[input.lang] or texts.uz, input.vars)) }
  end,
}
