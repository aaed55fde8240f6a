// A static server for a built site, as a host would serve it: at the base
// URL's path (read from DIR/index.html's canonical link), with the right
// content types, gzip when the client accepts it, and long-lived caching for
// assets. Used by the browser checks (axe, Lighthouse) so that they see the
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
  if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
    body = gzipSync(body);
    head["content-encoding"] = "gzip";
  }
  head["content-length"] = body.length;
  res.writeHead(status, head);
  res.end(req.method === "HEAD" ? undefined : body);
}
