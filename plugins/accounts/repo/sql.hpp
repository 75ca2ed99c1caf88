// Where repository statements run: on their own (a Db) or inside an open transaction.
#pragma once

#include <string_view>

#include <atrium/db.hpp>

namespace atrium::plugins::accounts {

class Sql {
 public:
  explicit Sql(const sdk::Db& db) : db_(&db) {}
  explicit Sql(sdk::Transaction& tx) : tx_(&tx) {}

  sdk::Result query(std::string_view name, std::string_view sql,
                    const sdk::DbParams& params = {}) const {
    return tx_ != nullptr ? tx_->query(name, sql, params) : db_->query(name, sql, params);
  }

 private:
  const sdk::Db* db_ = nullptr;
  sdk::Transaction* tx_ = nullptr;
};

}  // namespace atrium::plugins::accounts
