-- The AI wedding invitation: what Taklifnoma asks the AI, and the invitation it shows when the
-- AI cannot answer. Product staff own this file; a change is live on the next request.
-- The weddings plugin calls:
--   prompt(vars)   -> the AI request {system, prompt, json, temperature, max_tokens, fallback}
--   fallback(vars) -> the invitation's parts without AI (also fills parts the AI left out)
-- vars: {groom_name, bride_name, wedding_date = "YYYY-MM-DD", wedding_location,
--        language = "uz"|"ru"|"en", tone = "rasmiy"|"samimiy"|"iliq",
--        style = "klassik"|"zamonaviy"|"milliy"}
-- The AI must answer a JSON object with the parts below (strings); the plugin takes each part
-- the answer has and the template's part for the others.
local atrium = require("atrium")

local PARTS = "headline, bismillah, intro_poem, invitation_body, main_body, footer_quote, footer_note"

local MONTHS = {
  uz = { "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avgust", "sentabr",
         "oktabr", "noyabr", "dekabr" },
  ru = { "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
         "октября", "ноября", "декабря" },
  en = { "January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December" },
}

local TEXTS = {
  uz = {
    tone = { rasmiy = "rasmiy", samimiy = "samimiy", iliq = "iliq va mehribon" },
    style = { klassik = "klassik", zamonaviy = "zamonaviy", milliy = "milliy o'zbek" },
    date = "{{year}} yil {{day}}-{{month}}",
    prompt = "{{groom_name}} va {{bride_name}} to'yi uchun {{tone}} ohangda, {{style}} uslubda "
      .. "o'zbek tilida taklifnoma yozing. To'y sanasi: {{date}}. Manzil: {{wedding_location}}.",
    parts = {
      headline = "{{groom_name}} va {{bride_name}}ning nikoh to'yi",
      bismillah = "Bismillahir Rohmanir Rohiym",
      intro_poem = "Ikki qalb bir bo'lgan kun,\nQuvonchimizga sherik bo'ling.",
      invitation_body = "Hurmatli mehmon!",
      main_body = "Sizni farzandlarimiz {{groom_name}} va {{bride_name}}ning nikoh to'yi "
        .. "munosabati bilan {{date}} kuni {{wedding_location}}da bo'lib o'tadigan "
        .. "tantanaga taklif etamiz.",
      footer_quote = "Baxt — bo'lishilganda ko'payadi.",
      footer_note = "Hurmat bilan, {{groom_name}} va {{bride_name}}ning oilalari",
    },
  },
  ru = {
    tone = { rasmiy = "официальном", samimiy = "искреннем", iliq = "тёплом" },
    style = { klassik = "классическом", zamonaviy = "современном", milliy = "национальном узбекском" },
    date = "{{day}} {{month}} {{year}} года",
    prompt = "Напишите приглашение на свадьбу на русском языке в {{tone}} тоне и {{style}} "
      .. "стиле. Жених: {{groom_name}}. Невеста: {{bride_name}}. Дата: {{date}}. "
      .. "Место: {{wedding_location}}.",
    parts = {
      headline = "{{groom_name}} и {{bride_name}}",
      bismillah = "",
      intro_poem = "Два сердца — одна судьба,\nРазделите с нами этот день.",
      invitation_body = "Дорогие гости!",
      main_body = "{{groom_name}} и {{bride_name}} приглашают вас на свою свадьбу, которая "
        .. "состоится {{date}} по адресу: {{wedding_location}}.",
      footer_quote = "Счастье умножается, когда им делятся.",
      footer_note = "С любовью, {{groom_name}} и {{bride_name}}",
    },
  },
  en = {
    tone = { rasmiy = "formal", samimiy = "sincere", iliq = "warm" },
    style = { klassik = "classic", zamonaviy = "modern", milliy = "traditional Uzbek" },
    date = "{{month}} {{day}}, {{year}}",
    prompt = "Write a {{tone}} wedding invitation in English, in a {{style}} style, for "
      .. "{{groom_name}} and {{bride_name}}. Date: {{date}}. Place: {{wedding_location}}.",
    parts = {
      headline = "The wedding of {{groom_name}} and {{bride_name}}",
      bismillah = "",
      intro_poem = "Two hearts, one road ahead;\nshare the first step with us.",
      invitation_body = "Dear guests,",
      main_body = "We joyfully invite you to the wedding of {{groom_name}} and {{bride_name}} "
        .. "on {{date}} at {{wedding_location}}.",
      footer_quote = "Happiness grows when it is shared.",
      footer_note = "With love, the families of {{groom_name}} and {{bride_name}}",
    },
  },
}

local SYSTEM = "You write wedding invitations. Answer only with a JSON object whose members "
  .. "are strings: " .. PARTS .. ". bismillah is \"Bismillahir Rohmanir Rohiym\" for Uzbek "
  .. "invitations in the milliy or klassik style and \"\" otherwise; intro_poem is two to four "
  .. "short lines; main_body names the couple, the date and the place; keep every member under "
  .. "600 characters; never invent a different date or place."

local function texts_for(vars)
  return TEXTS[vars.language] or TEXTS.uz
end

-- The template variables: the request's, with the date spelled out and the words of the
-- language.
local function words(vars)
  local t = texts_for(vars)
  local year, month, day = tostring(vars.wedding_date):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  local out = {}
  for k, v in pairs(vars) do out[k] = v end
  if year then
    out.date = atrium.template.render(t.date, {
      year = year, day = tostring(tonumber(day)), month = MONTHS[vars.language or "uz"]
        and MONTHS[vars.language or "uz"][tonumber(month)] or month,
    })
  else
    out.date = tostring(vars.wedding_date)
  end
  out.tone = t.tone[vars.tone] or vars.tone
  out.style = t.style[vars.style] or vars.style
  return out
end

local M = {}

function M.fallback(vars)
  local t = texts_for(vars)
  local w = words(vars)
  local parts = {}
  for name, text in pairs(t.parts) do
    parts[name] = assert(atrium.template.render(text, w))
  end
  if vars.language == "uz" and vars.style == "zamonaviy" then parts.bismillah = "" end
  return parts
end

function M.prompt(vars)
  local w = words(vars)
  return {
    system = SYSTEM,
    prompt = assert(atrium.template.render(texts_for(vars).prompt, w)),
    json = true,
    temperature = 0.8,
    max_tokens = 2048,
    fallback = assert(atrium.json.encode(M.fallback(vars))),
  }
end

return M
