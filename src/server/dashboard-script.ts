/**
 * The dashboard's browser script, inlined into the page (no build step). It talks only to the
 * JSON API and the event stream; the stream is read with `fetch` rather than `EventSource` so
 * the bearer token travels in a header, never in a URL that ends up in logs. Everything from the
 * server is put on the page with `textContent`, never parsed as HTML.
 *
 * @example
 * `<script nonce="${nonce}">${DASHBOARD_SCRIPT}</script>`
 */
export const DASHBOARD_SCRIPT = String.raw`
"use strict";
const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const state = { token: sessionStorage.getItem("dspyToken") || "", runId: null, run: null, events: [], lastSeq: 0, stream: null, resultsTimer: null, prompts: new Map(), openPrompts: new Set() };

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}
function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}
function brief(value) {
  if (value === undefined || value === null) return "";
  if (typeof value !== "object") return String(value);
  return Object.entries(value).map(([k, v]) => k + ": " + (typeof v === "string" ? v : JSON.stringify(v))).join("\n");
}
function clip(text, max) { return text.length > max ? text.slice(0, max) + "…" : text; }

async function api(path, init) {
  const headers = { Accept: "application/json", ...((init && init.headers) || {}) };
  if (state.token) headers.Authorization = "Bearer " + state.token;
  const response = await fetch("/api" + path, { ...(init || {}), headers });
  if (response.status === 401) { $("auth").hidden = false; throw new Error("unauthorized"); }
  return response;
}

// ---- job list ----
async function refreshRuns() {
  let runs;
  try { runs = (await (await api("/runs")).json()).runs; } catch { return; }
  const list = $("runs");
  list.replaceChildren(...runs.map((run) => {
    const item = el("li", { className: run.runId === state.runId ? "selected" : "" },
      el("span", { className: "badge " + run.status }, run.status + (run.live ? " ●" : "")),
      el("strong", {}, run.name || "job"), el("small", {}, run.runId),
      el("small", {}, new Date(run.createdAt).toLocaleString()));
    item.onclick = () => { location.hash = "run=" + encodeURIComponent(run.runId); };
    return item;
  }));
  if (runs.length === 0) list.replaceChildren(el("li", { className: "empty" }, "No runs yet."));
}

// ---- one run ----
async function select(runId) {
  if (state.stream) state.stream.abort();
  Object.assign(state, { runId, run: null, events: [], lastSeq: 0, stream: null, prompts: new Map(), openPrompts: new Set() });
  $("detail").hidden = !runId;
  $("placeholder").hidden = !!runId;
  if (!runId) return;
  $("run-title").textContent = runId;
  $("results").replaceChildren();
  $("candidates").replaceChildren();
  $("candidates-section").hidden = true;
  renderEvents();
  await refreshRun();
  await refreshResults();
  openStream(runId);
  refreshRuns();
}

async function refreshRun() {
  const response = await api("/runs/" + encodeURIComponent(state.runId));
  if (!response.ok) { $("run-status").textContent = "unknown run"; return; }
  state.run = (await response.json()).run;
  $("run-title").textContent = (state.run.name || "job") + " · " + state.run.runId;
  $("run-status").textContent = state.run.status + (state.run.live ? " (live in this server)" : "");
  $("run-status").className = "badge " + state.run.status;
  $("cancel").disabled = !(state.run.live && state.run.status === "running");
  if (state.run.status !== "running") $("cancel-message").textContent = "";
  refreshCandidates();
}

// ---- candidate programs (optimizer runs, stored when the run ends) ----
async function refreshCandidates() {
  const runId = state.runId;
  const response = await api("/runs/" + encodeURIComponent(runId) + "/candidates").catch(() => null);
  if (!response || !response.ok || runId !== state.runId) return;
  const rows = (await response.json()).candidates;
  $("candidates-section").hidden = rows.length === 0;
  $("candidates").replaceChildren(...rows.map(({ index, value }) => {
    const predictors = Object.entries(value.predictors || {})
      .map(([name, p]) => name + ": " + clip(p.instructions, 160) + " · " + p.demos + (p.demos === 1 ? " demo" : " demos"))
      .join("\n");
    const download = el("button", { className: "plain", type: "button" }, "JSON");
    download.onclick = () => downloadCandidate(runId, index);
    return el("tr", { className: value.chosen ? "chosen" : "" }, el("td", {}, index),
      el("td", { className: "num" }, value.score === null || value.score === undefined ? "" : value.score),
      el("td", {}, predictors), el("td", {}, download));
  }));
}

async function downloadCandidate(runId, index) {
  const response = await api("/runs/" + encodeURIComponent(runId) + "/candidates/" + index).catch(() => null);
  if (!response || !response.ok) return;
  const program = (await response.json()).candidate.value.program || {};
  const url = URL.createObjectURL(new Blob([JSON.stringify(program, null, 2)], { type: "application/json" }));
  const link = el("a", { href: url, download: runId + "-candidate-" + index + ".json" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function openStream(runId) {
  const controller = new AbortController();
  state.stream = controller;
  try {
    const headers = { "Last-Event-ID": String(state.lastSeq) };
    const response = await api("/runs/" + encodeURIComponent(runId) + "/stream", { headers, signal: controller.signal });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        onMessage(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return;
  }
  if (state.runId !== runId || controller.signal.aborted) return;
  await refreshRun().catch(() => {});
  await refreshResults();
  refreshRuns();
  // The stream ends when the run does; reconnect (after the last seen id) only if it has not.
  if (state.run && state.run.status === "running") setTimeout(() => state.runId === runId && openStream(runId), 2000);
}

function onMessage(block) {
  let id, data = "";
  for (const line of block.split("\n")) {
    if (line.startsWith("id:")) id = Number(line.slice(3).trim());
    else if (line.startsWith("data:")) data += line.slice(5).trim();
  }
  if (!data) return;
  state.events.push(JSON.parse(data));
  if (id !== undefined) state.lastSeq = id;
  renderEvents();
  const type = state.events[state.events.length - 1].type;
  if (type === "example-end" || type === "trial-end") scheduleResults();
  if (type === "job-end" || type === "job-error" || type === "job-start") refreshRun().then(refreshRuns, () => {});
}

function scheduleResults() {
  clearTimeout(state.resultsTimer);
  state.resultsTimer = setTimeout(refreshResults, 300);
}

async function refreshResults() {
  const runId = state.runId;
  const response = await api("/runs/" + encodeURIComponent(runId) + "/results").catch(() => null);
  if (!response || !response.ok || runId !== state.runId) return;
  const rows = (await response.json()).results;
  $("results").replaceChildren(...rows.map(({ index, value }) => {
    const v = value && typeof value === "object" ? value : { value };
    const output = v.error ? "error: " + v.error : brief(v.prediction !== undefined ? v.prediction : v.value);
    return el("tr", { className: v.error ? "failed" : "" },
      el("td", {}, index), el("td", { title: brief(v.inputs) }, clip(brief(v.inputs), 400)),
      el("td", { title: output }, clip(output, 400)), el("td", { className: "num" }, v.score === undefined ? "" : v.score),
      el("td", { className: "prompt" }, promptCell(runId, index, v.lmCallCount || 0)));
  }));
  $("results-empty").hidden = rows.length > 0;
}

// The exact messages an example sent, fetched when its row is opened (the list omits them).
function promptCell(runId, index, count) {
  if (count === 0) return "";
  const text = el("pre", {}, state.prompts.get(index) || "loading…");
  const details = el("details", { open: state.openPrompts.has(index) },
    el("summary", {}, count + (count === 1 ? " LM call" : " LM calls")), text);
  details.ontoggle = async () => {
    if (!details.open) { state.openPrompts.delete(index); return; }
    state.openPrompts.add(index);
    if (state.prompts.has(index)) return;
    const response = await api("/runs/" + encodeURIComponent(runId) + "/results/" + index).catch(() => null);
    if (!response || !response.ok) { text.textContent = "could not load the prompt"; return; }
    const calls = ((await response.json()).result.value || {}).lmCalls || [];
    state.prompts.set(index, formatCalls(calls));
    text.textContent = state.prompts.get(index);
  };
  if (details.open && !state.prompts.has(index)) details.ontoggle();
  return details;
}

function formatCalls(calls) {
  return calls.map((call, i) => {
    const messages = (call.messages || []).map((m) => "[" + m.role + "]\n" + contentText(m.content)).join("\n\n");
    const outputs = call.error ? "[error]\n" + call.error : (call.outputs || []).map((o) => "[response]\n" + o).join("\n\n");
    return "── call " + (i + 1) + " · " + call.model + " ──\n" + messages + "\n\n" + outputs;
  }).join("\n\n");
}

function contentText(content) {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return JSON.stringify(content);
  return content.map((part) => (part && part.type === "text" ? part.text : "<" + ((part && part.type) || "part") + ">")).join("");
}

function renderEvents() {
  const events = state.events;
  const progress = events.filter((e) => e.type === "progress-update").pop();
  const done = progress ? progress.done : 0;
  const total = progress ? progress.total : undefined;
  $("progress-bar").style.width = total ? Math.min(100, (100 * done) / total) + "%" : "0%";
  $("progress-text").textContent = progress
    ? done + (total ? " / " + total : "") + (progress.score !== undefined ? " · score " + progress.score : "")
    : "waiting for progress…";
  const failure = events.filter((e) => e.type === "job-error").pop();
  $("run-error").textContent = failure ? failure.status + ": " + failure.message : "";
  const trials = events.filter((e) => e.type === "trial-end").map((e) => [e.trial, e.score]);
  if (trials.length > 0) drawChart(trials, "trial", "score");
  else drawChart(runningScore(events), "examples done", "running average score, %");
  renderLmUsage(events);
}

// An evaluation has no trials: chart the average of the example scores so far, as a percentage.
function runningScore(events) {
  let sum = 0, count = 0;
  const points = [];
  for (const e of events) {
    if (e.type !== "example-end" || typeof e.score !== "number") continue;
    sum += e.score;
    count += 1;
    points.push([count, Math.round((10000 * sum) / count) / 100]);
  }
  return points;
}

function drawChart(points, xLabel, yLabel) {
  const chart = $("chart");
  const W = 640, H = 220, L = 44, R = 12, T = 12, B = 32;
  chart.replaceChildren();
  chart.setAttribute("viewBox", "0 0 " + W + " " + H);
  $("chart-empty").hidden = points.length > 0;
  chart.style.display = points.length > 0 ? "" : "none";
  if (points.length === 0) return;
  const xs = points.map((p) => p[0]);
  const xMin = Math.min(...xs), xMax = Math.max(...xs, xMin + 1);
  const yMax = Math.max(100, ...points.map((p) => p[1]));
  const x = (v) => L + ((v - xMin) / (xMax - xMin)) * (W - L - R);
  const y = (v) => H - B - (v / yMax) * (H - T - B);
  for (const tick of [0, yMax / 2, yMax]) {
    chart.append(svg("line", { x1: L, x2: W - R, y1: y(tick), y2: y(tick), class: "grid" }));
    const label = svg("text", { x: L - 6, y: y(tick) + 4, "text-anchor": "end" });
    label.textContent = String(Math.round(tick * 10) / 10);
    chart.append(label);
  }
  const caption = svg("text", { x: (W + L) / 2, y: H - 6, "text-anchor": "middle" });
  caption.textContent = yLabel + " by " + xLabel;
  chart.append(caption);
  chart.append(svg("polyline", { points: points.map((p) => x(p[0]) + "," + y(p[1])).join(" "), class: "line" }));
  for (const p of points) {
    const dot = svg("circle", { cx: x(p[0]), cy: y(p[1]), r: 3.5, class: "dot" });
    const tip = svg("title", {});
    tip.textContent = xLabel + " " + p[0] + ": " + p[1];
    dot.append(tip);
    chart.append(dot);
  }
}

function renderLmUsage(events) {
  const models = new Map();
  for (const e of events) {
    const model = e.model || (e.detail && e.detail.model);
    const usage = e.usage || (e.detail && e.detail.usage);
    if (typeof model !== "string" || (e.type !== "lm-call" && !usage)) continue;
    const row = models.get(model) || { calls: 0, input: 0, output: 0 };
    row.calls += 1;
    if (usage) {
      row.input += Number(usage.prompt_tokens ?? usage.inputTokens ?? 0);
      row.output += Number(usage.completion_tokens ?? usage.outputTokens ?? 0);
    }
    models.set(model, row);
  }
  $("lm-section").hidden = models.size === 0;
  $("lm").replaceChildren(...[...models].map(([model, r]) =>
    el("tr", {}, el("td", {}, model), el("td", { className: "num" }, r.calls),
      el("td", { className: "num" }, r.input), el("td", { className: "num" }, r.output))));
}

$("cancel").onclick = async () => {
  $("cancel").disabled = true;
  const response = await api("/runs/" + encodeURIComponent(state.runId) + "/cancel", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: "{}",
  }).catch(() => null);
  $("cancel-message").textContent = response && response.ok ? "cancelling…" : "could not cancel" +
    (response ? " (" + ((await response.json().catch(() => ({}))).message || response.status) + ")" : "");
};
$("auth-form").onsubmit = (event) => {
  event.preventDefault();
  state.token = $("token").value.trim();
  sessionStorage.setItem("dspyToken", state.token);
  $("auth").hidden = true;
  refreshRuns();
  if (state.runId) select(state.runId);
};

function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get("token");
  if (token) {
    // Keep the token out of the address bar (and of screenshots and history) once read.
    state.token = token;
    sessionStorage.setItem("dspyToken", token);
    params.delete("token");
    history.replaceState(null, "", "#" + params);
  }
  const runId = params.get("run");
  if (runId !== state.runId) select(runId);
}
window.addEventListener("hashchange", route);
route();
refreshRuns();
setInterval(refreshRuns, 3000);
`;
