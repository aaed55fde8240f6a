#!/usr/bin/env python3
"""Compare two site builds: every differing file must be a chart .svg, or
an HTML page whose differences are all inside its inline <svg> elements."""
import filecmp, os, re, sys

SVG = re.compile(rb"<svg\b.*?</svg>", re.S)

def walk(a, b, rel=""):
    cmp = filecmp.dircmp(os.path.join(a, rel), os.path.join(b, rel))
    for name in cmp.left_only + cmp.right_only:
        yield ("only", os.path.join(rel, name))
    for name in cmp.diff_files:
        yield ("diff", os.path.join(rel, name))
    for name in cmp.funny_files:
        yield ("funny", os.path.join(rel, name))
    for d in cmp.common_dirs:
        yield from walk(a, b, os.path.join(rel, d))

a, b = sys.argv[1], sys.argv[2]
svgs, pages, bad = [], [], []
for kind, path in walk(a, b):
    if kind != "diff":
        bad.append((kind, path)); continue
    if path.endswith(".svg"):
        svgs.append(path); continue
    x = open(os.path.join(a, path), "rb").read()
    y = open(os.path.join(b, path), "rb").read()
    if SVG.sub(b"<svg/>", x) == SVG.sub(b"<svg/>", y):
        pages.append(path)
    else:
        bad.append(("outside-svg", path))
print(f"chart .svg files differing: {len(svgs)}")
print(f"pages differing only inside <svg>: {len(pages)}")
for p in pages[:200]:
    print("  ", p)
print(f"other differences: {len(bad)}")
for k, p in bad:
    print("  ", k, p)
sys.exit(1 if bad else 0)
