import { Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { dashboardCsp, dashboardPage } from "./dashboard-page.js";
import { DASHBOARD_SCRIPT } from "./dashboard-script.js";

describe("dashboard page", () => {
  it("has a script that parses as JavaScript (a typo would only show up in a browser)", () => {
    expect(() => new Script(DASHBOARD_SCRIPT)).not.toThrow();
  });

  it("puts server data on the page as text only, never as HTML", () => {
    expect(DASHBOARD_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it("keeps every element the script looks up", () => {
    const html = dashboardPage("n0nce");
    const ids = new Set([...DASHBOARD_SCRIPT.matchAll(/\$\("([\w-]+)"\)/g)].map((match) => match[1]));
    expect(ids.size).toBeGreaterThan(10);
    for (const id of ids) expect(html, id).toContain(`id="${id}"`);
  });

  it("allows only its own nonce'd script and style", () => {
    const csp = dashboardCsp("n0nce");
    expect(csp).toContain("script-src 'nonce-n0nce'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(dashboardPage("n0nce")).toContain('<style nonce="n0nce">');
  });
});
