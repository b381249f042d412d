#include "app/run_messages.h"

#include "core/bytes.h"
#include "core/check.h"

namespace lf::app {
namespace {

void PutExamples(ByteWriter* w, const std::vector<search::TrainingExample>& examples) {
  w->Put<uint64_t>(examples.size());
  for (const auto& e : examples) {
    w->Put<uint8_t>(static_cast<uint8_t>(e.kind));
    w->PutString(e.text);
  }
}

std::vector<search::TrainingExample> GetExamples(ByteReader* r) {
  std::vector<search::TrainingExample> examples(r->Get<uint64_t>());
  for (auto& e : examples) {
    e.kind = static_cast<search::TrainingExample::Kind>(r->Get<uint8_t>());
    e.text = r->GetString();
  }
  return examples;
}

ByteReader TaskReader(const std::string& bytes, TaskKind expected) {
  ByteReader r(bytes);
  LF_CHECK(r.Get<uint8_t>() == static_cast<uint8_t>(expected));
  return r;
}

}  // namespace

std::string Encode(const ConjectureTask& task) {
  ByteWriter w;
  w.Put<uint8_t>(static_cast<uint8_t>(TaskKind::kConjecture));
  w.Put<int32_t>(task.count);
  w.Put<uint64_t>(task.seed);
  w.PutStrings(task.known);
  w.PutString(task.label);
  return w.Take();
}

std::string Encode(const ProveTask& task) {
  ByteWriter w;
  w.Put<uint8_t>(static_cast<uint8_t>(TaskKind::kProve));
  w.PutString(task.statement);
  w.Put<uint64_t>(task.seed);
  w.Put<uint8_t>(static_cast<uint8_t>(task.purpose));
  return w.Take();
}

TaskKind KindOf(const std::string& task_bytes) {
  LF_CHECK(!task_bytes.empty());
  return static_cast<TaskKind>(task_bytes[0]);
}

ConjectureTask DecodeConjectureTask(const std::string& bytes) {
  ByteReader r = TaskReader(bytes, TaskKind::kConjecture);
  ConjectureTask task;
  task.count = r.Get<int32_t>();
  task.seed = r.Get<uint64_t>();
  task.known = r.GetStrings();
  task.label = r.GetString();
  return task;
}

ProveTask DecodeProveTask(const std::string& bytes) {
  ByteReader r = TaskReader(bytes, TaskKind::kProve);
  ProveTask task;
  task.statement = r.GetString();
  task.seed = r.Get<uint64_t>();
  task.purpose = static_cast<ProvePurpose>(r.Get<uint8_t>());
  return task;
}

std::string Encode(const ConjectureResult& result) {
  ByteWriter w;
  w.PutStrings(result.conjectures);
  w.PutStrings(result.refuted);
  w.Put<double>(result.seconds);
  return w.Take();
}

ConjectureResult DecodeConjectureResult(const std::string& bytes) {
  ByteReader r(bytes);
  ConjectureResult result;
  result.conjectures = r.GetStrings();
  result.refuted = r.GetStrings();
  result.seconds = r.Get<double>();
  return result;
}

std::string Encode(const ProveResult& result) {
  ByteWriter w;
  const io::ProofAttempt& a = result.attempt;
  w.PutString(a.theorem);
  w.PutString(a.algorithm);
  w.Put<uint8_t>(a.success ? 1 : 0);
  w.PutString(a.proof);
  w.Put<double>(a.proof_logprob);
  w.Put<int64_t>(a.expansions);
  w.Put<double>(a.seconds);
  w.Put<int32_t>(a.iteration);
  w.Put<int32_t>(a.rank);
  PutExamples(&w, result.examples);
  w.Put<uint64_t>(result.hindsight.size());
  for (const HindsightResult& h : result.hindsight) {
    w.PutString(h.statement);
    w.PutString(h.proof);
    w.Put<double>(h.logprob);
    PutExamples(&w, h.examples);
  }
  w.Put<double>(result.hindsight_seconds);
  return w.Take();
}

ProveResult DecodeProveResult(const std::string& bytes) {
  ByteReader r(bytes);
  ProveResult result;
  io::ProofAttempt& a = result.attempt;
  a.theorem = r.GetString();
  a.algorithm = r.GetString();
  a.success = r.Get<uint8_t>() != 0;
  a.proof = r.GetString();
  a.proof_logprob = r.Get<double>();
  a.expansions = r.Get<int64_t>();
  a.seconds = r.Get<double>();
  a.iteration = r.Get<int32_t>();
  a.rank = r.Get<int32_t>();
  result.examples = GetExamples(&r);
  result.hindsight.resize(r.Get<uint64_t>());
  for (HindsightResult& h : result.hindsight) {
    h.statement = r.GetString();
    h.proof = r.GetString();
    h.logprob = r.Get<double>();
    h.examples = GetExamples(&r);
  }
  result.hindsight_seconds = r.Get<double>();
  LF_CHECK(r.done());
  return result;
}

}  // namespace lf::app
