// InRange: the one rule for numbers from the user (finite and in range).

#include "core/range_check.h"

#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <string>

namespace lf {
namespace {

std::string Message(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(InRangeTest, AcceptsTheClosedRangeAndRejectsOutside) {
  const auto check = InRange("learn.alpha", 0.0, 1.0);
  EXPECT_NO_THROW(check(0.0));
  EXPECT_NO_THROW(check(1.0));
  EXPECT_NO_THROW(check(0.5));
  EXPECT_NE(Message([&] { check(-0.5); }).find("--learn.alpha must be in [0, 1], got -0.5"),
            std::string::npos);
  EXPECT_THROW(check(1.0000001), InputError);
  const auto layers = InRange("model.n_layer", 1, 64);
  EXPECT_NO_THROW(layers(64));
  EXPECT_NE(Message([&] { layers(0); }).find("--model.n_layer must be in [1, 64], got 0"),
            std::string::npos);
}

TEST(InRangeTest, RejectsNanAndInfinity) {
  const auto check = InRange("learn.threshold", 0.0, 1.0);
  EXPECT_NE(Message([&] {
              check(std::numeric_limits<double>::quiet_NaN());
            }).find("--learn.threshold must be in [0, 1], got nan"),
            std::string::npos);
  EXPECT_THROW(check(std::numeric_limits<double>::infinity()), InputError);
  EXPECT_THROW(check(-std::numeric_limits<double>::infinity()), InputError);
  const auto wide = InRange("learn.alpha", 0.0, 1e6);
  EXPECT_THROW(wide(std::numeric_limits<double>::infinity()), InputError);
}

}  // namespace
}  // namespace lf
