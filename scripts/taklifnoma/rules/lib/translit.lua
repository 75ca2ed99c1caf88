-- Cyrillic letters (Russian and Uzbek) to Latin, after the Uzbek Latin alphabet where it has
-- one. Keys are lower-case UTF-8 letters; UPPER maps each capital to its lower-case letter.
local LOWER = {
  ["а"] = "a", ["б"] = "b", ["в"] = "v", ["г"] = "g", ["д"] = "d", ["е"] = "e", ["ё"] = "yo",
  ["ж"] = "j", ["з"] = "z", ["и"] = "i", ["й"] = "y", ["к"] = "k", ["л"] = "l", ["м"] = "m",
  ["н"] = "n", ["о"] = "o", ["п"] = "p", ["р"] = "r", ["с"] = "s", ["т"] = "t", ["у"] = "u",
  ["ф"] = "f", ["х"] = "x", ["ц"] = "ts", ["ч"] = "ch", ["ш"] = "sh", ["щ"] = "sh", ["ъ"] = "",
  ["ы"] = "i", ["ь"] = "", ["э"] = "e", ["ю"] = "yu", ["я"] = "ya",
  ["ў"] = "o", ["қ"] = "q", ["ғ"] = "g", ["ҳ"] = "h",
}
local CAPITALS = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЎҚҒҲ"
local LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяўқғҳ"

local UPPER = {}
do
  local capitals = {}
  for ch in CAPITALS:gmatch("[\192-\244][\128-\191]*") do capitals[#capitals + 1] = ch end
  local i = 0
  for ch in LETTERS:gmatch("[\192-\244][\128-\191]*") do
    i = i + 1
    UPPER[capitals[i]] = ch
  end
end

local M = {}

-- The Latin spelling of one UTF-8 character, or nil when it is not a Cyrillic letter we know.
function M.latin(ch)
  return LOWER[UPPER[ch] or ch]
end

return M
