// Search in the browser: the built site DIR (made by scripts/test-search from
// a fixture with a Cyrillic alias and hostile names) served from a sub-path
// under a strict Content-Security-Policy, driven in headless Chromium.
//
//   node search.mjs DIR [RU_DIR]
//
// RU_DIR, the same fixture built with `language: ru`, adds the checks that
// every text the box shows there is Russian: result types, the count with
// its plural form, no results, and the message from disk.
//
// Checks: typing a Cyrillic alias finds its entity first and the arrow keys
// and Enter follow it; a phrase from the middle of a long article, a tag, a
// source alias and an inflected Russian form each find their page; names,
// titles and seed sentences that look like markup show as text and run
// nothing; titles and snippets are isolated from a right-to-left override;
// the results stay inside the viewport at 1280, 1024 and 390 pixels; Escape
// clears the results; no CSP violation on any page, a chart page included;
// at most 300 KB are read before the first results, and at most 1 MB of a
// 50 MB page for its snippet; without JavaScript the
// form leads to the search page; opened from disk, the box says search
// needs the site to be served.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { serveSite } from "./serve.mjs";

const root = process.argv[2];
if (!root || !existsSync(root)) {
  console.error("usage: node search.mjs DIR");
  process.exit(2);
}
const BASE = "/sub/path/";
// The policy README.md documents: everything only from the site itself, no
// inline script or style, no eval.
export const CSP = process.env.SEARCH_TEST_CSP ??
  "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const russianRoot = process.argv[3];
// Served as a host serves it (ranges, gzip), under the policy above.
const headers = { "content-security-policy": CSP };
const served = await serveSite(root, { headers });
if (served.basePath !== BASE) throw new Error(`the fixture is published under ${served.basePath}, not ${BASE}`);
const site = `${served.origin}${BASE}`;
const russian = russianRoot ? await serveSite(russianRoot, { headers }) : null;
const russianSite = russian ? `${russian.origin}${russian.basePath}` : null;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(error.stack || error).split("\n").join("\n     ")}`);
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const violations = [];
async function newPage(options = {}) {
  const context = await browser.newContext(options);
  // Nothing outside the test server.
  const ours = (href) => href.startsWith(site) || (russianSite !== null && href.startsWith(russianSite));
  await context.route((url) => !ours(url.href) && url.protocol !== "file:", (route) => route.abort());
  const page = await context.newPage();
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.log(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return page;
}

async function results(page, query) {
  await page.fill("#site-search-input", query);
  await page.waitForFunction((q) => document.querySelector(".site-search-results")?.dataset.query === q,
    query, { timeout: 15000 });
  await page.waitForSelector(".site-search-results a", { state: "visible", timeout: 15000 });
  return page.$$eval(".site-search-results a", (links) =>
    links.map((a) => ({
      href: a.href,
      type: a.querySelector(".site-search-type")?.textContent,
      title: a.querySelector(".site-search-title")?.textContent,
      snippet: a.querySelector(".site-search-snippet")?.textContent,
      elements: [...a.querySelectorAll("*")].map((e) => e.tagName.toLowerCase()),
    })),
  );
}

try {
  await check("a Cyrillic alias finds its entity, and the keyboard follows it", async () => {
    const page = await newPage();
    await page.goto(`${site}articles/plant/index.html`);
    const found = await results(page, "ГАЗель");
    expect(found.length >= 1, "no results");
    expect(found[0].type === "Entity" && found[0].title === "GAZelle",
      `first result: ${JSON.stringify(found[0])}`);
    await page.focus("#site-search-input");
    await page.keyboard.press("ArrowDown");
    const focused = await page.evaluate(() => document.activeElement?.className);
    expect(focused === "site-search-result", `ArrowDown focused ${focused}`);
    await Promise.all([page.waitForURL(`${site}entities/gazelle/index.html`), page.keyboard.press("Enter")]);
    expect((await page.title()).includes("GAZelle"), `landed on ${page.url()}`);
  });

  await check("Enter in the box follows the first result", async () => {
    const page = await newPage();
    await page.goto(`${site}index.html`);
    await results(page, "gazel");
    await Promise.all([page.waitForURL(/entities\/gazelle\/index\.html$/), page.press("#site-search-input", "Enter")]);
  });

  await check("names, titles and seed sentences that look like markup stay text", async () => {
    const page = await newPage();
    await page.goto(`${site}index.html`);
    for (const query of ["hostile", "onerror", "sneaky"]) {
      const found = await results(page, query);
      for (const result of found) {
        const stray = result.elements.filter((tag) => !["span", "bdi", "mark"].includes(tag));
        expect(stray.length === 0, `markup in a result for ${query}: ${stray} ${JSON.stringify(result)}`);
      }
      const text = found.map((r) => `${r.title} ${r.snippet}`).join(" ");
      expect(text.includes("<img src=x onerror=window.__xss=1>"), `no literal markup for ${query}: ${text}`);
    }
    const entity = (await results(page, "hostile")).find((r) => r.type === "Entity");
    expect(entity?.title === "Hostile <img src=x onerror=window.__xss=1> Corp", JSON.stringify(entity));
    await page.waitForTimeout(200); // an injected image would have errored by now
    expect((await page.evaluate(() => window.__xss)) === undefined, "window.__xss was set");
    expect((await page.$$("img")).length === 0, "an <img> reached the page");
  });

  await check("a phrase from the middle of an article finds it", async () => {
    const page = await newPage();
    await page.goto(`${site}index.html`);
    const found = await results(page, '"zinc smelter near Vyborg"');
    expect(found.length === 1 && found[0].href.endsWith("articles/long/index.html"), JSON.stringify(found));
    await page.waitForFunction(() => document.querySelector(".site-search-snippet mark"));
    const snippet = await page.$eval(".site-search-snippet", (s) => s.textContent);
    expect(/zinc smelter near Vyborg/.test(snippet), snippet);
    // Footnote numbers stay out and paragraphs do not run together.
    expect(/furnace count\. Paragraph 41/.test(snippet), snippet);
    const none = await results(page, '"smelter zinc"').catch(() => []);
    expect(none.length === 0, `a phrase out of order matched: ${JSON.stringify(none)}`);
  });

  await check("a tag, a source alias and an inflected Russian form find their pages", async () => {
    const page = await newPage();
    await page.goto(`${site}index.html`);
    const tags = await results(page, "logistics");
    expect(tags.some((r) => r.type === "Tag" && r.href.endsWith("tags/logistics/index.html")), JSON.stringify(tags));
    const sources = await results(page, "ТАСС");
    expect(sources.some((r) => r.type === "Source" && r.href.endsWith("sources/index.html#source-tass")),
      JSON.stringify(sources));
    const latin = await results(page, "kamaz");
    expect(latin.some((r) => r.type === "Entity" && r.title === "KAMAZ"), JSON.stringify(latin));
    for (const query of ["камаза", "КАМАЗом"]) {
      const found = await results(page, query);
      expect(found.some((r) => r.href.endsWith("articles/kamaz/index.html")), `${query}: ${JSON.stringify(found)}`);
    }
  });

  await check("titles and snippets are isolated from the text around them", async () => {
    const page = await newPage();
    await page.goto(`${site}index.html`);
    await results(page, "mirror");
    const isolated = await page.$$eval(".site-search-title, .site-search-snippet", (all) =>
      all.every((e) => e.tagName === "BDI" && getComputedStyle(e).unicodeBidi === "isolate"));
    expect(isolated, "a title or snippet is not isolated");
  });

  for (const [width, height] of [[1280, 800], [1024, 768], [390, 844]]) {
    await check(`results stay inside the viewport at ${width} px`, async () => {
      const page = await newPage({ viewport: { width, height } });
      await page.goto(`${site}index.html`);
      await results(page, "plant");
      const box = await page.$eval(".site-search-results", (ol) => {
        const r = ol.getBoundingClientRect();
        return { left: r.left, right: r.right };
      });
      expect(box.left >= 0 && box.right <= width, `${width}: ${JSON.stringify(box)}`);
    });
  }

  await check("a one-word query reads at most 300 KB before its results", async () => {
    const page = await newPage();
    await page.goto(`${site}index.html`);
    const before = await page.evaluate(() => performance.getEntriesByType("resource").length);
    await results(page, "freight");
    const bytes = await page.evaluate((from) => performance.getEntriesByType("resource").slice(from)
      .filter((e) => e.name.includes("/search/data/"))
      .reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0), before);
    expect(bytes > 0 && bytes <= 300 * 1024, `${bytes} bytes`);
  });

  await check("a result from a 50 MB page reads at most 1 MB of it", async () => {
    const page = await newPage();
    await page.goto(`${site}index.html`);
    const before = await page.evaluate(() => performance.getEntriesByType("resource").length);
    const found = await results(page, "quokka");
    const huge = found.find((r) => r.title === "Huge report");
    expect(huge, `not found: ${JSON.stringify(found)}`);
    await page.waitForFunction(() => [...document.querySelectorAll(".site-search-snippet")]
      .some((s) => /quokka/i.test(s.textContent) && /ledger/.test(s.textContent)), null, { timeout: 15000 });
    const read = await page.evaluate((from) => performance.getEntriesByType("resource").slice(from)
      .filter((e) => e.name.includes("/articles/huge/"))
      .reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0), before);
    expect(read > 0 && read <= 1024 * 1024 + 16 * 1024, `${read} bytes of the huge page`);
    // A quoted phrase beyond the part read is taken as there.
    const phrase = await results(page, "\"walrus tally\"");
    expect(phrase.some((r) => r.title === "Huge report"), JSON.stringify(phrase));
  });

  await check("a chart page loads with no policy violation", async () => {
    const page = await newPage();
    await page.goto(`${site}articles/long/index.html`);
    expect((await page.$$("svg.chart")).length > 0, "no chart on the page");
    expect((await page.$$("svg.chart style")).length === 0, "an inline chart carries a <style>");
    await page.waitForTimeout(200);
  });

  await check("Escape clears the results and returns to the box", async () => {
    const page = await newPage();
    await page.goto(`${site}index.html`);
    await results(page, "GAZelle");
    await page.focus(".site-search-results a");
    await page.keyboard.press("Escape");
    expect(await page.$eval(".site-search-results", (ol) => ol.hidden), "results still shown");
    expect(await page.evaluate(() => document.activeElement?.id === "site-search-input"), "focus not in the box");
  });

  await check("results show the type of each thing found", async () => {
    const page = await newPage();
    await page.goto(`${site}index.html`);
    const types = new Set((await results(page, "plant")).map((r) => r.type));
    expect(types.has("Article") && types.has("Entity"), [...types].join(","));
    const status = await page.$eval(".site-search-status", (p) => p.textContent);
    expect(/^(1 result|[\d,]+ results)(; the first \d+ are shown)?\.$/.test(status), status);
    const sources = await results(page, "TASS");
    expect(sources.some((r) => r.type === "Source" && r.href.endsWith("sources/index.html#source-tass")),
      JSON.stringify(sources));
  });

  await check("open results pass axe (WCAG 2.1 AA) in light and dark", async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    for (const colorScheme of ["light", "dark"]) {
      // axe is injected by the test, not the site: the policy is bypassed for it alone.
      const page = await newPage({ colorScheme, bypassCSP: true });
      await page.goto(`${site}index.html`);
      await results(page, "plant");
      await page.focus(".site-search-results a");
      await page.evaluate(axeSource);
      const found = await page.evaluate(async () => {
        const result = await window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
      expect(found.length === 0, `${colorScheme}: ${found.join("; ")}`);
    }
  });

  await check("no Content-Security-Policy violation and no script error", async () => {
    expect(violations.length === 0, violations.join("\n"));
  });

  await check("without JavaScript the form leads to the search page", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${site}entities/gazelle/index.html`);
    await page.fill("#site-search-input", "truck");
    await Promise.all([page.waitForURL(/search\/index\.html\?q=truck$/), page.press("#site-search-input", "Enter")]);
    const links = await page.$$eval("main a", (as) => as.map((a) => a.href));
    expect(links.includes(`${site}entities/index.html`) && links.includes(`${site}articles/index.html`),
      links.join(" "));
  });

  await check("opened from disk, the box says search needs a server", async () => {
    const page = await newPage();
    await page.goto(pathToFileURL(resolve(root, "index.html")).href);
    await page.focus("#site-search-input");
    await page.fill("#site-search-input", "GAZelle");
    await page.waitForFunction(() => /served over HTTP/.test(document.querySelector(".site-search-status")?.textContent));
  });

  if (russianSite) {
    // Russian plural forms by count, written out by hand.
    const results = (n) => {
      const tens = n % 100;
      const last = n % 10;
      if (last === 1 && tens !== 11) return `Найден ${n} результат.`;
      if (last >= 2 && last <= 4 && (tens < 12 || tens > 14)) return `Найдено ${n} результата.`;
      return `Найдено ${n} результатов.`;
    };
    await check("in a Russian site the box speaks Russian: types, counts, no results", async () => {
      const page = await newPage();
      await page.goto(`${russianSite}index.html`);
      const found = await (async () => {
        await page.fill("#site-search-input", "plant");
        await page.waitForFunction(() => document.querySelector(".site-search-results")?.dataset.query === "plant",
          null, { timeout: 15000 });
        return page.$$eval(".site-search-results a .site-search-type", (spans) => spans.map((s) => s.textContent));
      })();
      expect(found.includes("Статья") && found.includes("Участник"), found.join(","));
      const status = await page.$eval(".site-search-status", (p) => p.textContent);
      expect(status === results(found.length), `${status} for ${found.length}`);
      await page.fill("#site-search-input", "zzqqxx");
      await page.waitForFunction(() => document.querySelector(".site-search-results")?.dataset.query === "zzqqxx",
        null, { timeout: 15000 });
      const none = await page.$eval(".site-search-status", (p) => p.textContent);
      expect(none === "По запросу «zzqqxx» ничего не найдено.", none);
    });
    await check("a Russian site opened from disk says so in Russian", async () => {
      const page = await newPage();
      await page.goto(pathToFileURL(resolve(russianRoot, "index.html")).href);
      await page.focus("#site-search-input");
      await page.waitForFunction(() => /открыт по HTTP/.test(document.querySelector(".site-search-status")?.textContent));
    });
    await check("no policy violation or script error on the Russian site", async () => {
      expect(violations.length === 0, violations.join("\n"));
    });
  }
} finally {
  await browser.close();
  await served.close();
  await russian?.close();
}
console.log(`search: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
