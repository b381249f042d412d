#include "app/run_sweep.h"

#include <algorithm>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json.h"
#include "core/version.h"

namespace lf::app {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void BadAxis(const std::string& spec, const std::string& why) {
  throw InputError("--sweep " + spec + ": " + why);
}

std::string SweepFile(const std::string& dir) { return dir + "/sweep.json"; }

}  // namespace

SweepAxis ParseSweepAxis(const std::string& spec) {
  const size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0) BadAxis(spec, "expected KEY=V1,V2,... as in learn.alpha=0,0.5");
  SweepAxis axis{spec.substr(0, eq), {}};
  if (axis.key == "run.dir") BadAxis(spec, "each run's directory is RUN/<label>; set run.dir to RUN");
  const std::string list = spec.substr(eq + 1);
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const std::string value = list.substr(start, comma - start);
    if (value.empty()) BadAxis(spec, "an empty value");
    if (value.find('/') != std::string::npos || value.front() == '.')
      BadAxis(spec, "value '" + value + "' cannot be part of a directory name");
    if (std::find(axis.values.begin(), axis.values.end(), value) != axis.values.end())
      BadAxis(spec, "value '" + value + "' is given twice");
    axis.values.push_back(value);
    start = comma + 1;
  }
  return axis;
}

std::vector<SweepRun> ExpandSweep(const std::vector<SweepAxis>& axes) {
  std::vector<SweepRun> runs{SweepRun{}};
  for (const SweepAxis& axis : axes) {
    const std::string name = axis.key.substr(axis.key.rfind('.') + 1);
    std::vector<SweepRun> next;
    for (const SweepRun& run : runs) {
      for (const std::string& value : axis.values) {
        SweepRun point = run;
        point.label += (point.label.empty() ? "" : ",") + name + "=" + value;
        point.overrides.push_back("--" + axis.key + "=" + value);
        next.push_back(std::move(point));
      }
    }
    runs = std::move(next);
  }
  return runs;
}

bool IsSweepDirectory(const std::string& dir) { return fs::exists(SweepFile(dir)); }

std::unique_ptr<RunDirLock> CreateSweepDirectory(const std::string& dir,
                                                 const std::string& config_text,
                                                 const std::vector<SweepRun>& runs) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError(SourceLocation{dir}, "cannot create the sweep directory: " + ec.message());
  auto lock = std::make_unique<RunDirLock>(dir);
  if (fs::exists(SweepFile(dir)) || fs::exists(dir + "/state.json"))
    throw InputError(SourceLocation{dir}, "holds a run already; continue it with --resume " + dir);
  WriteFileAtomically(dir + "/config.cfg", std::string("# Base configuration of this sweep (lemmaforge ") +
                                               GitRevision() + "); sweep.json lists its runs.\n" +
                                               config_text);
  std::string text = "{\n  \"runs\": [";
  for (size_t i = 0; i < runs.size(); ++i) {
    text += (i ? ",\n    " : "\n    ") + std::string("{\"label\": ") + json::Quote(runs[i].label) +
            ", \"overrides\": [";
    for (size_t j = 0; j < runs[i].overrides.size(); ++j)
      text += (j ? ", " : "") + json::Quote(runs[i].overrides[j]);
    text += "]}";
  }
  WriteFileAtomically(SweepFile(dir), text + "\n  ]\n}\n");
  return lock;
}

std::vector<SweepRun> ReadSweepRuns(const std::string& dir) {
  const std::string path = SweepFile(dir);
  const json::Value root = json::Parse(ReadFileOrThrow(path), path);
  const json::Value* runs = root.is_object() ? root.Find("runs") : nullptr;
  if (runs == nullptr || !runs->is_array() || runs->items().empty())
    throw InputError(runs ? runs->where : root.where, "expected \"runs\": a non-empty array");
  std::vector<SweepRun> out;
  for (const json::Value& run : runs->items()) {
    const json::Value* label = run.is_object() ? run.Find("label") : nullptr;
    const json::Value* overrides = run.is_object() ? run.Find("overrides") : nullptr;
    if (label == nullptr || !label->is_string() || label->str().empty() ||
        label->str().find('/') != std::string::npos || overrides == nullptr ||
        !overrides->is_array())
      throw InputError(run.where, "expected {\"label\": NAME, \"overrides\": [...]}");
    SweepRun r{label->str(), {}};
    for (const json::Value& o : overrides->items()) {
      if (!o.is_string()) throw InputError(o.where, "expected a string");
      r.overrides.push_back(o.str());
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace lf::app
