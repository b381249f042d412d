#include "app/run_label.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "learn/labelling.h"

namespace lf::app {
namespace {

// The labelling's enums as shard columns (io/records.h).
io::ExampleKind ToRecord(learn::ExampleKind kind) {
  switch (kind) {
    case learn::ExampleKind::kPolicy:
      return io::ExampleKind::kPolicy;
    case learn::ExampleKind::kValue:
      return io::ExampleKind::kValue;
    case learn::ExampleKind::kConjecture:
      break;
  }
  return io::ExampleKind::kConjecture;
}

io::ConjectureOutcome ToRecord(learn::Outcome outcome) {
  switch (outcome) {
    case learn::Outcome::kUnproved:
      return io::ConjectureOutcome::kUnproved;
    case learn::Outcome::kProved:
      return io::ConjectureOutcome::kProved;
    case learn::Outcome::kRefuted:
      break;
  }
  return io::ConjectureOutcome::kRefuted;
}

io::DifficultyBucket ToRecord(learn::Bucket bucket) {
  switch (bucket) {
    case learn::Bucket::kFail:
      return io::DifficultyBucket::kFail;
    case learn::Bucket::kHard:
      return io::DifficultyBucket::kHard;
    case learn::Bucket::kEasy:
      return io::DifficultyBucket::kEasy;
    case learn::Bucket::kTriv:
      break;
  }
  return io::DifficultyBucket::kTriv;
}

// A proof task's result as the labelling sees it (views into `r`).
learn::LabelAttempt ToLabelAttempt(const ProveResult& r) {
  learn::LabelAttempt a{.statement = r.attempt.theorem,
                        .success = r.proof.has_value(),
                        .logprob = r.attempt.proof_logprob,
                        .rank = r.attempt.rank,
                        .examples = r.examples,
                        .hindsight = {}};
  for (const HindsightResult& h : r.hindsight)
    a.hindsight.push_back({.statement = h.statement,
                           .proof = h.proof.Text(),
                           .logprob = h.logprob,
                           .examples = h.examples});
  return a;
}

}  // namespace

Labelled Label(const JobContext& job, const LabelBatch& batch, int iteration, RunState* state,
               io::ShardWriter* shard, const learn::NoveltyFilter& held_out) {
  const RunParams& run = job.config.run;
  learn::LabelInput input;
  for (const ProveResult* r : batch.conjectures) input.conjectures.push_back(ToLabelAttempt(*r));
  input.refuted = batch.refuted;
  for (const ProveResult* r : batch.goals) input.goals.push_back(ToLabelAttempt(*r));
  input.n_conjectures = static_cast<int64_t>(batch.conjectures.size());
  input.hindsight_seen = state->hindsight_seen;
  const learn::Labelling labelling =
      learn::Label(*job.theory, input, held_out,
                   {.buckets = job.config.buckets,
                    .fail_strings_for_goals = run.fail_strings_for_goals,
                    .hindsight_conjecture_on_problem = run.hindsight_conjecture_on_problem,
                    .max_refuted_examples = run.max_refuted_examples,
                    .conjecture_strings = !job.config.end_to_end()});

  Labelled out;
  auto add_examples = [&](const std::vector<learn::Example>& examples, int it) {
    for (const learn::Example& e : examples) {
      shard->Add(io::TrainingExample{e.text, ToRecord(e.kind), it});
      out.examples.push_back(e.text);
      out.versions.push_back(it);
    }
  };
  // `it`: the iteration (online mode: the weight version) of the attempt.
  auto add = [&](const learn::LabelledStatement& s, int it) {
    if (s.conjecture)
      shard->Add(io::Conjecture{s.conjecture->statement, ToRecord(s.conjecture->outcome),
                                ToRecord(s.conjecture->bucket), it});
    add_examples(s.examples, it);
    for (const learn::HindsightLabel& h : s.hindsight) {
      io::ProofAttempt attempt;
      attempt.theorem = h.statement;
      attempt.algorithm = "hindsight";
      attempt.success = true;
      attempt.proof = h.proof;
      attempt.proof_logprob = h.logprob;
      attempt.iteration = it;
      attempt.rank = h.rank;
      shard->Add(attempt);
      add_examples(h.examples, it);
    }
  };
  size_t index = 0;
  for (const ProveResult* r : batch.conjectures) {
    shard->Add(r->attempt);
    add(labelling.conjectures[index++], r->attempt.iteration);
  }
  for (const learn::LabelledStatement& s : labelling.refuted) add(s, iteration);
  index = 0;
  for (const ProveResult* r : batch.goals) {
    shard->Add(r->attempt);
    add(labelling.goals[index++], r->attempt.iteration);
  }
  state->proven.insert(state->proven.end(), labelling.proven.begin(), labelling.proven.end());
  state->hindsight_seen.insert(state->hindsight_seen.end(), labelling.hindsight_seen.begin(),
                               labelling.hindsight_seen.end());

  const learn::IterationNumbers& n = labelling.numbers;
  io::IterationMetrics& m = out.metrics;
  m.iteration = iteration;
  m.n_conjectures = static_cast<int64_t>(batch.conjectures.size());
  m.n_proven = n.n_proven;
  m.n_refuted = static_cast<int64_t>(batch.refuted.size());
  m.ratio_proven = n.ratio_proven;
  m.final_goals_proven = n.final_goals_proven;
  m.mean_hard_logprob = n.mean_hard_logprob;
  m.thresholds = n.thresholds;
  m.n_hindsight = n.n_hindsight;
  m.n_examples = static_cast<int64_t>(out.examples.size());
  return out;
}

namespace {

// Goal names as file names: anything but [A-Za-z0-9._-] becomes '_'.
std::string FileName(const std::string& name) {
  std::string out = name.empty() ? "goal" : name;
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
  return out;
}

}  // namespace

void RecordGoalProof(const JobContext& job, const std::string& name,
                     const kernel::CheckedProof& proof, RunState* state, RunLog* log) {
  if (std::find(state->goals_proven.begin(), state->goals_proven.end(), name) !=
      state->goals_proven.end())
    return;
  // A file `lemmaforge check` accepts on its own: the theory, then the proof.
  SaveGoalProof(job.dir, FileName(name),
                "import \"" + std::filesystem::absolute(job.theory->path()).string() + "\".\n\n" +
                    proof.Text());
  state->goals_proven.push_back(name);
  log->Line(std::string(job.config.end_to_end() ? "train problem " : "final goal ") + name +
            " proven (checked); proof in " + job.dir + "/goal-proofs/" + FileName(name) + ".p");
}

}  // namespace lf::app
