// Shared by the checkers: list a site's files and parse its HTML with parse5
// (the WHATWG parsing algorithm, so what we see is what a browser sees).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parse } from "parse5";

/** Every file under `root`, as site-relative paths with `/`, sorted. */
export function siteFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(root, path).split(sep).join("/"));
    }
  };
  walk(root);
  return out.sort();
}

export const isHtml = (path) => /\.x?html?$/i.test(path);

/** The parsed document of an HTML file. */
export function parseHtml(root, path) {
  return parse(readFileSync(join(root, path), "utf8"));
}

/** Calls `visit(node)` for every element, depth first, templates included. */
export function walkElements(node, visit) {
  if (node.tagName) visit(node);
  const children = node.tagName === "template" ? node.content?.childNodes : node.childNodes;
  for (const child of children ?? []) walkElements(child, visit);
}

export const attr = (node, name) => node.attrs?.find((a) => a.name === name)?.value;

/** The text content of an element. */
export function textOf(node) {
  if (node.nodeName === "#text") return node.value;
  return (node.childNodes ?? []).map(textOf).join("");
}

/** Prints problems and sets the exit code; `what` names the checker. */
export function report(what, problems, checked) {
  for (const p of problems) console.log(`${what}: ${p}`);
  if (problems.length) {
    console.error(`${what}: ${problems.length} problem(s) in ${checked}`);
    process.exitCode = 1;
  } else {
    console.log(`${what}: ${checked}: no problems`);
  }
}
