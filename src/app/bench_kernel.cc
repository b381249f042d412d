// `lemmaforge bench kernel`: breadth-first expansion rate of the kernel, the
// checker's time on natural_number_game.p, and whole-process times of the
// front binary (app/model_binary.h), best of 5 runs each:
//   startup_seconds               `lemmaforge --version`
//   check_nng_process_seconds     `lemmaforge check natural_number_game.p`
//
// From each root goal, nodes are expanded breadth-first (every action
// enumerated, filtered and executed, as the search does) until a fixed number
// of nodes has been expanded per root. The rate is expansions per second over
// all roots of a theory.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/configs_dir.h"
#include "app/options.h"
#include "core/timer.h"
#include "kernel/checker.h"
#include "kernel/theory.h"
#include "search/goal_node.h"

namespace lf::app {
namespace {

struct BenchSet {
  const char* theory;
  std::vector<const char*> goals;
};

const BenchSet kSets[] = {
    {"nat-add",
     {"[('a0 : nat) -> (= (+ z 'a0) 'a0)]",
      "[('a0 : nat) -> ('a1 : nat) -> (= (+ (s 'a0) 'a1) (s (+ 'a0 'a1)))]"}},
    {"propositional-logic",
     {"[('a0 : prop) -> ('a1 : prop) -> [(and 'a0 'a1) -> (and 'a1 'a0)]]",
      "[('a0 : prop) -> (not (and 'a0 (not 'a0)))]",
      "[('a0 : prop) -> ('a1 : prop) -> [(or 'a0 'a1) -> (or 'a1 'a0)]]"}},
};

// Expands up to `budget` nodes breadth-first from the root; returns the count.
int ExpandBreadthFirst(const search::GoalNode& root, int budget) {
  std::deque<search::GoalNode> queue{root};
  int expanded = 0;
  while (!queue.empty() && expanded < budget) {
    search::GoalNode node = std::move(queue.front());
    queue.pop_front();
    if (node.IsTerminal()) continue;
    search::GoalNode::Expansion e = node.Expand();
    ++expanded;
    for (auto& child : e.children) queue.push_back(std::move(child));
  }
  return expanded;
}

// Best wall time of 5 runs of this binary with `args` (output discarded).
double BestProcessSeconds(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string self = "/proc/self/exe";
  argv.push_back(self.data());
  std::vector<std::string> copies = args;
  for (std::string& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  double best = 1e30;
  for (int i = 0; i < 5; ++i) {
    Timer timer;
    pid_t pid = -1;
    if (posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ) != 0) break;
    waitpid(pid, nullptr, 0);
    best = std::min(best, timer.Seconds());
  }
  posix_spawn_file_actions_destroy(&actions);
  return best;
}

}  // namespace

int BenchKernel(int argc, char** argv) {
  namespace po = boost::program_options;
  int nodes = 300;
  std::string nng;
  po::options_description desc("usage: lemmaforge bench kernel [--nodes N] [--nng FILE]");
  desc.add_options()("help,h", "show this help")("nodes", po::value(&nodes)->default_value(300),
                                                 "nodes expanded per root goal")(
      "nng", po::value(&nng)->default_value(""),
      "natural_number_game.p to time the checker on (default: ../shared/golden/ beside the source "
      "tree)");
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;

  for (const BenchSet& set : kSets) {
    const auto theory = LoadTheory(set.theory);
    int expanded = 0;
    Timer timer;
    for (const char* goal : set.goals) {
      expanded += ExpandBreadthFirst(search::GoalNode({theory->RootState(goal)}), nodes);
    }
    const double seconds = timer.Seconds();
    std::printf("kernel_expansions_per_s{theory=%s}: %.0f\n", set.theory, expanded / seconds);
  }

  if (nng.empty()) {
    const std::string configs = ConfigsDirectory();
    nng = configs + "/../../shared/golden/natural_number_game.p";
  }
  Timer timer;
  const auto verdicts = kernel::CheckItems(kernel::LoadSourceFile(nng));
  int ok = 0;
  for (const auto& v : verdicts) ok += v.ok;
  std::printf("check_nng_seconds: %.3f\n", timer.Seconds());
  std::printf("check_nng_ok: %d/%zu\n", ok, verdicts.size());
  std::printf("startup_seconds: %.4f\n", BestProcessSeconds({"--version"}));
  std::printf("check_nng_process_seconds: %.3f\n", BestProcessSeconds({"check", nng}));
  return kExitOk;
}

}  // namespace lf::app
