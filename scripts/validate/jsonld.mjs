// JSON-LD checker: every <script type="application/ld+json"> in every HTML
// file under DIR must parse as JSON, use the schema.org context, and give
// each object a schema.org type from the table below with only properties
// schema.org defines for that type (the table is the subset of schema.org
// this generator uses; a property or type outside it is reported, so an
// addition is checked against https://schema.org before it is added here).
// Required properties: those the generator promises (docs/templates.md).
//
//   node jsonld.mjs DIR
import { existsSync } from "node:fs";
import { siteFiles, isHtml, parseHtml, walkElements, attr, textOf, report } from "./files.mjs";

const THING = ["name", "description", "url", "sameAs", "alternateName", "identifier", "image"];
const CREATIVE_WORK = [...THING, "headline", "author", "publisher", "creator", "datePublished",
  "dateModified", "inLanguage", "keywords", "citation", "mentions", "about", "mainEntityOfPage",
  "license", "isPartOf"];
// schema.org type -> properties it may carry (its own and inherited ones).
const TYPES = {
  WebSite: CREATIVE_WORK,
  NewsArticle: CREATIVE_WORK,
  Dataset: [...CREATIVE_WORK, "variableMeasured", "distribution", "temporalCoverage"],
  CreativeWork: CREATIVE_WORK,
  Organization: [...THING, "legalName", "location", "foundingDate"],
  GovernmentOrganization: [...THING, "legalName", "location", "foundingDate"],
  NewsMediaOrganization: [...THING, "legalName", "location", "foundingDate"],
  Person: [...THING, "jobTitle", "affiliation", "worksFor"],
  Place: [...THING, "address", "geo", "containedInPlace"],
  Brand: THING,
  Product: [...THING, "brand", "manufacturer", "model"],
  Event: [...THING, "startDate", "endDate", "location", "organizer"],
  DataDownload: [...CREATIVE_WORK, "encodingFormat", "contentUrl"],
};
const REQUIRED = {
  NewsArticle: ["headline", "datePublished"],
  Dataset: ["name", "description"],
  WebSite: ["name"],
};
const ISO_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const root = process.argv[2];
if (!root || !existsSync(root)) {
  console.error("usage: node jsonld.mjs DIR");
  process.exit(2);
}

const problems = [];
let blocks = 0;
const files = siteFiles(root).filter(isHtml);
for (const path of files) {
  walkElements(parseHtml(root, path), (el) => {
    if (el.tagName !== "script" || attr(el, "type") !== "application/ld+json") return;
    blocks += 1;
    let data;
    try {
      data = JSON.parse(textOf(el));
    } catch (error) {
      problems.push(`${path}: not JSON: ${error.message}`);
      return;
    }
    if (data["@context"] !== "https://schema.org") {
      problems.push(`${path}: @context is ${JSON.stringify(data["@context"])}, expected "https://schema.org"`);
    }
    checkNode(path, data, "$");
  });
}

function checkNode(path, node, where) {
  if (Array.isArray(node)) return node.forEach((n, i) => checkNode(path, n, `${where}[${i}]`));
  if (node === null || typeof node !== "object") return;
  const type = node["@type"];
  const allowed = TYPES[type];
  if (!allowed) {
    problems.push(`${path}: ${where}: @type ${JSON.stringify(type)} is not a known schema.org type`);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("@")) continue;
    if (!allowed.includes(key)) problems.push(`${path}: ${where}: ${type} has no property "${key}"`);
    if (value === null || value === "") problems.push(`${path}: ${where}.${key} is empty`);
    if (/^date/.test(key) && !ISO_DATE.test(value)) {
      problems.push(`${path}: ${where}.${key} ${JSON.stringify(value)} is not an ISO 8601 date`);
    }
    if ((key === "url" || key === "sameAs") && ![value].flat().every((u) => /^https?:\/\//.test(u))) {
      problems.push(`${path}: ${where}.${key} is not an absolute URL`);
    }
    if (typeof value === "object") checkNode(path, value, `${where}.${key}`);
  }
  for (const key of REQUIRED[type] ?? []) {
    if (!(key in node)) problems.push(`${path}: ${where}: ${type} lacks "${key}"`);
  }
}

report("jsonld", problems, `${blocks} JSON-LD blocks in ${files.length} HTML files under ${root}`);
