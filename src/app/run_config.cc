#include "app/run_config.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iostream>

#include "app/config_file.h"
#include "app/configs_dir.h"
#include "app/goal_set.h"
#include "app/options.h"
#include "app/run_dir.h"
#include "app/search_options.h"
#include "core/json.h"
#include "core/options.h"
#include "kernel/theory.h"
#include "mpi/roles.h"
#include "search/algorithms.h"

namespace lf::app {
namespace po = boost::program_options;
namespace {

// The check of a problem-list option: "" or a readable list.
void CheckProblemList(const std::string& name) {
  if (!name.empty()) ReadGoalSet(ProblemListPath(name));
}

void AddRunOptions(po::options_description& desc, RunParams* p) {
  auto theory = [](const std::string& theory_name) { LoadTheory(theory_name); };
  auto goals = [](const std::string& name) {
    if (!name.empty()) ReadGoalSet(GoalSetPath(name));
  };
  auto algorithm = [](const std::string& algo) {
    const auto& names = search::AlgorithmNames();
    if (std::find(names.begin(), names.end(), algo) == names.end())
      throw InputError("unknown search algorithm '" + algo + "' (one of:" + AlgorithmList() + ")");
  };
  auto buckets = [](const std::string& spec) { ParseBuckets(spec); };
  const OptionBinder option(desc, "run.");
  option("mode", p->mode, kRunModes, "sync (minimo's loop) | online (Evariste's actors and learners)");
  option("dir", p->dir, "run directory (default: a fresh runs/<timestamp>)");
  option("theory", p->theory, theory, "shipped theory name or path to a .p file");
  option("goals", p->goals, goals,
         "final goals: shipped goal set name, goal-set JSON path, or empty");
  option("n_conjectures", p->n_conjectures, Range(1, 1000000),
         "conjectures to prove per iteration");
  option("conjectures_per_task", p->conjectures_per_task, Range(1, 100000),
         "conjectures one sampling task asks for");
  option("conjecture_rounds", p->conjecture_rounds, Range(1, 1000),
         "sampling rounds per iteration before accepting fewer conjectures");
  option("buckets", p->buckets, buckets, "difficulty buckets label:percentile,...");
  option("hindsight", p->hindsight, "relabel every search graph in hindsight");
  option("hindsight_max_goals", p->hindsight_max_goals, Range(0, 100000),
         "facts relabelled per search graph at most");
  option("hindsight_skip_reflexive", p->hindsight_skip_reflexive,
         "hindsight ignores derived facts (= X X) (false: minimo)");
  option("hindsight_conjecture_on_problem", p->hindsight_conjecture_on_problem,
         "minimo's quirk 11: hindsight conjecture strings name the original problem");
  option("fail_strings_for_goals", p->fail_strings_for_goals,
         "train Conj:(fail) <goal> for unproven final goals (minimo fork behaviour)");
  option("stop_when_goals_proven", p->stop_when_goals_proven,
         "end the run once every final goal is proven");
  option("easy_fraction", p->easy_fraction, Range(0.0, 1.0),
         "fraction of each round's conjectures sampled with the easiest bucket's label");
  option("refute", p->refute,
         "drop conjectures that are false on small instances before searching them");
  option("max_refuted_examples", p->max_refuted_examples, Range(-1, 1 << 30),
         "refuted samples trained on as Conj:(fail) per iteration at most (-1: all)");
  option("eval_problems", p->eval_problems, CheckProblemList,
         "held-out problem list evaluated before training and after every iteration: "
         "shipped name (configs/problems/NAME.txt), path, or empty");
  option("eval_budget", p->eval_budget, Range(1, 100000000), "search budget per held-out problem");
  option("eval_algorithm", p->eval_algorithm, algorithm,
         "search algorithm of the held-out evaluation:" + AlgorithmList());
  option("replay_iterations", p->replay_iterations, Range(1, 1000000),
         "iterations whose examples an iteration trains on (1 = the current one, minimo)");
  option("max_pos_neg_ratio", p->max_pos_neg_ratio, Range(0.0, 1e6),
         "value examples: negatives per positive at most");
  option("searches_per_rank", p->searches_per_rank, Range(1, 100000),
         "searches each rank keeps in flight");
  option("shard_records", p->shard_records, Range<int64_t>{1, int64_t{1} << 40},
         "records per HDF5 shard");
  option("seed", p->seed, "seed of conjecturing, search and hindsight");
  option("progress_interval_s", p->progress_interval_s, Range(0.0, 1e6),
         "seconds between progress lines");
  OptionBinder(desc, "search.")("algorithm", p->algorithm, algorithm,
                                "search algorithm:" + AlgorithmList());
  OptionBinder(desc, "mpi.")("learners", p->learners, mpi::RoleLayout::CheckSpec,
                             "learner ranks: a count N or a learner:generator ratio A:B");
}

void AddE2eOptions(po::options_description& desc, E2eParams* p) {
  const OptionBinder option(desc, "e2e.");
  option("train_problems", p->train_problems, CheckProblemList,
         "end-to-end loop: problem list searched every round instead of conjecturing "
         "(shipped name, path, or empty)");
  option("visit_threshold", p->visit_threshold, Range(1, 1 << 30),
         "critic label 0 for an unproved goal with this many expansions below it");
  option("policy", p->policy, kScorers, "the searches' action priors: model | uniform");
  option("critic", p->critic, kScorers, "the searches' state values: model | uniform");
}

void AddOnlineOptions(po::options_description& desc, OnlineParams* p) {
  auto forward = [](const std::string& algo) {
    if (algo != "forward-sampling" && algo != "forward-greedy")
      throw InputError("--online.forward_algorithm must be forward-sampling or forward-greedy, got '" +
                       algo + "'");
  };
  auto examples = [](const std::string& path) {
    if (!path.empty()) ReadExampleFile(path);
  };
  auto run_dir = [](const std::string& dir) {
    if (!dir.empty() && !std::filesystem::is_directory(ShardDirectory(dir)))
      throw InputError("--online.base_run '" + dir + "' is not a run directory (no " +
                       ShardDirectory(dir) + ")");
  };
  const OptionBinder option(desc, "online.");
  option("total_steps", p->total_steps, Range<int64_t>{1, int64_t{1} << 40},
         "learner steps in the run (the alpha schedules' horizon)");
  option("max_seconds", p->max_seconds, Range(0.0, 1e9),
         "also stop after this many seconds of learning (0: no limit)");
  option("refresh_steps", p->refresh_steps, Range(1, 1 << 30),
         "actors get new weights every this many learner steps");
  option("generated_prob", p->generated_prob, Range(0.0, 1.0),
         "probability that a batch string comes from the replay buffer of generated examples");
  option("buffer_examples", p->buffer_examples, Range(1, 1 << 30), "replay buffer capacity");
  option("warm_examples", p->warm_examples, Range(1, 1 << 30),
         "generated examples the buffer holds before the learners start");
  option("checkpoint_steps", p->checkpoint_steps, Range(1, 1 << 30),
         "checkpoint and publish shards every this many learner steps");
  option("log_steps", p->log_steps, Range(1, 1 << 30), "one /online row every this many steps");
  option("eval_steps", p->eval_steps, Range(0, 1 << 30),
         "forward-greedy pass@1 on run.eval_problems every this many steps (0: start and end)");
  option("base_examples", p->base_examples, examples,
         "base data: a shipped name (configs/data/NAME.json) or a JSON file holding an "
         "array of training strings, or empty");
  option("base_run", p->base_run, run_dir,
         "base data: a run directory whose shards' training examples are used, or empty");
  option("forward_prob", p->forward_prob, Range(0.0, 1.0),
         "share of the actors' searches that are forward proofs toward a target");
  option("forward_algorithm", p->forward_algorithm, forward,
         "forward prover of the actors: forward-sampling | forward-greedy");
  option("ratio_window", p->ratio_window, Range(1, 1 << 30),
         "conjectures in the ratio schedule's moving window");
  option("label_chunk", p->label_chunk, Range(1, 1 << 20),
         "conjecture results labelled (difficulty buckets) together");
}

}  // namespace

std::vector<search::DifficultyBucket> ParseBuckets(const std::string& spec) {
  std::vector<search::DifficultyBucket> buckets;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t end = spec.find(',', start);
    if (end == std::string::npos) end = spec.size();
    const std::string item = spec.substr(start, end - start);
    const size_t colon = item.find(':');
    // The whole text after ':' must be the number (stod took "50x"), and NaN
    // is in no range, so the range test is written to fail it.
    double percentile = -1;
    if (colon != std::string::npos) {
      const char* first = item.data() + colon + 1;
      const char* last = item.data() + item.size();
      const auto [end_of_number, ec] = std::from_chars(first, last, percentile);
      if (ec != std::errc() || end_of_number != last) percentile = -1;
    }
    const std::string label = colon == std::string::npos ? "" : item.substr(0, colon);
    if (label.empty() || label == "fail" || !(percentile >= 0 && percentile <= 100) ||
        (!buckets.empty() && percentile <= buckets.back().percentile))
      throw InputError("run.buckets: bad bucket '" + item +
                       "' (expected label:percentile with increasing percentiles in [0, 100])");
    buckets.push_back({label, percentile});
    start = end + 1;
  }
  if (buckets.back().percentile != 100)
    throw InputError("run.buckets: the last bucket must be at percentile 100");
  return buckets;
}

namespace {

// A shipped name resolves to configs/<folder>/NAME<extension>; anything with a
// '/' or a '.' is a path already.
std::string ShippedOrPath(const std::string& name, const char* folder, const char* extension) {
  if (name.empty() || name.find_first_of("/.") != std::string::npos) return name;
  return ConfigsDirectory() + "/" + folder + "/" + name + extension;
}

}  // namespace

namespace {

std::string ExampleFilePath(const std::string& name) {
  return ShippedOrPath(name, "data", ".json");
}

}  // namespace

std::vector<std::string> ReadExampleFile(const std::string& name) {
  const std::string path = ExampleFilePath(name);
  const json::Value doc = json::Parse(ReadFileOrThrow(path), path);
  if (!doc.is_array())
    throw InputError(doc.where, "expected a JSON array of training strings");
  std::vector<std::string> out;
  for (const json::Value& item : doc.items()) {
    if (!item.is_string()) throw InputError(item.where, "expected a training string");
    out.push_back(item.str());
  }
  return out;
}

std::string GoalSetPath(const std::string& goals) { return ShippedOrPath(goals, "goals", ".json"); }

std::string ProblemListPath(const std::string& problems) {
  return ShippedOrPath(problems, "problems", ".txt");
}

std::optional<RunConfig> ParseRunArguments(int argc, char** argv,
                                           const std::vector<std::string>& extra) {
  RunConfig config;
  config.model = model::DefaultModelParams();
  std::string config_file;
  po::options_description desc(
      "usage: lemmaforge run --config FILE.cfg [--section.key=value ...]\n"
      "       lemmaforge run --config FILE.cfg --partition PxR --sweep KEY=V1,V2,...\n"
      "       lemmaforge run --resume RUN_DIR\n"
      "       lemmaforge e2e --config FILE.cfg | --resume RUN_DIR   (e2e.train_problems set)\n\n"
      "Runs the conjecture -> prove -> learn loop (under mpirun: learner and generator\n"
      "ranks). Every option below is also a config file key ([section] key = value);\n"
      "command-line values override the file. --resume continues a run after its last\n"
      "completed iteration with the configuration recorded in RUN_DIR/config.cfg.\n"
      "Exit 0 when done, 2 on bad input, 3 when stopped by SIGTERM, SIGINT or SIGUSR1\n"
      "(resumable; stop an mpirun job with SIGUSR1, which mpirun forwards), 4 when a\n"
      "file cannot be written (resumable once there is space).\n"
      "A sweep runs one run per value (several --sweep: per combination), each in a\n"
      "partition of R ranks of its own, in RUN_DIR/<key>=<value>/; --resume resumes all.\n"
      "With e2e.train_problems set (lemmaforge e2e), each iteration is a round of BAIT's\n"
      "end-to-end loop: search the train problems, write traces, train policy and critic");
  desc.add_options()("help,h", "show this help")("config", po::value(&config_file),
                                                 "configuration file (configs/*.cfg)")(
      "resume", po::value(&config.resume_dir), "continue the run (or sweep) in this directory")(
      "partition", po::value(&config.partition),
      "PxR: P partitions of R ranks, one run of the sweep each (mpirun -np P*R)")(
      "sweep", po::value(&config.sweeps)->composing(),
      "KEY=V1,V2,...: one run per value (repeatable: the runs are the combinations)");
  AddRunOptions(desc, &config.run);
  AddE2eOptions(desc, &config.e2e);
  AddOnlineOptions(desc, &config.online);
  model::AddModelOptions(desc, &config.model);
  learn::AddLearnOptions(desc, &config.learn);
  AddOptions(desc, &config.search, "search.");

  po::parsed_options command_line(&desc);
  try {
    command_line = po::command_line_parser(argc, argv).options(desc).run();
    // `extra` replaces the same keys given on the command line.
    const po::parsed_options later = po::command_line_parser(extra).options(desc).run();
    std::erase_if(command_line.options, [&](const po::option& o) {
      return std::any_of(later.options.begin(), later.options.end(),
                         [&](const po::option& e) { return e.string_key == o.string_key; });
    });
    command_line.options.insert(command_line.options.end(), later.options.begin(),
                                later.options.end());
  } catch (const po::error& e) {
    throw InputError(OptionErrorText(e, /*given=*/{}) + " (see --help)");
  }
  bool help = false;
  int settings = 0;  // --section.key options given
  for (const po::option& o : command_line.options) {
    if (o.string_key == "help") help = true;
    if (o.string_key == "config") config_file = o.value.empty() ? "" : o.value.back();
    if (o.string_key == "resume") config.resume_dir = o.value.empty() ? "" : o.value.back();
    if (o.string_key.find('.') != std::string::npos || o.string_key == "partition" ||
        o.string_key == "sweep")
      ++settings;
  }
  if (help) {
    std::cout << desc << "\n";
    return std::nullopt;
  }
  if (!config.resume_dir.empty()) {
    if (!config_file.empty() || settings > 0)
      throw InputError(
          "--resume continues a run with its recorded configuration; "
          "it takes no --config or other options");
    config_file = config.resume_dir + "/config.cfg";
  } else if (config_file.empty()) {
    throw InputError("lemmaforge run needs --config FILE.cfg or --resume RUN_DIR (see --help)");
  }
  const auto entries = ParseConfigText(ReadFileOrThrow(config_file), config_file);
  config.text = ResolveOptions(desc, command_line, entries,
                               {"help", "config", "resume", "partition", "sweep"});
  model::ValidateModelParams(config.model);
  config.buckets = ParseBuckets(config.run.buckets);
  if (config.end_to_end() && !config.run.goals.empty())
    throw InputError(
        "e2e.train_problems takes the place of run.goals: set run.goals = \"\" "
        "(goals = with no value in the [run] section)");
  if (config.online_mode()) {
    if (config.end_to_end())
      throw InputError("run.mode = online runs minimo's and Evariste's data flows; "
                       "e2e.train_problems (BAIT's end-to-end loop) needs run.mode = sync");
    if (config.online.warm_examples > config.online.buffer_examples)
      throw InputError(OptionValueError("online.warm_examples",
                                        "must not exceed online.buffer_examples (" +
                                            std::to_string(config.online.buffer_examples) + ")",
                                        config.online.warm_examples));
  }
  if (!config.resume_dir.empty()) config.run.dir = config.resume_dir;
  return config;
}

}  // namespace lf::app
