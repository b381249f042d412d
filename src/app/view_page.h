#pragma once
// The pages of `lemmaforge view`: one self-contained HTML file per attempt (the
// search graph as an SVG tree, replay controls, a detail panel; see
// app/view_template.h for its parts and test hooks), and an index of a trace
// file's attempts linking to them. Pure functions of the traces; the command
// (cmd_view.cc) writes the files.

#include <cstdint>
#include <string>
#include <vector>

#include "io/records.h"

namespace lf::app {

// "attempt-<id>.html": an attempt page's file name beside its index.
std::string AttemptFileName(int64_t id);

// The page of attempt `id` of the trace file `source` (named in the title).
// With `with_index`, the page links back to "index.html" beside it.
std::string AttemptPage(const io::Trace& trace, int64_t id, const std::string& source,
                        bool with_index);

// The index of the attempts of `source`: outcome and size of each, linking to
// AttemptFileName(id).
std::string IndexPage(const std::vector<io::Trace>& traces, const std::string& source);

}  // namespace lf::app
