#include "learn/checkpoint.h"

#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/hash.h"

namespace lf::learn {
namespace {

constexpr char kMagic[8] = {'L', 'F', 'C', 'K', 'P', 'T', '0', '1'};
constexpr size_t kHeaderBytes = 24;

void PutU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t GetU64(const std::string& in, size_t at) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  return v;
}

}  // namespace

void SaveCheckpoint(const std::string& path, torch::nn::Module& model,
                    torch::optim::Optimizer& optimizer, const CheckpointState& state) {
  torch::serialize::OutputArchive archive, model_archive, optimizer_archive;
  model.save(model_archive);
  optimizer.save(optimizer_archive);
  archive.write("model", model_archive);
  archive.write("optimizer", optimizer_archive);
  archive.write("steps_done", c10::IValue(state.steps_done));
  archive.write("mu_active_steps", c10::IValue(state.mu_active_steps));
  archive.write("model_config", c10::IValue(state.model_config));
  archive.write("learn_config", c10::IValue(state.learn_config));
  archive.write("theory", c10::IValue(state.theory));
  std::ostringstream payload_stream;
  archive.save_to(payload_stream);
  const std::string payload = payload_stream.str();

  std::string bytes(kMagic, sizeof(kMagic));
  PutU64(bytes, payload.size());
  PutU64(bytes, Fnv1a64(payload.data(), payload.size()));
  bytes += payload;
  WriteFileAtomically(path, bytes);
}

namespace {

// The payload of a checkpoint file after checking magic, size and checksum.
std::string ValidatedPayload(const std::string& path) {
  const std::string bytes = ReadFileOrThrow(path);
  const SourceLocation where{path};
  if (bytes.size() < kHeaderBytes || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    throw InputError(where, "not a lemmaforge checkpoint (bad magic)");
  }
  const uint64_t size = GetU64(bytes, 8);
  if (bytes.size() - kHeaderBytes != size) {
    throw InputError(where, "checkpoint truncated or padded: payload is " +
                                std::to_string(bytes.size() - kHeaderBytes) +
                                " bytes, header says " + std::to_string(size));
  }
  if (Fnv1a64(bytes.data() + kHeaderBytes, size) != GetU64(bytes, 16)) {
    throw InputError(where, "checkpoint corrupt (checksum mismatch)");
  }
  return bytes.substr(kHeaderBytes);
}

// The stored theory ("" in files written before it was recorded).
std::string StoredTheory(torch::serialize::InputArchive& archive) {
  c10::IValue v;
  return archive.try_read("theory", v) ? v.toStringRef() : std::string();
}

void CheckTheory(const SourceLocation& where, const std::string& stored,
                 const std::string& theory) {
  if (!stored.empty() && stored != theory)
    throw InputError(where, "checkpoint of a model trained on theory '" + stored +
                                "', not on '" + theory + "'");
}

}  // namespace

CheckpointHeader ReadCheckpointHeader(const std::string& path) {
  const std::string payload = ValidatedPayload(path);
  try {
    torch::serialize::InputArchive archive;
    std::istringstream in(payload);
    archive.load_from(in);
    c10::IValue v;
    archive.read("model_config", v);
    return {v.toStringRef(), StoredTheory(archive)};
  } catch (const std::exception& e) {
    std::string what = e.what();
    throw InputError(SourceLocation{path},
                     "cannot read checkpoint: " + what.substr(0, what.find('\n')));
  }
}

CheckpointState LoadCheckpoint(const std::string& path, torch::nn::Module& model,
                               torch::optim::Optimizer& optimizer,
                               const std::string& expected_model_config,
                               const std::string& theory) {
  const std::string payload = ValidatedPayload(path);
  const SourceLocation where{path};
  CheckpointState state;
  try {
    torch::serialize::InputArchive archive, model_archive, optimizer_archive;
    std::istringstream in(payload);
    archive.load_from(in);
    c10::IValue v;
    archive.read("model_config", v);
    state.model_config = v.toStringRef();
    if (state.model_config != expected_model_config) {
      throw InputError(where, "checkpoint is for a different model (" + state.model_config +
                                  ", expected " + expected_model_config + ")");
    }
    state.theory = StoredTheory(archive);
    CheckTheory(where, state.theory, theory);
    archive.read("learn_config", v);
    state.learn_config = v.toStringRef();
    archive.read("steps_done", v);
    state.steps_done = v.toInt();
    archive.read("mu_active_steps", v);
    state.mu_active_steps = v.toInt();
    archive.read("model", model_archive);
    archive.read("optimizer", optimizer_archive);
    model.load(model_archive);
    optimizer.load(optimizer_archive);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    // Torch reports archive problems as c10::Error; keep only its first line.
    std::string what = e.what();
    throw InputError(where, "cannot load checkpoint: " + what.substr(0, what.find('\n')));
  }
  return state;
}

}  // namespace lf::learn
