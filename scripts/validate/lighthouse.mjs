// Lighthouse (performance, accessibility, best practices, SEO) in headless
// Chromium on a built site served the way a host serves it (serve.mjs: at
// the base URL's path, gzip, cached assets).
//
//   node lighthouse.mjs DIR [PAGE...]
//
// PAGEs are paths relative to the site root (default: the front page, the
// first article and the first entity page). Every category of every page must
// score at least $LIGHTHOUSE_MIN (default 100); anything below is listed with
// the audits that cost it points. Chromium is $CHROMIUM, else /usr/bin/chromium.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { serveSite } from "./serve.mjs";

const [root, ...asked] = process.argv.slice(2);
if (!root || !existsSync(join(root, "index.html"))) {
  console.error("usage: node lighthouse.mjs DIR [PAGE...]   (DIR: a built site)");
  process.exit(2);
}
const min = Number(process.env.LIGHTHOUSE_MIN ?? 100);
const pages = asked.length ? asked : ["", firstPage(root, "articles"), firstPage(root, "entities")].filter((p) => p !== null);

function firstPage(dir, section) {
  const path = join(dir, section);
  if (!existsSync(path)) return null;
  const first = readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(path, e.name, "index.html")))
    .map((e) => e.name)
    .sort()[0];
  return first ? `${section}/${first}/` : null;
}

const { origin, basePath, close } = await serveSite(root);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let failed = false;
try {
  for (const page of pages) {
    const url = `${origin}${basePath}${page}`;
    const { lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" });
    const scores = Object.values(lhr.categories).map((c) => `${c.id} ${Math.round(c.score * 100)}`);
    console.log(`lighthouse: ${basePath}${page}: ${scores.join(", ")}`);
    for (const category of Object.values(lhr.categories)) {
      if (Math.round(category.score * 100) >= min) continue;
      failed = true;
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          console.log(`  ${category.id}: ${audit.id} ${audit.score} ${audit.displayValue ?? ""} — ${audit.title}`);
        }
      }
    }
  }
} finally {
  await chrome.kill();
  await close();
}
if (failed) {
  console.log(`lighthouse: some category scored below ${min}`);
  process.exit(1);
}
console.log(`lighthouse: ${pages.length} pages, every category at least ${min}`);
