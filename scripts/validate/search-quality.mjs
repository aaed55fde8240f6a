// Result quality of search on a briefing of real text: each query of
// QUERIES (tests/gold/search-queries.json, written by hand from the seeds)
// typed into the search box of the built site DIR in headless Chromium, and
// the rank of the first result that answers it. Prints, per half (tuning and
// held out), how often an answer is first and in the first three, and the
// mean reciprocal rank; exits 1 when an answer is in the first three for a
// smaller share of either half's queries than the file's floor.
//
//   node search-quality.mjs DIR QUERIES
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { serveSite } from "./serve.mjs";

const [dir, queriesFile] = process.argv.slice(2);
if (!dir || !queriesFile) {
  console.error("usage: node search-quality.mjs DIR QUERIES");
  process.exit(2);
}
const gold = JSON.parse(readFileSync(queriesFile, "utf8"));
const { origin, basePath, close } = await serveSite(dir);
const site = `${origin}${basePath}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});

/** The site paths of the results the box shows for `query`, in order. */
async function shown(page, query) {
  await page.fill("#site-search-input", query);
  await page.waitForFunction((q) => document.querySelector(".site-search-results")?.dataset.query === q,
    query, { timeout: 15000 });
  const hrefs = await page.$$eval(".site-search-results a", (links) => links.map((a) => a.href));
  return hrefs.map((href) => new URL(href).pathname.slice(basePath.length).replace(/index\.html$/, ""));
}

let failed = false;
try {
  const page = await browser.newPage();
  await page.goto(`${site}index.html`);
  for (const half of ["tuning", "held_out"]) {
    const ranks = [];
    console.log(`\n${half}`);
    for (const { query, answers } of gold[half]) {
      const paths = await shown(page, query);
      const at = paths.findIndex((path) => answers.includes(path));
      ranks.push(at < 0 ? null : at + 1);
      console.log(`  ${at < 0 ? "-" : at + 1}  ${query}${at === 0 ? "" : `  (first: ${paths[0] ?? "none"})`}`);
    }
    const share = (best) => ranks.filter((rank) => rank !== null && rank <= best).length / ranks.length;
    const mrr = ranks.reduce((sum, rank) => sum + (rank === null ? 0 : 1 / rank), 0) / ranks.length;
    console.log(`  ${half}: first ${share(1).toFixed(2)}, in the first three ${share(3).toFixed(2)}, ` +
      `mean reciprocal rank ${mrr.toFixed(2)} (${ranks.length} queries)`);
    if (share(3) < gold.floor.found_in_top_3) {
      console.log(`  FAIL: below the floor of ${gold.floor.found_in_top_3} in the first three`);
      failed = true;
    }
  }
} finally {
  await browser.close();
  close();
}
process.exit(failed ? 1 : 0);
