// The SOCI wrapper (host/db/soci.hpp) on both backends: typed values survive a round trip and
// NULL travels through indicators (SOCI 4.0.3 has no std::optional binding).
#include "host/db/soci.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "tests/host/db/test_database.hpp"

namespace atrium::host::db {
namespace {

class SociTest : public testing::BothBackendsTest {};
INSTANTIATE_TEST_SUITE_P(Backends, SociTest, testing::kBothBackends, testing::testBackendName);

struct Row {
  long long big = 0;
  double real = 0;
  std::string text;
  std::string maybe;
  soci::indicator maybe_ind = soci::i_ok;
};

Row readRow(soci::session& session, int id) {
  Row row;
  session << "SELECT big, real_value, text_value, maybe FROM typed WHERE id = :id",
      soci::into(row.big), soci::into(row.real), soci::into(row.text),
      soci::into(row.maybe, row.maybe_ind), soci::use(id);
  return row;
}

void insertRow(soci::session& session, int id, long long big, double real, const std::string& text,
               const std::string& maybe, soci::indicator maybe_ind) {
  session << "INSERT INTO typed (id, big, real_value, text_value, maybe) "
             "VALUES (:id, :big, :real, :text, :maybe)",
      soci::use(id), soci::use(big), soci::use(real), soci::use(text), soci::use(maybe, maybe_ind);
}

TEST_P(SociTest, TypedRoundTripWithNullIndicators) {
  ConnectionPool& pool = makePool({.size = 1});
  Lease lease = pool.acquire();
  soci::session& session = *lease;
  session << "CREATE TABLE typed (id INTEGER PRIMARY KEY, big BIGINT NOT NULL, "
             "real_value DOUBLE PRECISION NOT NULL, text_value TEXT NOT NULL, maybe TEXT)";

  const long long kBig = 9007199254740993LL;  // 2^53 + 1: not representable as a double
  const long long kMin = std::numeric_limits<long long>::min();
  const double kPi = 3.141592653589793;
  const std::string kText = "it's \"quoted\", ü, 🙂, back\\slash";
  insertRow(session, 1, kBig, kPi, kText, "present", soci::i_ok);
  insertRow(session, 2, kMin, -0.1, "", "ignored", soci::i_null);

  const Row one = readRow(session, 1);
  EXPECT_EQ(one.big, kBig);
  EXPECT_EQ(one.real, kPi);
  EXPECT_EQ(one.text, kText);
  EXPECT_EQ(one.maybe_ind, soci::i_ok);
  EXPECT_EQ(one.maybe, "present");

  const Row two = readRow(session, 2);
  EXPECT_EQ(two.big, kMin);
  EXPECT_EQ(two.real, -0.1);
  EXPECT_EQ(two.text, "");
  EXPECT_EQ(two.maybe_ind, soci::i_null);

  // int64_t, the type the plugin ABI will use, binds as well.
  const int64_t kInt64 = std::numeric_limits<int64_t>::max();
  int64_t back = 0;
  session << "UPDATE typed SET big = :v WHERE id = 1", soci::use(kInt64);
  session << "SELECT big FROM typed WHERE id = 1", soci::into(back);
  EXPECT_EQ(back, kInt64);

  // A NULL read without an indicator is an error, not a silent default.
  std::string no_indicator;
  EXPECT_THROW((session << "SELECT maybe FROM typed WHERE id = 2", soci::into(no_indicator)),
               soci::soci_error);
  // No row: the indicator-free read leaves got_data() false.
  std::string missing = "unchanged";
  soci::statement st =
      (session.prepare << "SELECT text_value FROM typed WHERE id = 99", soci::into(missing));
  st.execute(true);
  EXPECT_FALSE(st.got_data());
  EXPECT_EQ(missing, "unchanged");
}

}  // namespace
}  // namespace atrium::host::db
