-- Taklifnoma: e-mail tasdiqlash kodi (Uzbek, with an English fallback).
-- render{lang=, vars={code=, minutes=, name=}} -> {subject=, text=}
-- A missing variable is a bug in the caller: it fails loudly (assert) instead of sending an
-- empty text.
local atrium = require("atrium")

local texts = {
  uz = {
    subject = "Taklifnoma: email manzilingizni tasdiqlang",
    text = "Assalomu alaykum, {{name}}!\n\nTasdiqlash kodingiz: {{code}}\nKod {{minutes}} daqiqa amal qiladi.\n\nAgar siz ro'yxatdan o'tmagan bo'lsangiz, bu xabarga e'tibor bermang.\n\nHurmat bilan, Taklifnoma jamoasi",
  },
  en = {
    subject = "Taklifnoma: verify your email address",
    text = "Hello {{name}},\n\nYour verification code: {{code}}\nThe code is valid for {{minutes}} minutes.\n\nIf you did not sign up, ignore this message.\n\nThe Taklifnoma team",
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
