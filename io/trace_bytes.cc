#include "io/trace_bytes.h"

#include <type_traits>

#include "core/bytes.h"

namespace lf::io {
namespace {

// The columns of Row (its Schema's, not a base's), one value each.
template <typename Row>
void Put(const Row& row, ByteWriter* out) {
  ForEachColumn<Row>([&](const auto& column) {
    const auto& value = row.*column.member;
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(value)>, std::string>) {
      out->PutString(value);
    } else {
      out->Put(value);
    }
  });
}

template <typename Row>
void Get(ByteReader* in, Row* row) {
  ForEachColumn<Row>([&](const auto& column) {
    auto& value = row->*column.member;
    using M = std::remove_cvref_t<decltype(value)>;
    if constexpr (std::is_same_v<M, std::string>) {
      value = in->GetString();
    } else {
      value = in->Get<M>();
    }
  });
}

}  // namespace

std::string EncodeTraces(const std::vector<Trace>& traces) {
  ByteWriter out;
  out.Put<uint64_t>(traces.size());
  for (const Trace& t : traces) {
    Put<ProofAttempt>(t, &out);
    Put<Trace>(t, &out);
    out.Put<uint64_t>(t.nodes.size());
    for (const TraceNode& n : t.nodes) {
      Put<SearchNode>(n, &out);
      Put<TraceNode>(n, &out);
    }
    out.Put<uint64_t>(t.edges.size());
    for (const TraceEdge& e : t.edges) {
      Put<SearchEdge>(e, &out);
      Put<TraceEdge>(e, &out);
    }
  }
  return out.Take();
}

std::vector<Trace> DecodeTraces(const std::string& bytes) {
  ByteReader in(bytes);
  std::vector<Trace> traces(in.Get<uint64_t>());
  for (Trace& t : traces) {
    Get<ProofAttempt>(&in, &t);
    Get<Trace>(&in, &t);
    t.nodes.resize(in.Get<uint64_t>());
    for (TraceNode& n : t.nodes) {
      Get<SearchNode>(&in, &n);
      Get<TraceNode>(&in, &n);
    }
    t.edges.resize(in.Get<uint64_t>());
    for (TraceEdge& e : t.edges) {
      Get<SearchEdge>(&in, &e);
      Get<TraceEdge>(&in, &e);
    }
  }
  LF_CHECK(in.done());
  return traces;
}

}  // namespace lf::io
