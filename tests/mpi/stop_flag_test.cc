#include "core/stop_flag.h"

#include <gtest/gtest.h>

#include <csignal>

namespace lf {
namespace {

TEST(StopFlagTest, SigtermAndSigintSetTheFlag) {
  InstallStopHandlers();
  ClearStopRequest();
  EXPECT_FALSE(StopRequested());
  std::raise(SIGTERM);
  EXPECT_TRUE(StopRequested());
  EXPECT_EQ(StopSignal(), SIGTERM);
  ClearStopRequest();
  std::raise(SIGINT);
  EXPECT_EQ(StopSignal(), SIGINT);
  ClearStopRequest();
  RequestStop();
  EXPECT_EQ(StopSignal(), -1);
  ClearStopRequest();
}

}  // namespace
}  // namespace lf
