#include "app/run_messages.h"

#include <string_view>

#include "core/bytes.h"
#include "core/check.h"
#include "kernel/syntax.h"

namespace lf::app {
namespace {

// The kernel's checker, run again on a proof that arrived as text from `rank`.
kernel::CheckedProof Recheck(const kernel::Theory& theory, const std::string& statement,
                             std::string_view text, int rank) {
  std::vector<std::string> lines;
  for (size_t begin = 0; begin <= text.size();) {
    const size_t end = std::min(text.find('\n', begin), text.size());
    lines.emplace_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  kernel::ScriptCheck check =
      kernel::CheckScript(theory.base(), lines, "<proof from rank " + std::to_string(rank) + ">");
  const std::string claim = "rank " + std::to_string(rank) + " sent a proof of " + statement;
  if (!check.proof)
    internal::CheckFailed(__FILE__, __LINE__,
                          claim + " that the kernel's checker rejects: " + check.verdict.message);
  if (!kernel::AlphaEquivalent(check.proof->statement(), kernel::ParseTerm(statement)))
    internal::CheckFailed(__FILE__, __LINE__,
                          claim + " that proves " + check.proof->statement().ToString());
  return *std::move(check.proof);
}

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
  w.PutString(task.name);
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
  task.name = r.GetString();
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
  w.Put<uint8_t>(result.proof ? 1 : 0);
  if (result.proof) w.PutString(result.proof->Text());
  w.Put<double>(a.proof_logprob);
  w.Put<int64_t>(a.expansions);
  w.Put<double>(a.seconds);
  w.Put<int32_t>(a.iteration);
  w.Put<int32_t>(a.rank);
  PutExamples(&w, result.examples);
  w.Put<uint64_t>(result.hindsight.size());
  for (const HindsightResult& h : result.hindsight) {
    w.PutString(h.statement);
    w.PutString(h.proof.Text());
    w.Put<double>(h.logprob);
    PutExamples(&w, h.examples);
  }
  w.Put<double>(result.hindsight_seconds);
  w.Put<int64_t>(result.graph_nodes);
  return w.Take();
}

ProveResult DecodeProveResult(const std::string& bytes, const kernel::Theory& theory) {
  ByteReader r(bytes);
  ProveResult result;
  io::ProofAttempt& a = result.attempt;
  a.theorem = r.GetString();
  a.algorithm = r.GetString();
  const bool proved = r.Get<uint8_t>() != 0;
  const std::string proof = proved ? r.GetString() : std::string();
  a.proof_logprob = r.Get<double>();
  a.expansions = r.Get<int64_t>();
  a.seconds = r.Get<double>();
  a.iteration = r.Get<int32_t>();
  a.rank = r.Get<int32_t>();
  if (proved) {
    result.proof = Recheck(theory, a.theorem, proof, a.rank);
    a.success = true;
    a.proof = result.proof->Text();
  }
  result.examples = GetExamples(&r);
  const uint64_t n_hindsight = r.Get<uint64_t>();
  for (uint64_t i = 0; i < n_hindsight; ++i) {
    std::string statement = r.GetString();
    const std::string text = r.GetString();
    kernel::CheckedProof checked = Recheck(theory, statement, text, a.rank);
    const double logprob = r.Get<double>();
    result.hindsight.push_back(HindsightResult{.statement = std::move(statement),
                                               .proof = std::move(checked),
                                               .logprob = logprob,
                                               .examples = GetExamples(&r)});
  }
  result.hindsight_seconds = r.Get<double>();
  result.graph_nodes = r.Get<int64_t>();
  LF_CHECK(r.done());
  return result;
}

}  // namespace lf::app
