// The client-side deadline on a database exchange follows the configured statement
// timeout, so an operator's KEEL_STATEMENT_TIMEOUT_MS is never cut short by the client.
#include <gtest/gtest.h>

#include "db/connection.h"

namespace keel::db {
namespace {

TEST(ClientDeadline, FollowsTheStatementTimeout) {
  EXPECT_EQ(ClientDeadlineMs(ConnectionOptions{}), 5000 + kServerAnswerMarginMs);
  EXPECT_EQ(ClientDeadlineMs(ConnectionOptions{.url = "", .statement_timeout_ms = 35000}),
            35000 + kServerAnswerMarginMs);
  EXPECT_EQ(ClientDeadlineMs(ConnectionOptions{.url = "", .statement_timeout_ms = 100}),
            100 + kServerAnswerMarginMs);
}

TEST(ClientDeadline, AnExplicitDeadlineWins) {
  EXPECT_EQ(ClientDeadlineMs(ConnectionOptions{
                .url = "", .statement_timeout_ms = 35000, .query_deadline_ms = 1500}),
            1500);
}

TEST(ClientDeadline, NoStatementTimeoutStillBoundsTheWait) {
  EXPECT_EQ(ClientDeadlineMs(ConnectionOptions{.url = "", .statement_timeout_ms = 0}),
            kLongStatementDeadlineMs);
}

}  // namespace
}  // namespace keel::db
