#include "mpi/roles.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/check.h"
#include "core/error.h"

namespace lf::mpi {
namespace {

// Parses a positive decimal integer that is the whole of `text`.
bool ParsePositive(std::string_view text, long long* out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && *out > 0;
}

[[noreturn]] void BadSyntax(std::string_view spec, const std::string& why) {
  throw InputError("mpi.learners = '" + std::string(spec) + "': " + why);
}

// The learner count `spec` asks for in a job of `world_size` ranks.
long long Learners(std::string_view spec, int world_size) {
  const size_t colon = spec.find(':');
  long long learners = 0;
  if (colon == std::string_view::npos) {
    if (!ParsePositive(spec, &learners)) BadSyntax(spec, "expected a count N or a ratio A:B");
    return learners;
  }
  long long a = 0;
  long long b = 0;
  if (!ParsePositive(spec.substr(0, colon), &a) || !ParsePositive(spec.substr(colon + 1), &b))
    BadSyntax(spec, "a ratio needs two positive integers, as in 4:1");
  learners = std::llround(static_cast<double>(world_size) * static_cast<double>(a) /
                          static_cast<double>(a + b));
  return std::clamp<long long>(learners, 1, std::max(1, world_size - 1));
}

// Collective over `parent`: ranks with `member` false get a null communicator.
// Keys are parent ranks, so each group keeps the world order (learner root first).
Communicator Split(MPI_Comm parent, bool member, int color = 0) {
  MPI_Comm comm = MPI_COMM_NULL;
  MPI_Comm_split(parent, member ? color : MPI_UNDEFINED, /*key=*/0, &comm);
  return Communicator::Adopt(comm);
}

[[noreturn]] void BadPartitions(std::string_view spec, int world_size, const std::string& why) {
  throw InputError("--partition " + std::string(spec) + " with " + std::to_string(world_size) +
                   (world_size == 1 ? " rank: " : " ranks: ") + why);
}

}  // namespace

PartitionLayout PartitionLayout::FromSpec(std::string_view spec, int world_size) {
  LF_CHECK_GE(world_size, 1);
  if (spec.empty()) return Even(1, world_size);
  const size_t x = spec.find('x');
  long long partitions = 0;
  long long ranks = 0;
  if (x == std::string_view::npos || !ParsePositive(spec.substr(0, x), &partitions) ||
      !ParsePositive(spec.substr(x + 1), &ranks))
    BadPartitions(spec, world_size, "expected PxR, P partitions of R ranks, as in 3x2");
  if (partitions * ranks != world_size)
    BadPartitions(spec, world_size,
                  std::to_string(partitions) + " x " + std::to_string(ranks) +
                      " ranks do not make the job's " + std::to_string(world_size) +
                      " (mpirun -np " + std::to_string(partitions * ranks) + ")");
  return {static_cast<int>(partitions), static_cast<int>(ranks)};
}

PartitionLayout PartitionLayout::Even(int partitions, int world_size) {
  LF_CHECK_GE(partitions, 1);
  if (world_size % partitions != 0)
    throw InputError(std::to_string(partitions) + " partitions cannot share " +
                     std::to_string(world_size) + (world_size == 1 ? " rank" : " ranks") +
                     " evenly (mpirun -np must be a multiple of " + std::to_string(partitions) +
                     ")");
  return {partitions, world_size / partitions};
}

std::string PartitionLayout::ToString() const {
  return std::to_string(partitions) + (partitions == 1 ? " partition of " : " partitions of ") +
         std::to_string(ranks_per_partition) + (ranks_per_partition == 1 ? " rank" : " ranks");
}

RoleLayout RoleLayout::FromSpec(std::string_view spec, int world_size) {
  LF_CHECK_GE(world_size, 1);
  RoleLayout layout;
  layout.world_size = world_size;
  const long long learners = Learners(spec, world_size);
  if (world_size == 1) return layout;  // laptop run: one rank, both roles
  if (learners > world_size - 1) {
    throw InputError("mpi.learners = '" + std::string(spec) + "' with " +
                     std::to_string(world_size) + " ranks: at most " +
                     std::to_string(world_size - 1) + " learners leave room for one generator");
  }
  layout.learners = static_cast<int>(learners);
  layout.generators = world_size - layout.learners;
  return layout;
}

void RoleLayout::CheckSpec(std::string_view spec) { Learners(spec, 1); }

std::string RoleLayout::ToString() const {
  std::string s = std::to_string(world_size) + (world_size == 1 ? " rank" : " ranks") + ": ";
  if (shared()) return s + "1 learner and generator (shared)";
  return s + std::to_string(learners) + (learners == 1 ? " learner, " : " learners, ") +
         std::to_string(generators) + (generators == 1 ? " generator" : " generators");
}

CommBundle::CommBundle(const Environment& env, const RoleLayout& layout)
    : CommBundle(env, PartitionLayout::Even(1, env.world().size()), layout) {}

CommBundle::CommBundle(const Environment& env, const PartitionLayout& partitions,
                       const RoleLayout& layout)
    : layout_(layout), partitions_(partitions) {
  const int world_rank = env.world().rank();
  LF_CHECK_EQ(partitions.partitions * partitions.ranks_per_partition, env.world().size());
  LF_CHECK_EQ(layout.world_size, partitions.ranks_per_partition);
  partition_ = partitions.PartitionOf(world_rank);
  universe_ = Communicator::View(MPI_COMM_WORLD);
  job_ = Split(MPI_COMM_WORLD, true, partition_);
  job_rank_ = job_.rank();
  const bool learner = layout.shared() || job_rank_ < layout.learners;
  const bool generator = layout.shared() || job_rank_ >= layout.learners;
  // One split per communicator, in the same order on every rank (each is collective).
  learners_ = Split(job_.get(), learner);
  generators_ = Split(job_.get(), generator);
  dispatch_ = Split(job_.get(), generator || job_rank_ == 0);
  LF_CHECK(!dispatch_.valid() || job_rank_ != 0 || dispatch_.rank() == 0);
  MPI_Comm node = MPI_COMM_NULL;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, world_rank, MPI_INFO_NULL, &node);
  const Communicator node_comm = Communicator::Adopt(node);
  ranks_on_node_ = node_comm.size();
  int learner_here = learner ? 1 : 0;
  MPI_Allreduce(&learner_here, &learners_on_node_, 1, MPI_INT, MPI_SUM, node_comm.get());
}

}  // namespace lf::mpi
