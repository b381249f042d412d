#pragma once
// Proof traces of finished searches: the one conversion from a
// search::SearchRecord to an io::Trace (io/records.h, "Proof traces"), used by
// `prove --trace`, `eval --trace` and the end-to-end loop. It lives in app
// because search/ does not depend on io/.
//
//   search::SearchRecord record = search::RunSearch(*search, evaluator);
//   io::Trace trace = TraceOf(record, {.problem = "add_zero", .budget = params.budget});
//   io::TraceWriter writer(path, config);   // io/trace_file.h
//   writer.Add(trace);
//   writer.Publish();
//
// Everything in the trace comes from the record (plain data, no live search
// needed: SearchPool::Run's records do) except what the search never knew,
// which TraceContext supplies.

#include <cstdint>
#include <string>

#include "io/records.h"
#include "search/proof_graph.h"
#include "search/search_record.h"

namespace lf::app {

// What a trace records that the search record does not.
struct TraceContext {
  std::string problem{};                 // the problem's name ("goal" for `prove`)
  std::string statement{};               // as the problem states it; "": SearchRecord::theorem
  std::string policy_model = "uniform";  // checkpoint path or name of the policy
  std::string critic_model = "uniform";  // checkpoint path or name of the critic
  int64_t budget = 0;                    // SearchParams::budget the search ran with
  int32_t iteration = 0;                 // bootstrap iteration (0 outside a run)
  int32_t rank = 0;                      // MPI world rank that ran the search
};

// The trace of one finished search. Outcome: proved iff the record holds a
// kernel::CheckedProof; failed when the root FAILED or a proof found was
// rejected by the checker (SearchRecord::check_error); open otherwise (the
// budget or the time ran out first).
io::Trace TraceOf(const search::SearchRecord& record, const TraceContext& context);

// A search node's status as the io::NodeStatus column.
io::NodeStatus IoStatus(search::Status status);

// A node status or attempt outcome as a word: "open", "proved", "failed".
const char* OutcomeName(io::NodeStatus status);

}  // namespace lf::app
