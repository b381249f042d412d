// The script of `lemmaforge view`'s attempt page (app/view_template.h): draws
// the trace embedded as JSON (#trace-data, written by app/view_page.cc) as an
// SVG tree with the positions app/trace_layout.h computed, replays the
// expansions with a slider and step buttons, and fills the detail panel when a
// node is clicked. Plain ES2017, no library: the page must open from disk
// without a network. Strings from the trace reach the page only through
// textContent, never as markup.

#include "app/view_template.h"

namespace lf::app {

const char kViewScript[] = R"js(
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("trace-data").textContent);
  const nodes = data.nodes;
  const edges = data.edges;
  const SVG = "http://www.w3.org/2000/svg";
  const DX = 18, DY = 60, MARGIN = 30, R = 6;
  const svg = document.getElementById("graph");
  const detail = document.getElementById("detail");
  const slider = document.getElementById("step");
  const label = document.getElementById("step-label");

  function make(tag, attrs, parent, ns) {
    const e = ns === false ? document.createElement(tag) : document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function html(tag, text, parent, cls) {
    const e = make(tag, cls ? { class: cls } : {}, parent, false);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function num(v) {
    return v === null || v === undefined ? "n/a" : Number.isInteger(v) ? String(v) : v.toPrecision(4);
  }

  // ---- header ---------------------------------------------------------------
  document.getElementById("summary").textContent =
    data.theorem + "  \u2014  " + data.outcome + " by " + data.algorithm + ", " + nodes.length +
    " nodes, " + edges.length + " edges, " + data.expansions + " expansions (budget " +
    data.budget + "), " + num(data.seconds) + " s; policy " + data.policy_model + ", critic " +
    data.critic_model;
  if (data.proof) document.getElementById("proof").textContent = data.proof;
  else document.getElementById("proof-box").classList.add("hidden");

  // ---- graph ----------------------------------------------------------------
  const out = nodes.map(() => []);
  const into = nodes.map(() => []);
  edges.forEach((e, i) => { out[e.parent].push(i); into[e.child].push(i); });
  const expandedAt = [];  // node id of the k-th expansion
  nodes.forEach((n, i) => { if (n.expansion_order >= 0) expandedAt[n.expansion_order] = i; });
  const px = (v) => MARGIN + nodes[v].x * DX;
  const py = (v) => MARGIN + nodes[v].depth * DY;

  const edgeLayer = make("g", { class: "edges" }, svg);
  const nodeLayer = make("g", { class: "nodes" }, svg);
  const edgeEls = edges.map((e, i) => {
    const x1 = px(e.parent), y1 = py(e.parent), x2 = px(e.child), y2 = py(e.child);
    const ym = (y1 + y2) / 2;
    const cls = "edge" + (e.tree ? "" : " cross") + (e.in_proof ? " proof" : "");
    const path = make("path", { class: cls, "data-edge": i,
      d: `M${x1},${y1 + R} C${x1},${ym} ${x2},${ym} ${x2},${y2 - R}` }, edgeLayer);
    make("title", {}, path).textContent = e.action;
    return path;
  });
  const nodeEls = nodes.map((n, i) => {
    const g = make("g", { class: `node ${n.kind} ${n.status}` + (n.in_proof ? " proof" : ""),
      "data-node": i, transform: `translate(${px(i)},${py(i)})` }, nodeLayer);
    if (n.kind === "and") {
      make("rect", { class: "shape", x: -R, y: -R, width: 2 * R, height: 2 * R }, g);
    } else if (n.kind === "terminal") {
      make("polygon", { class: "shape", points: `0,${-R - 1} ${R + 1},0 0,${R + 1} ${-R - 1},0` }, g);
    } else {
      make("circle", { class: "shape", r: R }, g);
    }
    make("title", {}, g).textContent = `#${i} ${n.status}\n${n.state}`;
    g.addEventListener("click", (event) => { event.stopPropagation(); select(i); });
    return g;
  });

  // ---- view box: fit, pan, zoom ---------------------------------------------
  const width = 2 * MARGIN + Math.max(0, data.slots - 1) * DX;
  const height = 2 * MARGIN + nodes.reduce((d, n) => Math.max(d, n.depth), 0) * DY;
  let box = { x: 0, y: 0, w: width, h: height };
  function setBox(b) {
    box = b;
    svg.setAttribute("viewBox", `${b.x} ${b.y} ${b.w} ${b.h}`);
  }
  function fit() { setBox({ x: 0, y: 0, w: Math.max(width, 200), h: Math.max(height, 120) }); }
  // The whole graph when it is readable so, else 1:1 around the root from the top.
  function initialView() {
    const r = svg.getBoundingClientRect();
    if (!r.width || Math.min(r.width / width, r.height / height) >= 0.3) { fit(); return; }
    setBox({ x: px(0) - r.width / 2, y: 0, w: r.width, h: r.height });
  }
  // Moves the view to node v if it is outside it.
  function reveal(v) {
    const x = px(v), y = py(v);
    if (x >= box.x && x <= box.x + box.w && y >= box.y && y <= box.y + box.h) return;
    setBox({ x: x - box.w / 2, y: y - box.h / 3, w: box.w, h: box.h });
  }
  // The view box point under a client position (the SVG keeps the aspect ratio).
  function toBox(cx, cy) {
    const r = svg.getBoundingClientRect();
    const s = Math.max(box.w / r.width, box.h / r.height);
    return { x: box.x + box.w / 2 + (cx - r.left - r.width / 2) * s,
             y: box.y + box.h / 2 + (cy - r.top - r.height / 2) * s, s: s };
  }
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const f = event.deltaY > 0 ? 1.2 : 1 / 1.2;
    const p = toBox(event.clientX, event.clientY);
    setBox({ x: p.x - (p.x - box.x) * f, y: p.y - (p.y - box.y) * f, w: box.w * f, h: box.h * f });
  }, { passive: false });
  let drag = null;
  svg.addEventListener("mousedown", (event) => {
    drag = { x: event.clientX, y: event.clientY, box: box, s: toBox(0, 0).s };
  });
  window.addEventListener("mousemove", (event) => {
    if (!drag) return;
    setBox({ x: drag.box.x - (event.clientX - drag.x) * drag.s,
             y: drag.box.y - (event.clientY - drag.y) * drag.s, w: drag.box.w, h: drag.box.h });
  });
  window.addEventListener("mouseup", () => { drag = null; });
  document.getElementById("fit").addEventListener("click", fit);
  const proofBox = document.getElementById("show-proof");
  function showProof() { svg.classList.toggle("show-proof", proofBox.checked); }
  proofBox.addEventListener("change", showProof);

  // ---- replay ---------------------------------------------------------------
  let step = data.steps;
  function show(k) {
    step = Math.max(0, Math.min(data.steps, k));
    slider.value = step;
    nodes.forEach((n, i) => {
      const g = nodeEls[i];
      g.classList.toggle("hidden", n.step > step);
      const pending = n.kind !== "terminal" && (n.expansion_order < 0 || n.expansion_order >= step);
      g.classList.toggle("unexpanded", data.by_expansion && pending);
      g.classList.toggle("current",
        data.by_expansion ? step > 0 && n.expansion_order === step - 1 : step > 0 && i === step);
    });
    edges.forEach((e, i) => edgeEls[i].classList.toggle("hidden", e.step > step));
    let text = `step ${step} / ${data.steps}`;
    if (data.by_expansion && step > 0 && expandedAt[step - 1] !== undefined) {
      text += `: expansion ${step} of node #${expandedAt[step - 1]}`;
    } else if (!data.by_expansion && step > 0) {
      text += `: node #${step} created`;
    }
    label.textContent = text;
  }
  slider.max = data.steps;
  slider.addEventListener("input", () => show(Number(slider.value)));
  document.getElementById("first").addEventListener("click", () => show(0));
  document.getElementById("prev").addEventListener("click", () => show(step - 1));
  document.getElementById("next").addEventListener("click", () => show(step + 1));
  document.getElementById("last").addEventListener("click", () => show(data.steps));
  const playButton = document.getElementById("play");
  let timer = null;
  function play() {
    if (timer) { clearInterval(timer); timer = null; playButton.textContent = "play"; return; }
    if (step >= data.steps) show(0);
    playButton.textContent = "pause";
    timer = setInterval(() => {
      if (step >= data.steps) { play(); return; }
      show(step + 1);
    }, Math.max(30, 4000 / Math.max(1, data.steps)));
  }
  playButton.addEventListener("click", play);
  document.addEventListener("keydown", (event) => {
    if (event.target.tagName === "INPUT" && event.target.type !== "checkbox") return;
    const keys = { ArrowLeft: () => show(step - 1), ArrowRight: () => show(step + 1),
                   Home: () => show(0), End: () => show(data.steps), " ": play };
    if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
  });

  // ---- detail panel ---------------------------------------------------------
  let selected = -1;
  const edgeVisits = edges.some((e) => e.visits > 0);  // HTPS keeps edge counts N
  function link(v, parent) {
    const a = html("a", `#${v}`, parent);
    a.addEventListener("click", () => { select(v); reveal(v); });
    return a;
  }
  function outcome(child) {
    const c = nodes[child];
    if (c.kind === "terminal") return "proof finished";
    if (c.kind === "and") return `${out[child].length || "several"} subgoals`;
    return "goal";
  }
  function select(v) {
    if (selected >= 0) nodeEls[selected].classList.remove("selected");
    selected = v;
    nodeEls[v].classList.add("selected");
    const n = nodes[v];
    detail.replaceChildren();
    html("h2", `Node #${v}: ${n.kind.toUpperCase()}, ${n.status}` + (n.in_proof ? ", in the proof" : ""),
         detail).id = "detail-title";
    const facts = html("table", undefined, detail, "facts");
    const rows = [
      ["visits", num(n.visits)],
      ["value", num(n.value)],
      ["critic score", num(n.critic)],
      ["created", `#${v} (shown from step ${n.step})`],
      ["expanded", n.expansion_order >= 0 ? `expansion ${n.expansion_order + 1}` : "never"],
    ];
    for (const [k, value] of rows) {
      const tr = html("tr", undefined, facts);
      html("th", k, tr);
      html("td", value, tr);
    }
    html("h3", "goal", detail);
    html("pre", n.state, detail).id = "detail-state";
    if (into[v].length) {
      const p = html("p", "parents: ", detail);
      into[v].forEach((e, k) => {
        if (k) p.appendChild(document.createTextNode(", "));
        link(edges[e].parent, p);
        p.appendChild(document.createTextNode(` by \u201c${edges[e].action}\u201d`));
      });
    }
    html("h3", `actions (${out[v].length})`, detail);
    if (!out[v].length) {
      html("p", n.expansion_order >= 0 ? "expanded: no action applies" : "not expanded", detail,
           "hint");
      return;
    }
    const table = html("table", undefined, detail, "actions");
    table.id = "detail-actions";
    const head = html("tr", undefined, table);
    // Visits and value are the child's; N is HTPS's count on the edge.
    const columns = ["action", "prior", "outcome", "child", "visits", "value"];
    if (edgeVisits) columns.push("N");
    for (const h of columns) html("th", h, head);
    for (const e of out[v]) {
      const edge = edges[e];
      const child = nodes[edge.child];
      const tr = html("tr", undefined, table, edge.in_proof ? "proof" : undefined);
      html("td", edge.action, tr, "action");
      html("td", num(edge.prior), tr);
      html("td", `${outcome(edge.child)} (${child.status})`, tr);
      link(edge.child, html("td", undefined, tr));
      html("td", num(child.visits), tr);
      html("td", num(child.value), tr);
      if (edgeVisits) html("td", num(edge.visits), tr);
    }
  }

  initialView();
  showProof();
  show(data.steps);
  // Test hooks (view_template.h): #test-step=K&test-click=K.
  const hooks = new URLSearchParams(location.hash.slice(1));
  if (hooks.has("test-step")) show(Number(hooks.get("test-step")));
  if (hooks.has("test-click")) {
    const v = Number(hooks.get("test-click"));
    if (nodeEls[v]) {
      nodeEls[v].dispatchEvent(new MouseEvent("click", { bubbles: true }));
      reveal(v);
    }
  }
  svg.setAttribute("data-rendered", "true");
})();
)js";

}  // namespace lf::app
