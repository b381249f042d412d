#include "app/run_tasks.h"

#include <algorithm>

#include "app/run_dir.h"
#include "app/run_messages.h"
#include "app/trace_record.h"
#include "core/hash.h"
#include "core/rng.h"
#include "core/timer.h"
#include "learn/conjecturer.h"
#include "learn/critic_labels.h"
#include "search/algorithms.h"
#include "search/hindsight.h"

namespace lf::app {
namespace {

io::SearchGraph GraphRecord(const search::SearchRecord& record, int iteration, int rank) {
  io::SearchGraph graph;
  graph.theorem = record.theorem;
  graph.iteration = iteration;
  graph.rank = rank;
  for (const search::RecordNode& n : record.nodes)
    graph.nodes.push_back({n.state, n.visits, n.value, IoStatus(n.status)});
  for (const search::RecordEdge& e : record.edges)
    graph.edges.push_back({e.parent, e.child, e.action, e.prior});
  return graph;
}

// One side of the end-to-end loop's (policy, critic) pair.
search::Evaluator* Side(Scorer scorer, search::Evaluator* model, search::Evaluator* uniform) {
  return scorer == Scorer::kModel ? model : uniform;
}

// What the run's searches ask: the model, or in the end-to-end loop the
// (e2e.policy, e2e.critic) pair -- one evaluator when both sides are the same.
search::Evaluator* SearchEvaluator(const RunConfig& config, search::Evaluator* model,
                                   search::Evaluator* uniform, search::PairedEvaluator* pair) {
  if (!config.end_to_end()) return model;
  if (config.e2e.policy != config.e2e.critic) return pair;
  return Side(config.e2e.policy, model, uniform);
}

// The weights a search of `iteration` ran with: those of the checkpoint the
// previous iteration published, or the initial ones.
std::string ModelVersion(int iteration) {
  return iteration == 0 ? "initial" : CheckpointName(iteration - 1);
}

}  // namespace

TaskRunner::TaskRunner(const RunConfig& config, std::shared_ptr<const kernel::Theory> theory,
                       learn::Replica* model, io::ShardWriter* shard, io::TraceWriter* traces,
                       int rank, int iteration)
    : config_(config),
      theory_(std::move(theory)),
      model_(model),
      shard_(shard),
      traces_(traces),
      rank_(rank),
      iteration_(iteration),
      refuter_(*theory_),
      pair_(Side(config.e2e.policy, model->evaluator(), &uniform_),
            Side(config.e2e.critic, model->evaluator(), &uniform_)),
      batch_(SearchEvaluator(config, model->evaluator(), &uniform_, &pair_)),
      uniform_batch_(&uniform_) {}

bool TaskRunner::HasRoom() const {
  return static_cast<int>(in_flight_.size()) < config_.run.searches_per_rank;
}

bool TaskRunner::Idle() const { return in_flight_.empty() && done_.empty(); }

void TaskRunner::Start(uint64_t task_id, const std::string& task) {
  if (KindOf(task) == TaskKind::kConjecture) {
    const ConjectureTask t = DecodeConjectureTask(task);
    Timer timer;
    Rng rng(t.seed);
    ConjectureResult result;
    std::function<bool(const std::string&)> keep;
    if (config_.run.refute) {
      keep = [this](const std::string& statement) {
        return refuter_.Check(statement).verdict != search::Refutation::Verdict::kRefuted;
      };
    }
    learn::ConjecturerParams params;
    params.prompt = "Conj:(" + t.label + ") ";
    result.conjectures =
        model_->SampleConjectures(*theory_, t.count, t.known, &rng, params, keep, &result.refuted);
    result.seconds = timer.Seconds();
    done_.emplace_back(task_id, Encode(result));
    return;
  }
  ProveTask t = DecodeProveTask(task);
  search::SearchParams params = config_.search;
  params.seed = t.seed;
  std::string algorithm = config_.run.algorithm;
  if (IsEval(t.purpose)) {
    params.budget = config_.run.eval_budget;
    algorithm = config_.run.eval_algorithm;
  }
  if (t.purpose == ProvePurpose::kForward) {
    // One trajectory per target, as Evariste's actors: the budget of one attempt.
    algorithm = config_.online.forward_algorithm;
    params.budget = params.forward.max_steps;
  }
  search::SearchBatch& batch = t.purpose == ProvePurpose::kEvalUniform ? uniform_batch_ : batch_;
  batch.Add(task_id,
            search::MakeSearch(algorithm, params, theory_, theory_->RootState(t.statement)));
  in_flight_.push_back({task_id, std::move(t), iteration_});
}

void TaskRunner::Collect(search::SearchBatch* batch) {
  if (batch->empty()) return;
  for (search::SearchBatch::Finished& f : batch->Round())
    done_.emplace_back(f.tag, Finish(f.tag, *f.search));
}

std::vector<std::pair<uint64_t, std::string>> TaskRunner::Step() {
  Collect(&batch_);
  Collect(&uniform_batch_);
  return std::exchange(done_, {});
}

std::string TaskRunner::Finish(uint64_t task_id, search::Search& search) {
  const auto it = std::find_if(in_flight_.begin(), in_flight_.end(),
                               [task_id](const InFlight& f) { return f.id == task_id; });
  const ProveTask task = std::move(it->task);
  const int iteration = it->iteration;
  in_flight_.erase(it);

  ProveResult result;
  // Nothing counts as proved, or is trained on as a proof, unless the kernel's
  // checker accepted the script: the record holds a kernel::CheckedProof then.
  const search::SearchRecord record = search.Finish();
  io::ProofAttempt& a = result.attempt;
  a.theorem = task.statement;
  a.algorithm = record.algorithm;
  result.proof = record.proof;
  if (record.proof) a.proof_logprob = record.proof_logprob;
  a.expansions = record.expansions;
  a.seconds = record.seconds;
  a.iteration = iteration;
  a.rank = rank_;
  if (IsEval(task.purpose)) return Encode(result);
  Rng rng(HashCombine(task.seed, 0x6578616d706c6573ULL));  // "examples"
  if (config_.end_to_end()) {
    // The end-to-end loop's critic learns from its own labels, not minimo's
    // value examples.
    result.examples = search::PolicyExamples(record);
    for (search::TrainingExample& e : learn::CriticExamples(record, config_.e2e.visit_threshold))
      result.examples.push_back(std::move(e));
  } else {
    result.examples = search::ExtractTrainingExamples(record, &rng, config_.run.max_pos_neg_ratio);
  }
  shard_->Add(GraphRecord(record, iteration, rank_));
  result.graph_nodes = static_cast<int64_t>(record.nodes.size());
  if (traces_ != nullptr) {
    const std::string version = ModelVersion(iteration);
    auto name = [&](Scorer s) { return s == Scorer::kModel ? version : std::string("uniform"); };
    traces_->Add(TraceOf(record, {.problem = task.name,
                                  .statement = task.statement,
                                  .policy_model = name(config_.e2e.policy),
                                  .critic_model = name(config_.e2e.critic),
                                  .budget = config_.search.budget,
                                  .iteration = iteration,
                                  .rank = rank_}));
  }

  if (config_.run.hindsight) {
    Timer timer;
    const std::vector<search::HindsightProof> proofs =
        search::CollectHindsight(*theory_, search.graph(), config_.run.hindsight_max_goals, &rng,
                                 config_.run.hindsight_skip_reflexive);
    std::vector<search::TreePath> paths;
    for (const search::HindsightProof& h : proofs) paths.push_back(h.proof);
    const std::vector<double> logprobs = search::PathLogProbs(paths, model_->evaluator());
    for (size_t i = 0; i < proofs.size(); ++i) {
      // Every hindsight proof passed the kernel's checker (its CheckedProof).
      result.hindsight.push_back(
          HindsightResult{.statement = proofs[i].statement,
                          .proof = proofs[i].script,
                          .logprob = logprobs[i],
                          .examples = search::ExtractTrainingExamples(
                              search::PathRecord(proofs[i]), &rng, config_.run.max_pos_neg_ratio)});
    }
    result.hindsight_seconds = timer.Seconds();
  }
  return Encode(result);
}

}  // namespace lf::app
