// Accessibility: axe-core in headless Chromium (playwright-core driving the
// system's chromium), every HTML page under DIR in the light and the dark
// colour scheme, WCAG 2.0/2.1 A and AA rules. Any violation fails.
//
//   node axe.mjs DIR [MAX_PAGES]
//
// MAX_PAGES (or $AXE_MAX_PAGES) checks an evenly spread sample of that many
// pages, always including every top-level page, to keep large sites fast.
// Chromium is $CHROMIUM, else /usr/bin/chromium. Pages are served over
// HTTP on loopback at the base URL's path (from DIR/index.html's canonical
// link), so the 404 page's root-absolute links work as they would online.
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import { chromium } from "playwright-core";
import { siteFiles, isHtml, parseHtml, walkElements, attr, report } from "./files.mjs";

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

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".svg": "image/svg+xml",
  ".ico": "image/x-icon", ".xml": "application/xml", ".js": "text/javascript", ".png": "image/png",
  ".csv": "text/csv; charset=utf-8", ".json": "application/json" };
const files = new Set(siteFiles(root));
const basePath = basePathOf(root);
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (!path.startsWith(basePath)) return notFound(res);
  path = path.slice(basePath.length);
  if (path === "" || path.endsWith("/")) path += "index.html";
  if (!files.has(path)) return notFound(res);
  res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
  res.end(readFileSync(join(root, path)));
});
function notFound(res) {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found");
}
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

function basePathOf(dir) {
  let base = "/";
  if (existsSync(join(dir, "index.html"))) {
    walkElements(parseHtml(dir, "index.html"), (el) => {
      if (el.tagName === "link" && attr(el, "rel") === "canonical") base = new URL(attr(el, "href")).pathname;
    });
  }
  return base;
}

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
  server.close();
}
report("axe", problems, `${pages.length} pages × ${SCHEMES.length} colour schemes under ${root}`);
