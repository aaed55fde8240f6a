#!/usr/bin/env python3
"""crop.py IN.png OUT.png Y0 Y1: keep rows Y0..Y1 of a screenshot (decoded
through `convert IN.png ppm:-`, re-encoded as an RGB PNG)."""
import struct, subprocess, sys, zlib

src, dst, y0, y1 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ppm = subprocess.run(["convert", src, "ppm:-"], check=True, capture_output=True).stdout
parts = ppm.split(maxsplit=4)
assert parts[0] == b"P6"
w, h, data = int(parts[1]), int(parts[2]), parts[4]
y1 = min(y1, h)
stride = w * 3
raw = b"".join(b"\x00" + data[y * stride:(y + 1) * stride] for y in range(y0, y1))

def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, y1 - y0, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open(dst, "wb").write(png)
