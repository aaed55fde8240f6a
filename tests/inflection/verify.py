#!/usr/bin/env python3
"""Checks the hand-made inflection test list for consistency and prints counts.

    python3 tests/inflection/verify.py

Needs only the standard library and PyYAML. It checks the data, not the tool:
ids are well formed and unique, every entity referred to exists, every `form`
occurs verbatim in its `text` as whole words (not inside a longer word), the
case and tag names are known, and no entry is duplicated. Exit status 1 on any
problem.
"""

import collections
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CASES = {"nom", "gen", "dat", "acc", "ins", "prep"}
TAGS = {
    "multiword", "quoted", "apposition", "surname", "female", "foreign",
    "indecl", "yo", "hyphen", "start", "end", "punct", "plural", "variant",
}
CATEGORIES = {
    "prefix", "inner", "common-word", "sentence-start", "adjective",
    "derived-name", "first-name", "other-person", "gender", "longer-name",
    "partial-name", "homonym", "quotes", "latin",
}
WORD = r"[0-9A-Za-zЀ-ӿ]"


def load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return yaml.safe_load(f)


def occurrences(form, text):
    """Whole-word occurrences of form in text (letters/digits may not touch it)."""
    pat = r"(?<!%s)%s(?!%s)" % (WORD, re.escape(form), WORD)
    return len(re.findall(pat, text))


def main():
    problems = []
    entities = load("entities.yaml")
    ids = [e["id"] for e in entities]
    for e in entities:
        if not ID.match(e["id"]):
            problems.append("bad id %r" % e["id"])
        for key in ("name", "kind", "aliases"):
            if key not in e:
                problems.append("entity %s lacks %s" % (e["id"], key))
    for i, c in collections.Counter(ids).items():
        if c > 1:
            problems.append("duplicate id %s" % i)
    names = collections.Counter(a for e in entities for a in [e["name"]] + e["aliases"])
    for a, c in names.items():
        if c > 1:
            problems.append("name or alias %r used %d times" % (a, c))
    known = set(ids)

    def check(kind, entries, target_key):
        seen = set()
        for n, x in enumerate(entries, 1):
            where = "%s #%d (%s)" % (kind, n, x.get("form"))
            for key in ("text", "form", target_key):
                if not x.get(key):
                    problems.append("%s lacks %s" % (where, key))
            if x.get(target_key) not in known:
                problems.append("%s: unknown entity %r" % (where, x.get(target_key)))
            k = (x.get("text"), x.get("form"), x.get(target_key))
            if k in seen:
                problems.append("%s: duplicate entry" % where)
            seen.add(k)
            occ = occurrences(x["form"], x["text"])
            if occ == 0:
                problems.append("%s: form not found as whole words in text" % where)
            elif occ > 1:
                problems.append("%s: form occurs %d times in text" % (where, occ))
            if x.get("held_out") not in (None, True):
                problems.append("%s: held_out must be true or absent" % where)

    forms = load("forms.yaml")
    misses = load("near_misses.yaml") if os.path.exists(os.path.join(HERE, "near_misses.yaml")) else []
    check("forms", forms, "entity")
    check("near_misses", misses, "not")
    for n, x in enumerate(forms, 1):
        # the position tags are checked against the text
        m = re.search(r"(?<!%s)%s(?!%s)" % (WORD, re.escape(x["form"]), WORD), x["text"])
        if m:
            rest = x["text"][m.end():]
            want = set()
            if m.start() == 0:
                want.add("start")
            if re.fullmatch(r"[»]*[.!?…]*", rest):
                want.add("end")
            elif re.match(r"[»]*([,:;)]| —)", rest):
                want.add("punct")
            have = set(x.get("tags", [])) & {"start", "end", "punct"}
            if have != want:
                problems.append("forms #%d (%s): position tags %s, text says %s"
                                % (n, x["form"], sorted(have), sorted(want)))
        if x.get("case") not in CASES:
            problems.append("forms #%d: bad case %r" % (n, x.get("case")))
        for t in x.get("tags", []):
            if t not in TAGS:
                problems.append("forms #%d: unknown tag %r" % (n, t))
    # A near-miss must not contradict a form: same text, same entity, overlapping span.
    def spans(form, text):
        pat = r"(?<!%s)%s(?!%s)" % (WORD, re.escape(form), WORD)
        return [(m.start(), m.end()) for m in re.finditer(pat, text)]

    by_text = collections.defaultdict(list)
    for x in forms:
        by_text[(x["text"], x["entity"])].extend(spans(x["form"], x["text"]))
    for n, x in enumerate(misses, 1):
        for a, b in spans(x["form"], x["text"]):
            for c, d in by_text.get((x["text"], x["not"]), []):
                if a < d and c < b:
                    problems.append("near_misses #%d (%s) contradicts a form of %s" % (n, x["form"], x["not"]))
    for n, x in enumerate(misses, 1):
        if x.get("category") not in CATEGORIES:
            problems.append("near_misses #%d: bad category %r" % (n, x.get("category")))

    def held(entries):
        return sum(1 for x in entries if x.get("held_out"))

    print("entities: %d  %s" % (len(entities), dict(collections.Counter(e["kind"] for e in entities))))
    print("forms: %d (held out %d)" % (len(forms), held(forms)))
    by_case = collections.Counter(x.get("case") for x in forms)
    by_case_held = collections.Counter(x.get("case") for x in forms if x.get("held_out"))
    for c in ["nom", "gen", "dat", "acc", "ins", "prep"]:
        print("  case %-5s %3d (held out %d)" % (c, by_case[c], by_case_held[c]))
    tags = collections.Counter(t for x in forms for t in x.get("tags", []))
    tags_held = collections.Counter(t for x in forms if x.get("held_out") for t in x.get("tags", []))
    for t in sorted(TAGS):
        print("  tag  %-10s %3d (held out %d)" % (t, tags[t], tags_held[t]))
    kinds = {e["id"]: e["kind"] for e in entities}
    by_kind = collections.Counter(kinds.get(x["entity"]) for x in forms)
    print("  by entity kind: %s" % dict(by_kind))
    unused = sorted(known - {x["entity"] for x in forms})
    if unused:
        print("  entities with no form: %s" % ", ".join(unused))
    print("near_misses: %d (held out %d)" % (len(misses), held(misses)))
    cats = collections.Counter(x.get("category") for x in misses)
    cats_held = collections.Counter(x.get("category") for x in misses if x.get("held_out"))
    for c in sorted(CATEGORIES):
        print("  %-15s %3d (held out %d)" % (c, cats[c], cats_held[c]))
    if problems:
        print("\n%d problem(s):" % len(problems))
        for p in problems:
            print("  " + p)
        return 1
    print("\nno problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
