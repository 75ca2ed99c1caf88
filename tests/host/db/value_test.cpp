// Reading number columns back the same way on both backends (host/db/value.hpp).
#include "host/db/value.hpp"

#include <gtest/gtest.h>

namespace atrium::host::db {
namespace {

TEST(ValueTest, IntegerOfTakesIntsAndTruncatesDoubles) {
  EXPECT_EQ(integerOf(Value{int64_t{1'800'000'000'000}}), 1'800'000'000'000);
  EXPECT_EQ(integerOf(Value{3.9}), 3);
  EXPECT_EQ(integerOf(Value{std::string("42")}), std::nullopt);
  EXPECT_EQ(integerOf(Value{}), std::nullopt);
  EXPECT_EQ(integerOf(Value{true}), std::nullopt);
}

TEST(ValueTest, NumberOfTakesDoublesAndInts) {
  EXPECT_EQ(numberOf(Value{2.5}), 2.5);
  EXPECT_EQ(numberOf(Value{int64_t{7}}), 7.0);
  EXPECT_EQ(numberOf(Value{std::string("2.5")}), std::nullopt);
  EXPECT_EQ(numberOf(Value{Blob{"x"}}), std::nullopt);
}

}  // namespace
}  // namespace atrium::host::db
