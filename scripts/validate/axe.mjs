// Accessibility: axe-core in headless Chromium (playwright-core driving the
// system's chromium), every HTML page under DIR in the light and the dark
// colour scheme, WCAG 2.0/2.1 A and AA rules. Any violation fails.
//
//   node axe.mjs DIR [MAX_PAGES]
//
// MAX_PAGES (or $AXE_MAX_PAGES) checks an evenly spread sample of that many
// pages, always including every top-level page, to keep large sites fast.
// Chromium is $CHROMIUM, else /usr/bin/chromium. Pages are served over
// HTTP on loopback at the base URL's path (serve.mjs), so the 404 page's
// root-absolute links work as they would online.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { siteFiles, isHtml, report } from "./files.mjs";
import { serveSite } from "./serve.mjs";

const root = process.argv[2];
if (!root || !existsSync(root)) {
  console.error("usage: node axe.mjs DIR [MAX_PAGES]");
  process.exit(2);
}
const max = Number(process.argv[3] ?? process.env.AXE_MAX_PAGES ?? Infinity);
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const SCHEMES = ["light", "dark"];

const pages = sample(siteFiles(root).filter(isHtml), max);

function sample(all, limit) {
  if (all.length <= limit) return all;
  const depth = (p) => p.split("/").length;
  const chosen = new Set(all.filter((p) => depth(p) <= 2));
  const rest = all.filter((p) => !chosen.has(p));
  const room = Math.max(0, limit - chosen.size);
  for (let i = 0; i < room && rest.length; i++) chosen.add(rest[Math.floor((i * rest.length) / room)]);
  return [...chosen].sort();
}

const { origin, basePath, close } = await serveSite(root);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const problems = [];
try {
  const context = await browser.newContext();
  // Offline: a page must not need the network, and nothing may be fetched.
  await context.route((url) => url.origin !== origin, (route) => route.abort());
  const page = await context.newPage();
  for (const path of pages) {
    await page.goto(`${origin}${basePath}${path}`, { waitUntil: "load" });
    await page.addScriptTag({ path: axeSource });
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      const result = await page.evaluate(
        (tags) => globalThis.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
        TAGS,
      );
      for (const v of result.violations) {
        const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
        const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : "";
        const why = v.nodes[0]?.failureSummary?.split("\n").slice(1, 2).join("").trim() ?? "";
        problems.push(`${path} [${scheme}]: ${v.id} (${v.impact}): ${v.help}: ${where}${more}${why ? ` — ${why}` : ""}`);
      }
    }
  }
} finally {
  await browser.close();
  await close();
}
report("axe", problems, `${pages.length} pages × ${SCHEMES.length} colour schemes under ${root}`);
