// RFC 3339 check for Atom feeds: every <updated> and <published> must be an
// RFC 3339 date-time (RFC 4287 §3.3) — with a "T", seconds and a time
// offset, and a real calendar date. The RELAX NG schema only asks for an
// xsd:dateTime, which also allows a missing offset.
//
//   node feed-dates.mjs FEED.xml...
import { readFileSync } from "node:fs";
import { report } from "./files.mjs";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

function problemWith(value) {
  const m = RFC3339.exec(value);
  if (!m) return "not an RFC 3339 date-time";
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > days) return "no such date";
  if (hour > 23 || minute > 59 || second > 60) return "no such time";
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return "no such offset";
  return null;
}

const feeds = process.argv.slice(2);
if (!feeds.length) {
  console.error("usage: node feed-dates.mjs FEED.xml...");
  process.exit(2);
}
const problems = [];
let dates = 0;
for (const feed of feeds) {
  const xml = readFileSync(feed, "utf8");
  for (const m of xml.matchAll(/<(updated|published)>([^<]*)<\/\1>/g)) {
    dates += 1;
    const problem = problemWith(m[2].trim());
    if (problem) problems.push(`${feed}: <${m[1]}>${m[2]}</${m[1]}>: ${problem}`);
  }
}
report("feed dates", problems, `${dates} dates in ${feeds.length} feed(s)`);
