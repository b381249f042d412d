#include "mpi/roles.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "mpi/mpi_test_env.h"

namespace lf::mpi {
namespace {

using testing::TestEnvironment;

TEST(RoleLayoutTest, CountsAndRatios) {
  EXPECT_EQ(RoleLayout::FromSpec("1", 4).learners, 1);
  EXPECT_EQ(RoleLayout::FromSpec("1", 4).generators, 3);
  EXPECT_EQ(RoleLayout::FromSpec("3", 4).learners, 3);
  EXPECT_EQ(RoleLayout::FromSpec("4:1", 10).learners, 8);
  EXPECT_EQ(RoleLayout::FromSpec("4:1", 10).generators, 2);
  EXPECT_EQ(RoleLayout::FromSpec("1:3", 4).learners, 1);
  EXPECT_EQ(RoleLayout::FromSpec("1:1", 3).learners, 2);    // round(1.5) = 2
  EXPECT_EQ(RoleLayout::FromSpec("1:100", 4).learners, 1);  // at least one learner
  EXPECT_EQ(RoleLayout::FromSpec("100:1", 4).learners, 3);  // at least one generator
  const RoleLayout one = RoleLayout::FromSpec("8", 1);      // laptop: spec ignored
  EXPECT_TRUE(one.shared());
  EXPECT_EQ(one.learners, 1);
  EXPECT_EQ(one.generators, 1);
  EXPECT_EQ(RoleLayout::FromSpec("1", 4).ToString(), "4 ranks: 1 learner, 3 generators");
}

TEST(RoleLayoutTest, BadSpecsAreInputErrors) {
  for (const char* spec : {"", "0", "-1", "4", "x", "4:", ":1", "0:1", "1:0", "1:2:3", "2.5"}) {
    EXPECT_THROW(RoleLayout::FromSpec(spec, 4), InputError) << spec;
  }
  try {
    RoleLayout::FromSpec("4", 4);
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "error: mpi.learners = '4' with 4 ranks: at most 3 learners leave room for one "
                 "generator");
  }
}

// The option notifier checks the syntax alone: the world size is not known yet.
TEST(RoleLayoutTest, CheckSpecRejectsSyntaxOnly) {
  for (const char* spec : {"", "0", "x", "4:", "1:0", "1:2:3", "2.5"}) {
    EXPECT_THROW(RoleLayout::CheckSpec(spec), InputError) << spec;
  }
  for (const char* spec : {"1", "4", "4:1", "1:3"}) {
    EXPECT_NO_THROW(RoleLayout::CheckSpec(spec)) << spec;
  }
  try {
    RoleLayout::CheckSpec("5:0");
    ADD_FAILURE() << "5:0 accepted";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "error: mpi.learners = '5:0': a ratio needs two positive integers, as in 4:1");
  }
}

// Splits the actual world with several specs and checks every rank's view.
TEST(CommBundleTest, SplitMatchesLayoutForSeveralSpecs) {
  const int world = TestEnvironment().world().size();
  for (const char* spec : {"1", "1:1", "3:1", "1:3"}) {
    SCOPED_TRACE(spec);
    const RoleLayout layout = RoleLayout::FromSpec(spec, world);
    CommBundle bundle(TestEnvironment(), layout);
    const int rank = bundle.world_rank();
    EXPECT_EQ(bundle.IsLearnerRoot(), rank == 0);
    if (layout.shared()) {
      EXPECT_TRUE(bundle.IsLearner() && bundle.IsGenerator());
      EXPECT_EQ(bundle.dispatch().size(), 1);
      continue;
    }
    EXPECT_EQ(bundle.IsLearner(), rank < layout.learners);
    EXPECT_NE(bundle.IsLearner(), bundle.IsGenerator());
    if (bundle.IsLearner()) {
      EXPECT_EQ(bundle.learners().size(), layout.learners);
      EXPECT_EQ(bundle.learners().rank(), rank);
    } else {
      EXPECT_EQ(bundle.generators().size(), layout.generators);
      EXPECT_EQ(bundle.generators().rank(), rank - layout.learners);
    }
    // dispatch = learner root + generators, root first, then generators in world order.
    EXPECT_EQ(bundle.dispatch().valid(), rank == 0 || bundle.IsGenerator());
    if (bundle.dispatch().valid()) {
      EXPECT_EQ(bundle.dispatch().size(), layout.generators + 1);
      EXPECT_EQ(bundle.dispatch().rank(), rank == 0 ? 0 : rank - layout.learners + 1);
    }
    // A moved-from bundle is empty; the moved-to one keeps the communicators.
    CommBundle moved = std::move(bundle);
    EXPECT_EQ(moved.IsLearner(), rank < layout.learners);
  }
}

}  // namespace
}  // namespace lf::mpi
