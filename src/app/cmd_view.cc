// `lemmaforge view TRACE.h5 [--attempt ID] -o OUT`: the proof traces of a trace
// file as self-contained HTML pages (app/view_page.h): one attempt's page, or
// an index of every attempt with a page each. Exit 0, 2 bad input (a damaged
// or foreign file, no such attempt), 4 a page could not be written.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/options.h"
#include "app/view_page.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "io/trace_file.h"

namespace lf::app {

int CmdView(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string file, out;
  int64_t attempt = -1;
  po::options_description desc(
      "usage: lemmaforge view TRACE.h5 [--attempt ID] -o OUT\n\n"
      "Draws the proof traces of TRACE.h5 (prove/eval --trace) as HTML pages that open\n"
      "from disk: the search graph as a tree of AND/OR nodes coloured by status, a\n"
      "replay of the expansions, the proof highlighted, a node's goal, actions, priors\n"
      "and scores on click.\n"
      "  -o FILE.html  the page of attempt ID (--attempt may be left out when the file\n"
      "                holds one attempt)\n"
      "  -o DIR        DIR/index.html listing the attempts and DIR/attempt-<ID>.html for\n"
      "                each; with --attempt ID, only DIR/attempt-<ID>.html\n"
      "Exit 0, 2 bad input, 4 a page could not be written.\n\noptions");
  desc.add_options()("help,h", "show this help")(
      "file", po::value(&file)->required(), "the trace file")("attempt", po::value(&attempt),
                                                              "attempt id (its row in /attempts)")(
      "output,o", po::value(&out)->required(), "FILE.html or a directory");
  po::positional_options_description positional;
  positional.add("file", 1);
  if (!ParseCommandLine(argc, argv, desc, &positional)) return kExitOk;

  const io::TraceReader reader(file);
  const std::vector<io::Trace> traces = reader.ReadTraces();
  const auto count = static_cast<int64_t>(traces.size());
  if (attempt != -1 && (attempt < 0 || attempt >= count)) {
    throw InputError(SourceLocation{file}, "no attempt " + std::to_string(attempt) +
                                               " (the file holds " + std::to_string(count) + ")");
  }
  if (std::filesystem::path(out).extension() == ".html") {
    if (attempt == -1 && count != 1) {
      throw InputError("-o " + out + ": the trace file holds " + std::to_string(count) +
                       " attempts: name one with --attempt ID, or give -o a directory");
    }
    const int64_t id = attempt == -1 ? 0 : attempt;
    WriteFileAtomically(out, AttemptPage(traces[id], id, file, /*with_index=*/false));
    std::printf("wrote %s (attempt %lld: %zu nodes)\n", out.c_str(), static_cast<long long>(id),
                traces[id].nodes.size());
    return kExitOk;
  }
  std::error_code error;
  std::filesystem::create_directories(out, error);
  if (error) throw WriteError(out + ": error: cannot create directory: " + error.message());
  const std::filesystem::path dir(out);
  if (attempt != -1) {
    const std::string page = (dir / AttemptFileName(attempt)).string();
    WriteFileAtomically(page, AttemptPage(traces[attempt], attempt, file, /*with_index=*/false));
    std::printf("wrote %s (attempt %lld: %zu nodes)\n", page.c_str(),
                static_cast<long long>(attempt), traces[attempt].nodes.size());
    return kExitOk;
  }
  for (int64_t id = 0; id < count; ++id) {
    WriteFileAtomically((dir / AttemptFileName(id)).string(),
                        AttemptPage(traces[id], id, file, /*with_index=*/true));
  }
  WriteFileAtomically((dir / "index.html").string(), IndexPage(traces, file));
  std::printf("wrote %s/index.html and %lld attempt pages\n", out.c_str(),
              static_cast<long long>(count));
  return kExitOk;
}

}  // namespace lf::app
