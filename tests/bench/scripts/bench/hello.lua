-- The script half of the script-route benchmark: the same JSON object testkit.json returns
-- from C++ ({"hello":"world","n":42}).
local function handle(req)
  return {hello = "world", n = 42}
end
return {handle = handle}
