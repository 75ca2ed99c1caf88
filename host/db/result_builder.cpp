#include "host/db/result_builder.hpp"

namespace atrium::host::db {

void ResultBuilder::add(Value value) {
  size_t cost = kValueCost;
  if (const auto* text = std::get_if<std::string>(&value)) cost += text->size();
  if (const auto* blob = std::get_if<Blob>(&value)) cost += blob->bytes.size();
  used_ += cost;
  if (used_ > max_bytes_) {
    throw QueryError(QueryErrorKind::kTooLarge, "query result larger than " +
                                                    std::to_string(max_bytes_) +
                                                    " bytes (QueryOptions::max_result_bytes)");
  }
  result_.rows.back().push_back(std::move(value));
}

}  // namespace atrium::host::db
