// The inference path of TransformerImpl (see transformer.h): no autograd, no
// dropout, and as little memory traffic as the math allows.
//
// Both ForwardHidden (padded [B,R,S] layout, additive mask) and
// ForwardSegments (ragged segments) are turned into one flat token stream
// plus, per token, what it attends to (TokenLayout). The stream is cut into
// groups of whole entries (about kInferenceGroupTokens tokens) that run
// through all layers while their activations stay in cache. Per layer, with
// x [n,d] the group's residual stream:
//   qkv [n,3d] = ln1(x) W^T + b                        one GEMM (all threads)
//   attention, one task per (query block, head)        intra-op parallel tasks
//     scores = q K^T / sqrt(dh) over the prefix keys and own-row keys the
//       block can see at all (1 + the last open key of any of its rows, so
//       causal masks skip the upper triangle block by block); softmax with
//       the mask in place; out = probs V written straight into the
//       merged-heads matrix. q, k, v are read in place from qkv and the
//       cache (strided BLAS calls, no per-head copies);
//   x += merged Wproj^T + b;  x += gelu(ln2(x) W1^T + b1) W2^T + b2.
// In the last layer with a readout list the attention runs only for the read
// tokens, and projection/MLP/ln_f only for their rows.
// Large temporaries come from per-thread arenas that persist between calls:
// fresh multi-megabyte allocations are returned to the OS on free and cost a
// page fault per 4 KiB on every call.

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/check.h"
#include "model/cpu_kernels.h"
#include "model/transformer.h"

namespace lf::model {

// What every token of an inference call attends to.
struct TokenLayout {
  int64_t tokens = 0;
  // Entries: consecutive token ranges [entry_begin[e], entry_begin[e + 1]),
  // the unit of grouping and of the own cache (entry e's keys/values go to
  // own entry e, positions 0..).
  std::vector<int64_t> entry_begin;
  int64_t own_length = 0;  // positions per own-cache entry
  // Per token: first token of its row (its own keys are the row's tokens
  // from there), its prefix cache entry, and how many prefix / own-row keys
  // are open (1 + the last open one).
  std::vector<int64_t> row_begin, cache_entry;
  std::vector<int32_t> prefix_open, self_open;
  // Dense masks (ForwardHidden): per token its mask row, whose prefix part
  // starts at column 0 and own-row part at column mask_prefix. Without a
  // mask (ForwardSegments) all prefix keys and own keys before prefix_open /
  // self_open are open.
  const float* mask = nullptr;
  int64_t mask_ld = 0, mask_prefix = 0;
  std::vector<int64_t> mask_row;
};

namespace {

// Query rows per attention task: large enough for efficient small GEMMs,
// small enough that causal masks skip most of the upper triangle.
constexpr int64_t kQueryBlock = 64;

// Bump allocator over one float buffer. Take() hands out views; Reset()
// makes the whole buffer available again (views taken before must no longer
// be used). A Take() that does not fit switches to a larger buffer; views of
// the old one stay valid because they share its storage.
class Arena {
 public:
  torch::Tensor Take(at::IntArrayRef shape) {
    int64_t n = 1;
    for (int64_t s : shape) n *= s;
    if (used_ + n > capacity_) {
      capacity_ = std::max(n, 2 * capacity_);
      buffer_ = torch::empty({capacity_}, torch::kFloat32);
      used_ = 0;
    }
    auto t = buffer_.narrow(0, used_, n).view(shape);
    used_ += (n + 15) / 16 * 16;  // keep 64-byte alignment
    return t;
  }
  void Reset() { used_ = 0; }

 private:
  torch::Tensor buffer_;
  int64_t capacity_ = 0;
  int64_t used_ = 0;
};

// Per thread: the group's residual stream, and one block's temporaries.
thread_local Arena stream_arena;
thread_local Arena block_arena;

// Query tokens [begin, end) (call-wide indices) of one row; their attention
// output goes to rows out_row.. of the output matrix.
struct QueryBlock {
  int64_t begin = 0, end = 0, out_row = 0;
};

}  // namespace

// One group of entries inside an inference call, at one layer.
struct InferenceGroup {
  const TokenLayout* layout = nullptr;
  int64_t entry0 = 0, entry1 = 0;  // entries [entry0, entry1)
  int64_t t0 = 0, t1 = 0;          // their tokens
  size_t layer = 0;
  bool last = false;                // the last layer
  const KvCache* prefix = nullptr;  // contiguous [E,H,P,dh] per layer (may be empty)
  KvCache* own = nullptr;           // [entries,H,own_length,dh] per layer, or null
  bool select = false;              // last layer: only `rows` are read
  std::vector<int64_t> rows;        // call-wide token indices, in output order
};

namespace {

// dst entry e <- the per-head column blocks of the tokens of entry e; src
// holds the group's tokens with row stride ld (e.g. the keys inside qkv).
void CopyHeads(const InferenceGroup& grp, const float* src, int64_t ld, int64_t heads, int64_t dh,
               float* dst) {
  const TokenLayout& lay = *grp.layout;
  at::parallel_for(grp.entry0 * heads, grp.entry1 * heads, 1, [&](int64_t begin, int64_t end) {
    for (int64_t eh = begin; eh < end; ++eh) {
      const int64_t e = eh / heads, h = eh % heads;
      const int64_t first = lay.entry_begin[e], len = lay.entry_begin[e + 1] - first;
      for (int64_t i = 0; i < len; ++i) {
        std::copy_n(src + (first - grp.t0 + i) * ld + h * dh, dh,
                    dst + (eh * lay.own_length + i) * dh);
      }
    }
  });
}

// Attention of the given query blocks for every head (see the top). qkv holds
// the group's [n, 3d] projection; out gets rows block.out_row.. of [.., d].
void Attend(const InferenceGroup& grp, int64_t heads, const float* qkv, int64_t d,
            const std::vector<QueryBlock>& blocks, float* out) {
  const TokenLayout& lay = *grp.layout;
  const int64_t dh = d / heads, ld = 3 * d;
  const int64_t p = grp.prefix->Length();
  const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(dh)));
  const float* prefix_k = p > 0 ? grp.prefix->keys[grp.layer].data_ptr<float>() : nullptr;
  const float* prefix_v = p > 0 ? grp.prefix->values[grp.layer].data_ptr<float>() : nullptr;
  int64_t widest = 0;  // most own-row keys of any query
  for (const QueryBlock& qb : blocks) {
    for (int64_t t = qb.begin; t < qb.end; ++t)
      widest = std::max<int64_t>(widest, lay.self_open[t]);
  }
  const int64_t tasks = static_cast<int64_t>(blocks.size()) * heads;
  at::parallel_for(0, tasks, 1, [&](int64_t task_begin, int64_t task_end) {
    std::vector<float> scores(kQueryBlock * (p + widest));
    for (int64_t task = task_begin; task < task_end; ++task) {
      const QueryBlock& qb = blocks[task / heads];
      const int64_t h = task % heads, m = qb.end - qb.begin;
      int64_t np = 0, ns = 0;
      for (int64_t t = qb.begin; t < qb.end; ++t) {
        np = std::max<int64_t>(np, lay.prefix_open[t]);
        ns = std::max<int64_t>(ns, lay.self_open[t]);
      }
      const int64_t lds = np + ns;
      const int64_t row = lay.row_begin[qb.begin] - grp.t0;  // group-local first token of the row
      const float* q = qkv + (qb.begin - grp.t0) * ld + h * dh;
      const float* k = qkv + row * ld + d + h * dh;
      const float* v = qkv + row * ld + 2 * d + h * dh;
      float* o = out + qb.out_row * d + h * dh;
      const int64_t cache_offset = (lay.cache_entry[qb.begin] * heads + h) * p * dh;
      if (np > 0) {
        Gemm(false, true, m, np, dh, scale, q, ld, prefix_k + cache_offset, dh, 0.0f, scores.data(),
             lds);
      }
      Gemm(false, true, m, ns, dh, scale, q, ld, k, ld, 0.0f, scores.data() + np, lds);
      for (int64_t i = 0; i < m; ++i) {
        const int64_t t = qb.begin + i;
        float* s = scores.data() + i * lds;
        if (lay.mask != nullptr) {
          const float* mask = lay.mask + lay.mask_row[t] * lay.mask_ld;
          SoftmaxWithBiasRow(s, np, mask, ns, mask + lay.mask_prefix);
        } else {
          SoftmaxOpenRow(s, np, lay.prefix_open[t], ns, lay.self_open[t]);
        }
      }
      if (np > 0) {
        Gemm(false, false, m, dh, np, 1.0f, scores.data(), lds, prefix_v + cache_offset, dh, 0.0f,
             o, d);
      }
      Gemm(false, false, m, dh, ns, 1.0f, scores.data() + np, lds, v, ld, np > 0 ? 1.0f : 0.0f, o,
           d);
    }
  });
}

// The group's query blocks: runs of up to kQueryBlock tokens of one row.
std::vector<QueryBlock> BlocksOf(const InferenceGroup& grp) {
  const TokenLayout& lay = *grp.layout;
  std::vector<QueryBlock> blocks;
  for (int64_t t = grp.t0; t < grp.t1; ++t) {
    if (blocks.empty() || lay.row_begin[t] != lay.row_begin[blocks.back().begin] ||
        t - blocks.back().begin == kQueryBlock) {
      blocks.push_back({t, t, t - grp.t0});
    }
    blocks.back().end = t + 1;
  }
  return blocks;
}

}  // namespace

torch::Tensor BlockImpl::Infer(const InferenceGroup& grp, torch::Tensor x) const {
  block_arena.Reset();
  const int64_t n = grp.t1 - grp.t0, d = x.size(1), h = n_head_, dh = d / n_head_;
  const bool read_none = grp.last && grp.select && grp.rows.empty();
  float* own_k = nullptr;
  float* own_v = nullptr;
  if (grp.own != nullptr) {
    own_k = grp.own->keys[grp.layer].data_ptr<float>();
    own_v = grp.own->values[grp.layer].data_ptr<float>();
  }
  if (read_none && grp.own == nullptr) return x.narrow(0, 0, 0);

  auto hn = torch::layer_norm(x, {d}, ln1_->weight, ln1_->bias, ln1_->options.eps());
  if (read_none) {
    // Nothing of this layer's output is read: only the keys and values.
    auto kv = block_arena.Take({n, 2 * d});
    torch::addmm_out(kv, qkv_->bias.narrow(0, d, 2 * d), hn, qkv_->weight.narrow(0, d, 2 * d).t());
    CopyHeads(grp, kv.data_ptr<float>(), 2 * d, h, dh, own_k);
    CopyHeads(grp, kv.data_ptr<float>() + d, 2 * d, h, dh, own_v);
    return x.narrow(0, 0, 0);
  }

  auto qkv = block_arena.Take({n, 3 * d});
  torch::addmm_out(qkv, qkv_->bias, hn, qkv_->weight.t());
  if (grp.own != nullptr) {
    CopyHeads(grp, qkv.data_ptr<float>() + d, 3 * d, h, dh, own_k);
    CopyHeads(grp, qkv.data_ptr<float>() + 2 * d, 3 * d, h, dh, own_v);
  }

  std::vector<QueryBlock> blocks;
  if (grp.last && grp.select) {
    std::vector<int64_t> local;
    for (size_t i = 0; i < grp.rows.size(); ++i) {
      blocks.push_back({grp.rows[i], grp.rows[i] + 1, static_cast<int64_t>(i)});
      local.push_back(grp.rows[i] - grp.t0);
    }
    x = x.index_select(0, torch::tensor(local, torch::kInt64));
  } else {
    blocks = BlocksOf(grp);
  }
  const int64_t m = x.size(0);
  auto merged = block_arena.Take({m, d});
  Attend(grp, h, qkv.data_ptr<float>(), d, blocks, merged.data_ptr<float>());

  x.addmm_(merged, proj_->weight.t()).add_(proj_->bias);
  auto hn2 = torch::layer_norm(x, {d}, ln2_->weight, ln2_->bias, ln2_->options.eps());
  auto mlp = block_arena.Take({m, fc1_->weight.size(0)});
  torch::addmm_out(mlp, fc1_->bias, hn2, fc1_->weight.t());
  GeluTanhInPlace(mlp);
  x.addmm_(mlp, fc2_->weight.t()).add_(fc2_->bias);
  return x;
}

torch::Tensor TransformerImpl::RunInference(const TokenLayout& layout, const torch::Tensor& ids,
                                            const torch::Tensor& positions, const KvCache& prefix,
                                            KvCache* own, const torch::Tensor& readout) {
  const int64_t d = params_.d_model, h = params_.n_head;
  const int64_t entries = static_cast<int64_t>(layout.entry_begin.size()) - 1;
  if (own != nullptr) {
    own->keys.clear();
    own->values.clear();
    for (size_t l = 0; l < blocks_.size(); ++l) {
      own->keys.push_back(torch::empty({entries, h, layout.own_length, d / h}));
      own->values.push_back(torch::empty({entries, h, layout.own_length, d / h}));
    }
  }
  KvCache prefix_c;  // contiguous, for raw access
  for (size_t l = 0; l < prefix.keys.size(); ++l) {
    prefix_c.keys.push_back(prefix.keys[l].contiguous());
    prefix_c.values.push_back(prefix.values[l].contiguous());
  }
  auto flat_ids = ids.reshape({layout.tokens});
  auto flat_pos = positions.reshape({layout.tokens});

  // Readout tokens sorted, with their places in the output.
  const bool select = readout.defined();
  std::vector<int64_t> order;
  torch::Tensor readout_c;
  const int64_t* want = nullptr;
  if (select) {
    readout_c = readout.to(torch::kInt64).contiguous();
    want = readout_c.data_ptr<int64_t>();
    order.resize(readout_c.numel());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t c) { return want[a] < want[c]; });
  }
  auto out = torch::empty({select ? readout_c.numel() : layout.tokens, d});

  size_t next = 0;  // into order
  for (int64_t e0 = 0; e0 < entries;) {
    InferenceGroup grp;
    grp.layout = &layout;
    grp.entry0 = e0;
    grp.entry1 = e0 + 1;
    while (grp.entry1 < entries &&
           layout.entry_begin[grp.entry1 + 1] - layout.entry_begin[e0] <= kInferenceGroupTokens) {
      ++grp.entry1;
    }
    e0 = grp.entry1;
    grp.t0 = layout.entry_begin[grp.entry0];
    grp.t1 = layout.entry_begin[grp.entry1];
    grp.prefix = &prefix_c;
    grp.own = own;
    grp.select = select;
    std::vector<int64_t> places;
    for (; select && next < order.size() && want[order[next]] < grp.t1; ++next) {
      LF_CHECK_GE(want[order[next]], grp.t0);
      grp.rows.push_back(want[order[next]]);
      places.push_back(order[next]);
    }

    stream_arena.Reset();
    const int64_t n = grp.t1 - grp.t0;
    auto x = stream_arena.Take({n, d});
    torch::index_select_out(x, wte_->weight, 0, flat_ids.narrow(0, grp.t0, n));
    x.add_(wpe_->weight.index_select(0, flat_pos.narrow(0, grp.t0, n)));
    for (size_t l = 0; l < blocks_.size(); ++l) {
      grp.layer = l;
      grp.last = l + 1 == blocks_.size();
      x = blocks_[l]->Infer(grp, x);
    }
    if (select && places.empty()) continue;
    auto y = torch::layer_norm(x, {d}, ln_f_->weight, ln_f_->bias, ln_f_->options.eps());
    if (select) {
      out.index_copy_(0, torch::tensor(places, torch::kInt64), y);
    } else {
      out.narrow(0, grp.t0, n).copy_(y);
    }
  }
  return out;
}

torch::Tensor TransformerImpl::InferHidden(const torch::Tensor& ids, const torch::Tensor& positions,
                                           const KvCache& prefix, const torch::Tensor& bias,
                                           KvCache* own, const torch::Tensor& readout) {
  const int64_t b = ids.size(0), r = ids.size(1), s = ids.size(2), rs = r * s;
  const int64_t p = prefix.Length();
  LF_CHECK_EQ(bias.dim(), 5);
  LF_CHECK_EQ(bias.size(-1), p + s);
  LF_CHECK_EQ(bias.size(-2), s);
  LF_CHECK(bias.size(0) == 1 || bias.size(0) == b);
  LF_CHECK(bias.size(2) == 1 || bias.size(2) == r);
  const torch::Tensor mask = bias.to(torch::kFloat32).contiguous();

  TokenLayout lay;
  lay.tokens = b * rs;
  lay.own_length = rs;
  lay.mask = mask.data_ptr<float>();
  lay.mask_ld = p + s;
  lay.mask_prefix = p;
  // Open keys per mask row: 1 + the last finite column of each part.
  const int64_t mask_rows = mask.numel() / (p + s);
  std::vector<int32_t> prefix_open(mask_rows), self_open(mask_rows);
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  for (int64_t i = 0; i < mask_rows; ++i) {
    const float* row = lay.mask + i * (p + s);
    int64_t j = p;
    while (j > 0 && row[j - 1] == kNegInf) --j;
    prefix_open[i] = static_cast<int32_t>(j);
    j = s;
    while (j > 0 && row[p + j - 1] == kNegInf) --j;
    LF_CHECK_GT(j, 0);  // every token sees at least itself
    self_open[i] = static_cast<int32_t>(j);
  }
  const int64_t mask_b = mask.size(0), mask_r = mask.size(2);
  for (int64_t e = 0; e <= b; ++e) lay.entry_begin.push_back(e * rs);
  for (int64_t e = 0; e < b; ++e) {
    for (int64_t row = 0; row < r; ++row) {
      for (int64_t i = 0; i < s; ++i) {
        const int64_t mrow = ((mask_b == 1 ? 0 : e) * mask_r + (mask_r == 1 ? 0 : row)) * s + i;
        lay.row_begin.push_back(e * rs + row * s);
        lay.cache_entry.push_back(e);
        lay.mask_row.push_back(mrow);
        lay.prefix_open.push_back(prefix_open[mrow]);
        lay.self_open.push_back(self_open[mrow]);
      }
    }
  }
  auto out = RunInference(lay, ids, positions, prefix, own, readout);
  return readout.defined() ? out : out.view({b, r, s, -1});
}

torch::Tensor TransformerImpl::ForwardSegments(const torch::Tensor& ids,
                                               const torch::Tensor& positions,
                                               std::span<const TokenSegment> segments,
                                               const KvCache& prefix, KvCache* own,
                                               const torch::Tensor& readout) {
  torch::NoGradGuard no_grad;
  TokenLayout lay;
  lay.entry_begin.push_back(0);
  for (const TokenSegment& seg : segments) {
    LF_CHECK_GT(seg.length, 0);
    LF_CHECK_LE(seg.prefix_keys, prefix.Length());
    for (int64_t i = 0; i < seg.length; ++i) {
      lay.row_begin.push_back(lay.tokens);
      lay.cache_entry.push_back(seg.prefix_entry);
      lay.prefix_open.push_back(static_cast<int32_t>(seg.prefix_keys));
      lay.self_open.push_back(static_cast<int32_t>(i + 1));
    }
    lay.tokens += seg.length;
    lay.entry_begin.push_back(lay.tokens);
    lay.own_length = std::max(lay.own_length, seg.length);
  }
  LF_CHECK_EQ(ids.numel(), lay.tokens);
  LF_CHECK_EQ(positions.numel(), lay.tokens);
  return RunInference(lay, ids, positions, prefix, own, readout);
}

}  // namespace lf::model
