// HTML skeletons and style sheet of `lemmaforge view` (placeholders in
// app/view_template.h). Kept as plain HTML/CSS in raw strings so that they
// read as what they are.

#include "app/view_template.h"

namespace lf::app {

const char kAttemptPageTemplate[] = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{TITLE}}</title>
<style>{{STYLE}}</style>
</head>
<body>
<header>
  {{BACK}}
  <h1>{{HEADING}}</h1>
  <div id="summary"></div>
  <details id="proof-box"><summary>proof</summary><pre id="proof"></pre></details>
</header>
<div id="controls">
  <button id="first" title="first step (Home)">|&#x25C0;</button>
  <button id="prev" title="previous step (&#x2190;)">&#x25C0;</button>
  <button id="play" title="play / pause (space)">play</button>
  <button id="next" title="next step (&#x2192;)">&#x25B6;</button>
  <button id="last" title="last step (End)">&#x25B6;|</button>
  <input type="range" id="step" min="0" max="0" value="0">
  <span id="step-label"></span>
  <button id="fit" title="show the whole graph">fit</button>
  <label><input type="checkbox" id="show-proof" checked> highlight proof</label>
</div>
<main>
  <div id="canvas">
    <svg id="graph" xmlns="http://www.w3.org/2000/svg" data-node-count="{{NODE_COUNT}}"
         data-edge-count="{{EDGE_COUNT}}" preserveAspectRatio="xMidYMid meet"></svg>
  </div>
  <aside id="detail"><p class="hint">Click a node to see its goal, actions and scores.</p></aside>
</main>
<footer id="legend">
  <span><svg width="14" height="14"><circle cx="7" cy="7" r="5" class="swatch proved"/></svg> proved</span>
  <span><svg width="14" height="14"><circle cx="7" cy="7" r="5" class="swatch failed"/></svg> failed</span>
  <span><svg width="14" height="14"><circle cx="7" cy="7" r="5" class="swatch open"/></svg> open</span>
  <span>&#x25CF; OR node (one goal) &#x25A0; AND node (several goals) &#x25C6; solved (no goal left)</span>
  <span>dashed outline: not expanded yet; dashed line: a goal reached again (shared node);
    gold: the proof. Colours are the final statuses.</span>
  <span>drag to pan, wheel to zoom</span>
</footer>
<script type="application/json" id="trace-data">{{DATA}}</script>
<script>{{SCRIPT}}</script>
</body>
</html>
)html";

const char kIndexPageTemplate[] = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{TITLE}}</title>
<style>{{STYLE}}</style>
</head>
<body class="index">
<header>
  <h1>{{HEADING}}</h1>
  <div id="summary">{{SUMMARY}}</div>
</header>
<table id="attempts">
  <thead><tr><th>id</th><th>problem</th><th>outcome</th><th>algorithm</th><th>nodes</th>
    <th>edges</th><th>expansions</th><th>seconds</th><th>statement</th></tr></thead>
  <tbody>
{{ROWS}}  </tbody>
</table>
</body>
</html>
)html";

const char kViewStyle[] = R"css(
:root { --proved: #2e9d4b; --failed: #d0433b; --open: #8a94a6; --proof: #e8a400; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1d2330; background: #fafbfc;
       display: flex; flex-direction: column; height: 100vh; }
body.index { display: block; height: auto; padding-bottom: 2em; }
header { padding: 8px 16px; border-bottom: 1px solid #dde1e7; background: #fff; }
header h1 { font-size: 18px; margin: 4px 0; word-break: break-all; }
#summary { color: #4a5468; }
#proof { margin: 4px 0; max-height: 12em; overflow: auto; background: #f3f5f8; padding: 6px; }
#controls { padding: 6px 16px; display: flex; gap: 6px; align-items: center;
            border-bottom: 1px solid #dde1e7; background: #fff; flex-wrap: wrap; }
#controls button { min-width: 2.2em; }
#step { flex: 1; min-width: 160px; }
#step-label { min-width: 18em; font-variant-numeric: tabular-nums; }
main { flex: 1; display: flex; min-height: 0; }
#canvas { flex: 1; min-width: 0; position: relative; background: #fff; }
#graph { width: 100%; height: 100%; display: block; cursor: grab; user-select: none; }
#detail { width: 420px; overflow: auto; padding: 8px 14px; border-left: 1px solid #dde1e7;
          background: #fcfcfd; }
#detail h2 { font-size: 16px; margin: 6px 0; }
#detail pre { white-space: pre-wrap; word-break: break-all; background: #f3f5f8; padding: 6px;
              margin: 4px 0 8px; }
#detail table { border-collapse: collapse; width: 100%; font-size: 13px; }
#detail th, #detail td { border-bottom: 1px solid #e5e8ed; padding: 2px 4px; text-align: left;
                         vertical-align: top; }
#detail td.action { font-family: monospace; overflow-wrap: anywhere; min-width: 8em; }
#detail a, .index a { color: #2857b8; cursor: pointer; }
.hint { color: #6b7588; }
footer { padding: 4px 16px; font-size: 12px; color: #4a5468; display: flex; gap: 18px;
         flex-wrap: wrap; border-top: 1px solid #dde1e7; background: #fff; }
.edge { fill: none; stroke: #b5bdc9; stroke-width: 1.2; }
.edge.cross { stroke-dasharray: 4 3; }
.show-proof .edge.proof { stroke: var(--proof); stroke-width: 3; }
.node { cursor: pointer; }
.node .shape, .swatch { stroke: #1d2330; stroke-width: 1; }
.proved .shape, .swatch.proved { fill: var(--proved); }
.failed .shape, .swatch.failed { fill: var(--failed); }
.open .shape, .swatch.open { fill: var(--open); }
.node.unexpanded .shape { stroke-dasharray: 2 2; }
.show-proof .node.proof .shape { stroke: var(--proof); stroke-width: 3; }
.node.current .shape { stroke: #2857b8; stroke-width: 3; }
.node.selected .shape { stroke: #000; stroke-width: 3.5; }
.hidden { display: none; }
.index table { border-collapse: collapse; margin: 12px 16px; }
.index th, .index td { border-bottom: 1px solid #dde1e7; padding: 4px 10px; text-align: left; }
.index td.statement { font-family: monospace; font-size: 12px; max-width: 48em;
                      word-break: break-all; }
.outcome-proved { color: var(--proved); font-weight: 600; }
.outcome-failed { color: var(--failed); font-weight: 600; }
.outcome-open { color: var(--open); font-weight: 600; }
)css";

}  // namespace lf::app
