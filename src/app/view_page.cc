#include "app/view_page.h"

#include <cstdio>
#include <map>

#include "app/trace_layout.h"
#include "app/trace_record.h"
#include "app/view_template.h"
#include "core/check.h"
#include "core/json.h"

namespace lf::app {
namespace {

// Text as HTML character data or attribute value.
std::string EscapeHtml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// JSON text safe inside a <script> element: '<' only occurs in strings, where
// \u003c means the same, so no "</script>" in a state can end the element.
std::string ForScript(const std::string& json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (const char c : json_text) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

const char* KindName(io::NodeKind kind) {
  switch (kind) {
    case io::NodeKind::kOr:
      return "or";
    case io::NodeKind::kAnd:
      return "and";
    case io::NodeKind::kTerminal:
      return "terminal";
  }
  return "or";
}

// `page` with every {{NAME}} replaced by its value, in one pass: text that a
// value brings in (a problem named "{{DATA}}") is never substituted again.
std::string Fill(const std::string& page, const std::map<std::string, std::string>& values) {
  std::string out;
  size_t done = 0;
  for (size_t at = page.find("{{"); at != std::string::npos; at = page.find("{{", done)) {
    const size_t end = page.find("}}", at);
    LF_CHECK(end != std::string::npos);
    const auto value = values.find(page.substr(at + 2, end - at - 2));
    LF_CHECK(value != values.end());
    out.append(page, done, at - done).append(value->second);
    done = end + 2;
  }
  return out.append(page, done);
}

// The page's data: the trace's columns the script shows, and the layout.
std::string TraceJson(const io::Trace& t, int64_t id, const std::string& source) {
  const TraceLayout layout = LayOut(t);
  std::string out =
      "{\"attempt\": " + std::to_string(id) + ", \"source\": " + json::Quote(source) +
      ", \"problem\": " + json::Quote(t.problem) + ", \"theorem\": " + json::Quote(t.theorem) +
      ", \"algorithm\": " + json::Quote(t.algorithm) +
      ", \"policy_model\": " + json::Quote(t.policy_model) +
      ", \"critic_model\": " + json::Quote(t.critic_model) +
      ", \"outcome\": " + json::Quote(OutcomeName(t.outcome)) +
      ", \"proof\": " + json::Quote(t.proof) + ", \"budget\": " + std::to_string(t.budget) +
      ", \"expansions\": " + std::to_string(t.expansions) +
      ", \"seconds\": " + json::Number(t.seconds) + ", \"steps\": " + std::to_string(layout.steps) +
      ", \"by_expansion\": " + (layout.by_expansion ? "true" : "false") +
      ", \"slots\": " + std::to_string(layout.slots) + ",\n\"nodes\": [";
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    const io::TraceNode& n = t.nodes[i];
    out += std::string(i ? ",\n" : "\n") + "{\"state\": " + json::Quote(n.state) +
           ", \"kind\": \"" + KindName(n.kind) + "\", \"status\": \"" + OutcomeName(n.status) +
           "\", \"visits\": " + std::to_string(n.visits) + ", \"value\": " + json::Number(n.value) +
           ", \"critic\": " + json::Number(n.critic) +
           ", \"expansion_order\": " + std::to_string(n.expansion_order) +
           ", \"in_proof\": " + (n.in_proof ? "true" : "false") +
           ", \"x\": " + json::Number(layout.x[i]) +
           ", \"depth\": " + std::to_string(layout.depth[i]) +
           ", \"step\": " + std::to_string(layout.node_step[i]) + "}";
  }
  out += "],\n\"edges\": [";
  for (size_t i = 0; i < t.edges.size(); ++i) {
    const io::TraceEdge& e = t.edges[i];
    out += std::string(i ? ",\n" : "\n") + "{\"parent\": " + std::to_string(e.parent) +
           ", \"child\": " + std::to_string(e.child) + ", \"action\": " + json::Quote(e.action) +
           ", \"prior\": " + json::Number(e.prior) + ", \"visits\": " + std::to_string(e.visits) +
           ", \"in_proof\": " + (e.in_proof ? "true" : "false") +
           ", \"tree\": " + (layout.tree_edge[i] ? "true" : "false") +
           ", \"step\": " + std::to_string(layout.edge_step[i]) + "}";
  }
  return ForScript(out + "]}");
}

}  // namespace

std::string AttemptFileName(int64_t id) { return "attempt-" + std::to_string(id) + ".html"; }

std::string AttemptPage(const io::Trace& trace, int64_t id, const std::string& source,
                        bool with_index) {
  const std::string name = trace.problem.empty() ? trace.theorem : trace.problem;
  const std::string heading =
      "attempt " + std::to_string(id) + ": " + name + " (" + OutcomeName(trace.outcome) + ")";
  return Fill(
      kAttemptPageTemplate,
      {{"TITLE", EscapeHtml(heading + " \u2014 " + source)},
       {"STYLE", kViewStyle},
       {"BACK", with_index ? "<a id=\"back\" href=\"index.html\">&#x2190; all attempts</a>" : ""},
       {"HEADING", EscapeHtml(heading)},
       {"NODE_COUNT", std::to_string(trace.nodes.size())},
       {"EDGE_COUNT", std::to_string(trace.edges.size())},
       {"DATA", TraceJson(trace, id, source)},
       {"SCRIPT", kViewScript}});
}

std::string IndexPage(const std::vector<io::Trace>& traces, const std::string& source) {
  std::string rows;
  int64_t proved = 0;
  for (size_t id = 0; id < traces.size(); ++id) {
    const io::Trace& t = traces[id];
    proved += t.outcome == io::NodeStatus::kProved ? 1 : 0;
    const std::string outcome = OutcomeName(t.outcome);
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", t.seconds);
    rows += "    <tr data-attempt=\"" + std::to_string(id) + "\"><td><a href=\"" +
            AttemptFileName(static_cast<int64_t>(id)) + "\">" + std::to_string(id) +
            "</a></td><td><a href=\"" + AttemptFileName(static_cast<int64_t>(id)) + "\">" +
            EscapeHtml(t.problem) + "</a></td><td class=\"outcome-" + outcome + "\">" + outcome +
            "</td><td>" + EscapeHtml(t.algorithm) + "</td><td>" + std::to_string(t.nodes.size()) +
            "</td><td>" + std::to_string(t.edges.size()) + "</td><td>" +
            std::to_string(t.expansions) + "</td><td>" + seconds + "</td><td class=\"statement\">" +
            EscapeHtml(t.theorem) + "</td></tr>\n";
  }
  const std::string summary =
      std::to_string(proved) + "/" + std::to_string(traces.size()) + " attempts proved";
  return Fill(kIndexPageTemplate, {{"TITLE", EscapeHtml("proof traces \u2014 " + source)},
                                   {"STYLE", kViewStyle},
                                   {"HEADING", EscapeHtml("proof traces of " + source)},
                                   {"SUMMARY", summary},
                                   {"ROWS", rows}});
}

}  // namespace lf::app
