-- The guest-page slug of a wedding: "Aziz" + "Malika" -> "aziz-va-malika".
-- Product staff own this rule: the weddings plugin calls slug(args) when the couple did not pick
-- a slug, and adds -2, -3, ... itself when the result is taken.
--   args: {groom_name = "...", bride_name = "...", wedding_date = "YYYY-MM-DD", language = "uz"}
--   returns: {slug = "..."} (lower-case a-z, 0-9 and single dashes)
-- Cyrillic (Russian and Uzbek) is spelled in Latin, apostrophes (o', g') are dropped, every other
-- run of characters outside [a-z0-9] becomes one dash.
local translit = require("taklifnoma/rules/lib/translit")

local JOINERS = { uz = "va", ru = "i", en = "and" }
local MAX_LENGTH = 60

local function latin(text)
  local parts = {}
  for ch in text:gmatch("[%z\1-\127\192-\244][\128-\191]*") do
    local spelled = translit.latin(ch)
    if spelled then
      parts[#parts + 1] = spelled
    elseif ch == "'" or ch == "ʻ" or ch == "‘" or ch == "’" or ch == "ʼ" or ch == "`" then
      parts[#parts + 1] = ""
    else
      parts[#parts + 1] = ch:lower()
    end
  end
  return (table.concat(parts):gsub("[^a-z0-9]+", "-"):gsub("^%-+", ""):gsub("%-+$", ""))
end

local M = {}

function M.slug(args)
  if type(args) ~= "table" then error("the argument must be an object") end
  local groom, bride = args.groom_name, args.bride_name
  if type(groom) ~= "string" or type(bride) ~= "string" then
    error("groom_name and bride_name must be strings")
  end
  local joiner = JOINERS[args.language or "uz"] or JOINERS.uz
  local names = {}
  for _, name in ipairs({ latin(groom), latin(bride) }) do
    if name ~= "" then names[#names + 1] = name end
  end
  local slug = table.concat(names, "-" .. joiner .. "-")
  if #names < 2 then
    -- Names without Latin letters or digits (e.g. Arabic script): the date keeps it readable.
    local date = type(args.wedding_date) == "string" and args.wedding_date or ""
    slug = (slug ~= "" and (slug .. "-") or "") .. "toy" .. (date ~= "" and ("-" .. date) or "")
  end
  if #slug > MAX_LENGTH then
    slug = slug:sub(1, MAX_LENGTH):gsub("%-+$", "")
  end
  return { slug = slug }
end

return M
