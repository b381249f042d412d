#pragma once
// `lemmaforge run`: minimo's synchronous conjecture -> prove -> learn loop
// (spec minimo.md §5) with the goal-conditioning extension (§4.5), as one MPI
// job whose ranks split into learners and generators (mpi/roles.h).
//
// Per iteration i (the learner root decides, everyone follows):
//   1. control   root broadcasts "iterate i" (or "stop") to every rank, then the
//                model weights (mpi/weights.h); ranks wait for it quietly
//   2. prove     one work-queue session over all ranks (mpi/work_queue.h):
//                  - a proof task per final goal (logged as final_goals_proven)
//                  - conjecture tasks (run.conjectures_per_task each); the root
//                    merges their samples in task order through one novelty
//                    filter (string + alpha-equivalence vs. this iteration and
//                    every proven statement) and submits a proof task per new
//                    conjecture; rounds repeat until run.n_conjectures or
//                    run.conjecture_rounds
//                Every rank, the root included, runs tasks (run_tasks.h): its
//                searches in flight share batched model calls, each finished
//                search is relabelled in hindsight, its graph goes to the rank's
//                shard. Results return to the root through the queue.
//   3. label     root (learn/labelling.h): difficulty thresholds from the
//                proven conjectures' log-probs (run.buckets), "Conj:(label)
//                statement" strings, search and hindsight examples (hindsight
//                statements are deduplicated across the run); the app writes
//                proof attempts, conjectures and examples to the root's shard
//   4. train     root broadcasts "train"; learners run learn.train_iterations
//                steps of the goal-conditioned loss on the examples (gradients
//                averaged across learners by allreduce); generators wait quietly
//   5. publish   root writes checkpoints/it<i>.ckpt, the metrics rows, and last
//                state.json (run_dir.h), which makes the iteration complete
//
// Stopping. SIGTERM/SIGINT/SIGUSR1 (core/stop_flag.h; SIGUSR1 is what mpirun forwards) is polled by the root while the
// queue runs and by every learner between training steps (agreed by an
// allreduce); the root then drains the queue, broadcasts "stop", every rank
// flushes its shard and the job exits with kExitInterrupted (3). The
// interrupted iteration is not completed; `--resume` redoes it.
//
// In a sweep (run_sweep.h) each partition runs this with its own
// configuration; `bundle` holds the partition's communicators.
//
// Collective over the job (the partition); returns the process exit code.

#include "app/run_config.h"
#include "mpi/roles.h"

namespace lf::app {

int RunJob(const mpi::CommBundle& bundle, const RunConfig& config);

}  // namespace lf::app
