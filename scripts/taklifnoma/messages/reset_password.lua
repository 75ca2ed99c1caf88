-- Taklifnoma: parolni tiklash kodi (Uzbek, with an English fallback).
-- render{lang=, vars={code=, minutes=, name=}} -> {subject=, text=}
-- A missing variable is a bug in the caller: it fails loudly (assert) instead of sending an
-- empty text.
local atrium = require("atrium")

local texts = {
  uz = {
    subject = "Taklifnoma: parolni tiklash",
    text = "Assalomu alaykum, {{name}}!\n\nParolni tiklash kodingiz: {{code}}\nKod {{minutes}} daqiqa amal qiladi.\n\nAgar siz so'rov yubormagan bo'lsangiz, bu xabarga e'tibor bermang: parolingiz o'zgarmaydi.\n\nHurmat bilan, Taklifnoma jamoasi",
  },
  en = {
    subject = "Taklifnoma: reset your password",
    text = "Hello {{name}},\n\nYour password reset code: {{code}}\nThe code is valid for {{minutes}} minutes.\n\nIf you did not ask for it, ignore this message: your password stays the same.\n\nThe Taklifnoma team",
  },
}

return {
  render = function(input)
    local t = texts[input.lang] or texts.uz
    return {
      subject = t.subject,
      text = assert(atrium.template.render(t.text, input.vars)),
    }
  end,
}
