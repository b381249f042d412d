#include <gtest/gtest.h>

#include <cstring>
#include <numeric>
#include <vector>

#include "core/hash.h"
#include "mpi/allreduce.h"
#include "mpi/mpi_test_env.h"
#include "mpi/roles.h"
#include "mpi/weights.h"

namespace lf::mpi {
namespace {

using testing::TestEnvironment;

// Every rank's hash of `values`' bits, gathered on every rank.
std::vector<uint64_t> GatherBitsHash(const Communicator& comm, const std::vector<float>& values) {
  uint64_t hash = 0;
  for (const float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    hash = HashCombine(hash, bits);
  }
  std::vector<uint64_t> all(static_cast<size_t>(comm.size()));
  MPI_Allgather(&hash, 1, MPI_UINT64_T, all.data(), 1, MPI_UINT64_T, comm.get());
  return all;
}

TEST(WeightsTest, BroadcastFloatsAndVersion) {
  const int world = TestEnvironment().world().size();
  const CommBundle bundle(TestEnvironment(), RoleLayout::FromSpec("1", world));
  if (!bundle.dispatch().valid()) return;
  const Communicator& dispatch = bundle.dispatch();
  std::vector<float> weights(12345);
  if (dispatch.rank() == 0) std::iota(weights.begin(), weights.end(), -100.25f);
  const uint64_t version = BroadcastWeights(dispatch, std::span<float>(weights), 41);
  EXPECT_EQ(version, 41u);
  EXPECT_EQ(weights[0], -100.25f);
  EXPECT_EQ(weights[12344], -100.25f + 12344.0f);
}

TEST(WeightsTest, BroadcastBytesResizesReceivers) {
  const Communicator& world = TestEnvironment().world();
  std::vector<std::byte> bytes;
  if (world.rank() == 0) bytes.assign(777, std::byte{0x5a});
  EXPECT_EQ(BroadcastBytes(world, &bytes, 9), 9u);
  ASSERT_EQ(bytes.size(), 777u);
  EXPECT_EQ(bytes[776], std::byte{0x5a});
  // An empty payload is fine too.
  if (world.rank() == 0) bytes.clear();
  BroadcastBytes(world, &bytes, 10);
  EXPECT_TRUE(bytes.empty());
}

TEST(AllreduceTest, BucketedSumIsExactAndIdenticalOnEveryRank) {
  const Communicator& world = TestEnvironment().world();
  const int n = world.size();
  const int r = world.rank();
  // Integer-valued floats below 2^24: every summation order gives the exact sum.
  std::vector<float> grads(10007);
  for (size_t i = 0; i < grads.size(); ++i) grads[i] = static_cast<float>((r + 1) * (i % 1000));
  // 1000-float buckets: 11 buckets, the last one partial.
  GradientAllreduce reduce(world, 1000 * sizeof(float));
  reduce.Run(grads, Reduction::kSum);
  const float ranks_sum = static_cast<float>(n * (n + 1) / 2);
  for (size_t i = 0; i < grads.size(); ++i) {
    ASSERT_EQ(grads[i], ranks_sum * static_cast<float>(i % 1000)) << i;
  }
  const auto hashes = GatherBitsHash(world, grads);
  for (const uint64_t h : hashes) EXPECT_EQ(h, hashes[0]);
}

TEST(AllreduceTest, NonIntegerSumsAgreeBitwiseAcrossRanks) {
  const Communicator& world = TestEnvironment().world();
  std::vector<float> grads(4096);
  for (size_t i = 0; i < grads.size(); ++i) {
    grads[i] = 0.1f * static_cast<float>(i) / static_cast<float>(world.rank() + 3);
  }
  GradientAllreduce reduce(world, 512 * sizeof(float));
  // Two Start() calls (as a backward pass would), then one Wait().
  reduce.Start(std::span<float>(grads).first(1000), Reduction::kMean);
  reduce.Start(std::span<float>(grads).subspan(1000), Reduction::kMean);
  reduce.Wait();
  const auto hashes = GatherBitsHash(world, grads);
  for (const uint64_t h : hashes) EXPECT_EQ(h, hashes[0]);
}

TEST(AllreduceTest, MeanOfIntegers) {
  const Communicator& world = TestEnvironment().world();
  std::vector<float> grads(100, static_cast<float>(2 * world.rank()));
  GradientAllreduce(world).Run(grads, Reduction::kMean);
  // mean of 0, 2, ..., 2(n-1) = n - 1
  for (const float g : grads) EXPECT_FLOAT_EQ(g, static_cast<float>(world.size() - 1));
}

}  // namespace
}  // namespace lf::mpi
