// Link checker: every internal link of every HTML file under DIR must reach
// a file of the site, and every `#fragment` an element with that id (or an
// <a name>) in the target page. Root-absolute links (only the 404 page has
// them) must start with the base URL's path. Links in the site's XML (Atom feeds,
// sitemaps) that start with the site's base URL must reach a file too. The
// base URL is the canonical link of DIR/index.html, when it has one.
//
//   node links.mjs DIR
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { siteFiles, isHtml, parseHtml, walkElements, attr, report } from "./files.mjs";

const root = process.argv[2];
if (!root || !existsSync(root)) {
  console.error("usage: node links.mjs DIR");
  process.exit(2);
}

const files = siteFiles(root);
const fileSet = new Set(files);
const ids = new Map(); // html path -> Set of ids
const links = []; // [from, url]
const LINK_ATTRS = { a: ["href"], area: ["href"], link: ["href"], img: ["src", "srcset"],
  script: ["src"], source: ["src", "srcset"], iframe: ["src"], video: ["src", "poster"],
  audio: ["src"], use: ["href", "xlink:href"], image: ["href", "xlink:href"], form: ["action"],
  object: ["data"], embed: ["src"], blockquote: ["cite"], q: ["cite"] };

for (const path of files.filter(isHtml)) {
  const found = new Set();
  walkElements(parseHtml(root, path), (el) => {
    const id = attr(el, "id");
    if (id !== undefined) found.add(id);
    if (el.tagName === "a" && attr(el, "name") !== undefined) found.add(attr(el, "name"));
    for (const name of LINK_ATTRS[el.tagName] ?? []) {
      const value = attr(el, name);
      if (value === undefined) continue;
      const urls = name === "srcset" ? value.split(",").map((s) => s.trim().split(/\s+/)[0]) : [value];
      for (const url of urls) links.push([path, url.trim()]);
    }
  });
  ids.set(path, found);
}

let base = null;
if (fileSet.has("index.html")) {
  walkElements(parseHtml(root, "index.html"), (el) => {
    if (el.tagName === "link" && attr(el, "rel") === "canonical") base = attr(el, "href");
  });
}
for (const path of files.filter((f) => f.endsWith(".xml"))) {
  const xml = readFileSync(join(root, path), "utf8");
  const found = [...xml.matchAll(/<loc>([^<]*)<\/loc>|\bhref="([^"]*)"|<id>([^<]*)<\/id>/g)];
  for (const m of found) {
    const url = (m[1] ?? m[2] ?? m[3]).replaceAll("&amp;", "&");
    if (base && url.startsWith(base)) links.push([path, url.slice(base.length) || "./", "base"]);
  }
}

const problems = [];
for (const [from, url, viaBase] of links) {
  const problem = check(from, url, viaBase);
  if (problem) problems.push(`${from}: ${JSON.stringify(url)}: ${problem}`);
}

function check(from, url, viaBase) {
  if (url === "") return "empty link";
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) return null; // external
  if (url.startsWith("/") && !viaBase) {
    // Only the 404 page (served at any depth) may link from the base URL's path.
    const basePath = base ? new URL(base).pathname : "/";
    if (!url.startsWith(basePath)) return `root-absolute link outside the base path ${basePath}`;
    return check(from, url.slice(basePath.length) || "./", true);
  }
  const [pathAndQuery, fragment] = splitOnce(url, "#");
  const path = decodeURIComponent(pathAndQuery.split("?")[0]);
  const dir = viaBase ? "" : posix.dirname(from);
  let target = path === "" ? from : posix.normalize(posix.join(dir === "." ? "" : dir, path));
  if (target.startsWith("..")) return "leaves the site";
  if (target === "." || target.endsWith("/")) target = posix.join(target, "index.html");
  if (!fileSet.has(target)) {
    const full = join(root, target);
    if (existsSync(full) && statSync(full).isDirectory() && fileSet.has(posix.join(target, "index.html"))) {
      target = posix.join(target, "index.html");
    } else {
      return `no such file: ${target}`;
    }
  }
  if (fragment === null || fragment === "" || fragment === "top") return null;
  if (!ids.has(target)) return null; // fragments of non-HTML files are not checked
  const id = decodeURIComponent(fragment);
  return ids.get(target).has(id) ? null : `no element with id "${id}" in ${target}`;
}

function splitOnce(s, sep) {
  const i = s.indexOf(sep);
  return i < 0 ? [s, null] : [s.slice(0, i), s.slice(i + 1)];
}

report("links", problems, `${links.length} links in ${files.length} files under ${root}`);
