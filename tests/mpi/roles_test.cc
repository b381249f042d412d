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

TEST(PartitionLayoutTest, ParsesAndChecksTheWorldSize) {
  EXPECT_EQ(PartitionLayout::FromSpec("", 4).partitions, 1);
  EXPECT_EQ(PartitionLayout::FromSpec("", 4).ranks_per_partition, 4);
  const PartitionLayout three = PartitionLayout::FromSpec("3x2", 6);
  EXPECT_EQ(three.partitions, 3);
  EXPECT_EQ(three.ranks_per_partition, 2);
  EXPECT_EQ(three.PartitionOf(0), 0);
  EXPECT_EQ(three.PartitionOf(3), 1);
  EXPECT_EQ(three.PartitionOf(5), 2);
  EXPECT_EQ(three.ToString(), "3 partitions of 2 ranks");
  for (const char* spec : {"3", "3x", "x2", "0x6", "3x0", "3x2x1", "3*2", "2x2"}) {
    EXPECT_THROW(PartitionLayout::FromSpec(spec, 6), InputError) << spec;
  }
  try {
    PartitionLayout::FromSpec("2x2", 6);
    ADD_FAILURE() << "2x2 accepted for 6 ranks";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "error: --partition 2x2 with 6 ranks: 2 x 2 ranks do not make the job's 6 "
                 "(mpirun -np 4)");
  }
  EXPECT_EQ(PartitionLayout::Even(3, 6).ranks_per_partition, 2);
  EXPECT_THROW(PartitionLayout::Even(4, 6), InputError);
}

// Partitions of the actual world: each is a job of its own, in world order.
TEST(CommBundleTest, PartitionsSplitTheWorldInOrder) {
  const int world = TestEnvironment().world().size();
  const int world_rank = TestEnvironment().world().rank();
  for (int partitions = 1; partitions <= world; ++partitions) {
    if (world % partitions != 0) continue;
    SCOPED_TRACE(partitions);
    const PartitionLayout split = PartitionLayout::Even(partitions, world);
    const RoleLayout roles = RoleLayout::FromSpec("1", split.ranks_per_partition);
    const CommBundle bundle(TestEnvironment(), split, roles);
    EXPECT_EQ(bundle.partition(), world_rank / split.ranks_per_partition);
    EXPECT_EQ(bundle.job_rank(), world_rank % split.ranks_per_partition);
    EXPECT_EQ(bundle.job().size(), split.ranks_per_partition);
    EXPECT_EQ(bundle.universe().size(), world);
    EXPECT_EQ(bundle.universe().rank(), world_rank);
    EXPECT_EQ(bundle.IsLearnerRoot(), bundle.job_rank() == 0);
    EXPECT_EQ(bundle.IsLearner(), roles.shared() || bundle.job_rank() < roles.learners);
    EXPECT_EQ(bundle.ranks_on_node(), world);  // one node under ctest
    // The partitions' job communicators are disjoint: a sum over one counts its own ranks.
    int one = 1;
    int members = 0;
    MPI_Allreduce(&one, &members, 1, MPI_INT, MPI_SUM, bundle.job().get());
    EXPECT_EQ(members, split.ranks_per_partition);
  }
}

// Splits the actual world with several specs and checks every rank's view.
TEST(CommBundleTest, SplitMatchesLayoutForSeveralSpecs) {
  const int world = TestEnvironment().world().size();
  for (const char* spec : {"1", "1:1", "3:1", "1:3"}) {
    SCOPED_TRACE(spec);
    const RoleLayout layout = RoleLayout::FromSpec(spec, world);
    CommBundle bundle(TestEnvironment(), layout);
    const int rank = bundle.job_rank();
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
