// InRange and the option checks: the rules for values from the user (finite and in range,
// one of the names).

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

enum class Color { kRed, kBlue };
constexpr EnumNames<Color, 2> kColors{{{{Color::kRed, "red"}, {Color::kBlue, "blue"}}}};

TEST(OptionChecksTest, EnumNamesParseNameAndCheck) {
  EXPECT_EQ(kColors.Parse("blue"), Color::kBlue);
  EXPECT_FALSE(kColors.Parse("green").has_value());
  EXPECT_STREQ(kColors.Name(Color::kRed), "red");
  EXPECT_STREQ(kColors.Name(static_cast<Color>(7)), "?");
  EXPECT_TRUE(kColors(Color::kBlue));
  EXPECT_FALSE(kColors(static_cast<Color>(7)));
  EXPECT_EQ(OptionValueError("search.paint", kColors.Requirement(), std::string("green")),
            "--search.paint must be one of: red blue, got 'green'");
  EXPECT_EQ(kColors.List(", "), "red, blue");
}

TEST(OptionChecksTest, SignChecksFailNan) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(Positive{}(1));
  EXPECT_FALSE(Positive{}(0));
  EXPECT_FALSE(Positive{}(nan));
  EXPECT_TRUE(NonNegative{}(0.0));
  EXPECT_FALSE(NonNegative{}(nan));
  EXPECT_TRUE(NonZeroFraction{}(1.0));
  EXPECT_FALSE(NonZeroFraction{}(0.0));
  EXPECT_EQ(OptionValueError("budget", Positive{}.Requirement(), 0),
            "--budget must be positive, got 0");
}

}  // namespace
}  // namespace lf
