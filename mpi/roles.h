#pragma once
// Partitions and learner / generator rank groups: the one place where the job is
// split (style.md rule 8; LAMMPS universe -> world with -partition, OPAL
// CommSplitter). Two levels:
//
//   universe -> partition  `--partition PxR`: world ranks [p*R, (p+1)*R) form
//                          partition p, an independent run (a sweep runs one
//                          configuration per partition). Without partitions the
//                          whole world is one partition.
//   partition -> roles     within a partition of size W ("the job" below):
//
// Layout. Job ranks [0, L) are learners, [L, W) are generators; job rank 0 is
// the learner root, which also coordinates the work queue and broadcasts weights:
//
//      job:        0      1 ... L-1   |   L ... W-1
//      role:     learner root, learners   generators
//      learners: [0 ................ L-1]                   gradient allreduce
//      generators:                         [L ...... W-1]   generator-only collectives
//      dispatch: [0]                    +  [L ...... W-1]   work queue + weight broadcast
//                (dispatch rank 0 = learner root; generator g has dispatch rank g - L + 1)
//      job:      [0 ..................................... W-1]   all ranks of the
//                partition (the run's work queue: learners also prove)
//      universe: every rank of every partition (only to agree on the exit code)
//
// A one-rank job (a laptop run without mpirun) runs both roles on rank 0: all three
// communicators are {0}, and IsLearner() and IsGenerator() are both true. The
// learner count in the configuration is ignored then, so the same config file
// works on a laptop and on a cluster.
//
// Partition count. `--partition PxR` with P, R >= 1 and P * R = world size;
// "" is one partition of the whole world (lf::InputError otherwise).
//
// Learner count. `mpi.learners` is either a count "N" (1 <= N <= W-1) or a
// learner:generator ratio "A:B", giving L = round(W * A / (A + B)) clamped to
// [1, W-1]: with W = 10, "4:1" gives 8 learners and 2 generators; "1:3" with W = 4
// gives 1 learner and 3 generators. Anything else is an lf::InputError.
//
// Ownership: CommBundle owns its communicators (move only, freed in its destructor,
// which must run before the mpi::Environment's). Pass it by const reference to the
// role functions; no other code splits or names the world communicator.

#include <string>
#include <string_view>

#include "mpi/communicator.h"
#include "mpi/environment.h"

namespace lf::mpi {

// How the world is cut into partitions; computed identically on every rank.
struct PartitionLayout {
  int partitions = 1;
  int ranks_per_partition = 1;

  // Parses "PxR" (or "" for one partition of `world_size` ranks). Throws
  // lf::InputError naming `spec` and the world size unless P * R == world_size.
  static PartitionLayout FromSpec(std::string_view spec, int world_size);
  // P partitions of equal size: InputError unless `partitions` divides `world_size`.
  static PartitionLayout Even(int partitions, int world_size);

  int PartitionOf(int world_rank) const { return world_rank / ranks_per_partition; }
  // "3 partitions of 2 ranks" (for logs).
  std::string ToString() const;
};

// How many ranks take each role; computed identically on every rank.
struct RoleLayout {
  int world_size = 1;
  int learners = 1;    // world ranks [0, learners) learn
  int generators = 1;  // the remaining ranks generate; 1 (the same rank) when world_size == 1

  // True for a one-rank job, where rank 0 runs both roles.
  bool shared() const { return world_size == 1; }

  // Parses "N" or "A:B" (see the file comment). Throws lf::InputError naming
  // `spec` and the world size when the layout is impossible.
  static RoleLayout FromSpec(std::string_view spec, int world_size);
  // The syntax check alone (an option notifier: no world size is known yet).
  static void CheckSpec(std::string_view spec);

  // "4 ranks: 1 learner, 3 generators" (for logs).
  std::string ToString() const;
};

class CommBundle {
 public:
  // Collective over the whole world: splits it by `layout` (which must have been
  // computed with world_size == env.world().size()), as one partition.
  CommBundle(const Environment& env, const RoleLayout& layout);
  // Collective over the whole world: splits it into `partitions`, then this
  // rank's partition by `layout` (computed with world_size == ranks_per_partition;
  // partitions may differ in their layouts).
  CommBundle(const Environment& env, const PartitionLayout& partitions, const RoleLayout& layout);

  CommBundle(CommBundle&&) = default;
  CommBundle& operator=(CommBundle&&) = default;

  const RoleLayout& layout() const { return layout_; }
  const PartitionLayout& partitions() const { return partitions_; }
  // This rank's partition, and its rank within it (the "job rank").
  int partition() const { return partition_; }
  int job_rank() const { return job_rank_; }

  bool IsLearner() const { return learners_.valid(); }
  bool IsGenerator() const { return generators_.valid(); }
  // The learner root: trains, coordinates the work queue, broadcasts weights.
  bool IsLearnerRoot() const { return job_rank_ == 0; }

  // All learners (valid on learner ranks): gradient allreduce.
  const Communicator& learners() const { return learners_; }
  // All generators (valid on generator ranks).
  const Communicator& generators() const { return generators_; }
  // Learner root plus all generators (valid on those ranks; rank 0 = learner root):
  // the work queue and the weight broadcast.
  const Communicator& dispatch() const { return dispatch_; }
  // Every rank of the job (the partition), in world order (valid everywhere;
  // rank 0 = learner root).
  const Communicator& job() const { return job_; }
  // Every rank of every partition (valid everywhere).
  const Communicator& universe() const { return universe_; }
  // How many ranks of the universe (every partition) run on this rank's node
  // (MPI_COMM_TYPE_SHARED), so that ranks sharing a node split its cores
  // instead of oversubscribing them.
  int ranks_on_node() const { return ranks_on_node_; }
  // How many of those are learners (they share the node's cores while training).
  int learners_on_node() const { return learners_on_node_; }

 private:
  RoleLayout layout_;
  PartitionLayout partitions_;
  int partition_ = 0;
  int job_rank_ = 0;
  Communicator universe_;
  Communicator learners_;
  Communicator generators_;
  Communicator dispatch_;
  Communicator job_;
  int ranks_on_node_ = 1;
  int learners_on_node_ = 1;
};

}  // namespace lf::mpi
