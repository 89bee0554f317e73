import { DASHBOARD_SCRIPT } from "./dashboard-script.js";

const STYLE = `
  :root { color-scheme: light dark; --fg: #1d2330; --muted: #6b7280; --line: #d9dde5; --accent: #3157d5; --bg: #fff; --panel: #f6f7f9; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e6e8ee; --muted: #9aa1ad; --line: #353b47; --accent: #7b9bff; --bg: #15181e; --panel: #1d2129; } }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); display: grid; grid-template-columns: 300px 1fr; grid-template-rows: auto 1fr; min-height: 100vh; }
  header { grid-column: 1 / -1; padding: 10px 18px; border-bottom: 1px solid var(--line); display: flex; gap: 12px; align-items: baseline; }
  header h1 { font-size: 16px; margin: 0; }
  header span { color: var(--muted); }
  nav { border-right: 1px solid var(--line); background: var(--panel); overflow: hidden auto; min-width: 0; }
  nav ul { list-style: none; margin: 0; padding: 0; }
  nav li { padding: 10px 14px; border-bottom: 1px solid var(--line); cursor: pointer; display: grid; gap: 2px; overflow-wrap: anywhere; }
  nav li:hover, nav li.selected { background: var(--bg); }
  nav li.selected { box-shadow: inset 3px 0 var(--accent); }
  nav li.empty { cursor: default; color: var(--muted); }
  small { color: var(--muted); overflow-wrap: anywhere; }
  main { padding: 16px 22px; min-width: 0; }
  section { margin-bottom: 22px; }
  h2 { font-size: 14px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
  .badge { font-size: 12px; padding: 1px 8px; border-radius: 10px; background: var(--line); justify-self: start; }
  .badge.running { background: #dbe6ff; color: #1f3fa8; }
  .badge.succeeded { background: #d8f3df; color: #17602c; }
  .badge.failed { background: #fde0e0; color: #8a1c1c; }
  .badge.cancelled { background: #f4ead0; color: #6e5312; }
  .row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
  .track { height: 10px; background: var(--line); border-radius: 5px; overflow: hidden; flex: 1; min-width: 200px; }
  #progress-bar { height: 100%; width: 0; background: var(--accent); transition: width .3s; }
  #run-error { color: #c0392b; }
  svg { width: 100%; max-width: 760px; height: auto; background: var(--panel); border-radius: 6px; }
  svg text { font-size: 11px; fill: var(--muted); }
  svg .grid { stroke: var(--line); }
  svg .line { fill: none; stroke: var(--accent); stroke-width: 2; }
  svg .dot { fill: var(--accent); }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  tr.failed td { color: #c0392b; }
  #results td:nth-child(2), #results td:nth-child(3) { min-width: 180px; }
  td.prompt { min-width: 110px; }
  td.prompt summary { cursor: pointer; color: var(--accent); white-space: nowrap; }
  td.prompt details[open] { min-width: 420px; }
  td.prompt pre { margin: 6px 0 0; padding: 8px; background: var(--panel); border-radius: 4px; font: 12px/1.4 ui-monospace, monospace; white-space: pre-wrap; max-height: 360px; overflow: auto; }
  button { font: inherit; padding: 5px 14px; border-radius: 6px; border: 1px solid #c0392b; background: #c0392b; color: #fff; cursor: pointer; }
  button:disabled { opacity: .4; cursor: default; }
  button.plain { border-color: var(--accent); background: transparent; color: var(--accent); padding: 2px 10px; }
  tr.chosen td:first-child::after { content: " ★"; color: var(--accent); }
  #auth { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: grid; place-items: center; }
  #auth[hidden] { display: none; }
  #auth form { background: var(--bg); padding: 20px; border-radius: 8px; display: grid; gap: 10px; min-width: 320px; }
  #auth button { border-color: var(--accent); background: var(--accent); }
  .muted { color: var(--muted); }
`;

const BODY = `
<header><h1>dspy-typescript</h1><span>runs</span></header>
<nav><ul id="runs"><li class="empty">Loading…</li></ul></nav>
<main>
  <p id="placeholder" class="muted">Pick a run on the left.</p>
  <div id="detail" hidden>
    <section>
      <div class="row"><strong id="run-title"></strong><span id="run-status" class="badge"></span>
        <button id="cancel" disabled>Cancel job</button><span id="cancel-message" class="muted"></span></div>
      <p id="run-error"></p>
    </section>
    <section><h2>Progress</h2>
      <div class="row"><div class="track"><div id="progress-bar"></div></div><span id="progress-text"></span></div>
    </section>
    <section><h2>Score</h2><svg id="chart" role="img" aria-label="score chart"></svg>
      <p id="chart-empty" class="muted">No scores yet.</p></section>
    <section id="lm-section" hidden><h2>LM calls</h2>
      <table><thead><tr><th>model</th><th class="num">calls</th><th class="num">input tokens</th><th class="num">output tokens</th></tr></thead>
      <tbody id="lm"></tbody></table></section>
    <section id="candidates-section" hidden><h2>Candidate programs</h2>
      <table><thead><tr><th>#</th><th class="num">score</th><th>predictors: instructions · demos</th><th></th></tr></thead>
      <tbody id="candidates"></tbody></table></section>
    <section><h2>Examples</h2>
      <table><thead><tr><th>#</th><th>inputs</th><th>outputs</th><th class="num">score</th><th>prompt</th></tr></thead>
      <tbody id="results"></tbody></table><p id="results-empty" class="muted">No results yet.</p></section>
  </div>
</main>
<div id="auth" hidden><form id="auth-form"><strong>This server needs a token</strong>
  <input id="token" type="password" autocomplete="off" placeholder="token"><button type="submit">Open</button></form></div>
`;

/**
 * The single dashboard page: a job list and one job live (progress, score chart, per-example
 * table, LM usage, cancel). Plain HTML with an inline script carrying a per-response nonce, so
 * the page's Content-Security-Policy can forbid every other script.
 *
 * @example
 * const nonce = randomBytes(16).toString("base64");
 * c.html(dashboardPage(nonce), 200, { "Content-Security-Policy": dashboardCsp(nonce) });
 */
export function dashboardPage(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>dspy-typescript dashboard</title><style nonce="${nonce}">${STYLE}</style></head>
<body>${BODY}<script nonce="${nonce}">${DASHBOARD_SCRIPT}</script></body></html>`;
}

/**
 * The page's Content-Security-Policy: its own nonce'd script and style, API calls to itself,
 * no framing.
 *
 * @example
 * dashboardCsp("abc"); // "default-src 'none'; script-src 'nonce-abc'; ..."
 */
export function dashboardCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
