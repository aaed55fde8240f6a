// A static server for a built site, as a host would serve it: at the base
// URL's path (read from DIR/index.html's canonical link), with the right
// content types, gzip when the client accepts it, byte ranges, and long-lived caching for
// assets. Used by the browser checks (axe, Lighthouse, search) so that they see the
// site the way readers do, not from disk.
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { siteFiles, parseHtml, walkElements, attr } from "./files.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
  ".ico": "image/x-icon", ".xml": "application/xml", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".png": "image/png", ".csv": "text/csv; charset=utf-8",
  ".json": "application/json", ".txt": "text/plain; charset=utf-8", ".wasm": "application/wasm",
};
const COMPRESSIBLE = new Set([".html", ".css", ".svg", ".xml", ".js", ".mjs", ".csv", ".json", ".txt"]);

/** The path the site is published under ("/" or "/sub/path/"). */
export function basePathOf(dir) {
  let base = "/";
  if (existsSync(join(dir, "index.html"))) {
    walkElements(parseHtml(dir, "index.html"), (el) => {
      if (el.tagName === "link" && attr(el, "rel") === "canonical") base = new URL(attr(el, "href")).pathname;
    });
  }
  return base;
}

/**
 * Serve DIR on a free loopback port. `headers` are added to every response
 * (e.g. a Content-Security-Policy). Resolves to { origin, basePath, close }.
 */
export async function serveSite(root, { headers = {} } = {}) {
  const files = new Set(siteFiles(root));
  const basePath = basePathOf(root);
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return send(res, req, 400, ".txt", Buffer.from("bad request"), headers);
    }
    if (!path.startsWith(basePath)) return notFound(res, req);
    path = path.slice(basePath.length);
    if (path === "" || path.endsWith("/")) path += "index.html";
    else if (!files.has(path) && files.has(`${path}/index.html`)) {
      res.writeHead(301, { location: `${basePath}${path}/` });
      return res.end();
    }
    if (!files.has(path)) return notFound(res, req);
    const ext = extname(path);
    const cache = ext === ".html" ? "no-cache" : "public, max-age=31536000";
    send(res, req, 200, ext, readFileSync(join(root, path)), { ...headers, "cache-control": cache });
  });
  function notFound(res, req) {
    const page = files.has("404.html") ? readFileSync(join(root, "404.html")) : Buffer.from("not found");
    send(res, req, 404, files.has("404.html") ? ".html" : ".txt", page, headers);
  }
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, basePath, close: () => new Promise((ok) => server.close(ok)) };
}

function send(res, req, status, ext, body, headers) {
  const head = { ...headers, "content-type": TYPES[ext] ?? "application/octet-stream", vary: "accept-encoding" };
  // A part of the file, uncompressed, as hosts answer a range.
  const range = status === 200 ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "") : null;
  if (range) {
    const start = Number(range[1]);
    const end = Math.min(range[2] === "" ? body.length - 1 : Number(range[2]), body.length - 1);
    if (start > end) {
      res.writeHead(416, { ...head, "content-range": `bytes */${body.length}` });
      return res.end();
    }
    head["content-range"] = `bytes ${start}-${end}/${body.length}`;
    head["content-length"] = end - start + 1;
    res.writeHead(206, head);
    return res.end(req.method === "HEAD" ? undefined : body.subarray(start, end + 1));
  }
  if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
    body = gzipSync(body);
    head["content-encoding"] = "gzip";
  }
  head["content-length"] = body.length;
  res.writeHead(status, head);
  res.end(req.method === "HEAD" ? undefined : body);
}
