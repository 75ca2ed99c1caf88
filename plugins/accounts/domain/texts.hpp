// The English default texts of every answer message (Settings::texts overrides them per key).
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace atrium::plugins::accounts {

const std::map<std::string, std::string>& defaultTexts();

// The default answer body of every handler (Settings::responses overrides them per handler).
const std::map<std::string, nlohmann::json>& defaultResponses();

}  // namespace atrium::plugins::accounts
