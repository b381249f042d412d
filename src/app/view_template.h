#pragma once
// The text of `lemmaforge view`'s pages: HTML skeletons, the style sheet and
// the script (view_template.cc, view_script.cc). app/view_page.h fills the
// skeletons' {{PLACEHOLDERS}} and inlines everything, so a page needs no
// network and opens from disk.
//
// Attempt page placeholders: {{TITLE}}, {{STYLE}}, {{BACK}} (a link to the
// index, or nothing), {{HEADING}}, {{NODE_COUNT}}, {{EDGE_COUNT}}, {{DATA}}
// (the trace as JSON, see view_page.cc) and {{SCRIPT}}. Index page:
// {{TITLE}}, {{STYLE}}, {{HEADING}}, {{SUMMARY}}, {{ROWS}}.
//
// DOM hooks the browser test (tests/app/view_browser_test.py) relies on:
//   svg#graph[data-node-count]    the trace's node count (written by C++)
//   [data-node="K"]               one element per node, drawn by the script
//   #detail                       the detail panel a node click fills
//   URL hash #test-step=K&test-click=K   replay step K, then click node K

namespace lf::app {

extern const char kAttemptPageTemplate[];
extern const char kIndexPageTemplate[];
extern const char kViewStyle[];
extern const char kViewScript[];

}  // namespace lf::app
