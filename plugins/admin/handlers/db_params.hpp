// The domain's statement parameters as the SDK's.
#pragma once

#include <vector>

#include <atrium/db_value.hpp>

#include "plugins/admin/domain/stats_query.hpp"

namespace atrium::plugins::admin {

inline sdk::DbParams dbParams(const std::vector<SqlParam>& params) {
  sdk::DbParams out;
  for (const SqlParam& p : params) {
    if (const auto* text = std::get_if<std::string>(&p.value)) {
      out.push_back({p.name, *text});
    } else {
      out.push_back({p.name, std::get<int64_t>(p.value)});
    }
  }
  return out;
}

}  // namespace atrium::plugins::admin
