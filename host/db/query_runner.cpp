#include "host/db/query_runner.hpp"

#include "host/db/native_session.hpp"

namespace atrium::host::db {

QueryResult runQuery(Lease& lease, std::string_view sql, const Params& params,
                     const QueryOptions& options) {
  try {
    return lease.native().run(sql, params, options);
  } catch (const DatabaseUnavailable&) {
    lease.markFailed();  // the pool checks (and reconnects) the session before reusing it
    throw;
  }
}

}  // namespace atrium::host::db
