"""An independent reckoning of which trips of a GTFS feed run at given instants, and where, for
tests/it/network_real.rs (issue 22's oracle). Standard library only: csv, zipfile, zoneinfo.

Reads agency.txt, calendar.txt, calendar_dates.txt, trips.txt, stop_times.txt, frequencies.txt,
stops.txt and shapes.txt straight from the feed (a zip or a folder), and for each instant:
- every service date near it whose calendar runs (calendar.txt weekdays within its range, plus
  calendar_dates.txt exception 1, minus exception 2), its clock starting at noon minus 12 h of
  that date in the agency's zone (zoneinfo);
- every run of its trips (a trip once, or each departure of its frequencies.txt windows) that
  has left its first stop and not reached its last: first departure <= t < last arrival;
- where it is: at the stop it stands at (arrival <= t < departure), else between the stop it
  left and the next at the fraction of the time between them, along the trip's shape (the
  stops projected onto it: one place per stop, in order along it, of least total distance;
  each no earlier than the one before) or, without a shape,
  along the great circle between the two stops.
Blank times are filled in by distance along the same course between the nearest timed stops.

Usage: python3 network_oracle.py FEED INSTANT [INSTANT...]   (RFC 3339 instants)
Prints one JSON object: for each instant, a list of
[trip_id, service_date, departure (UTC, ISO 8601), lat, lon, from_stop, to_stop, on_shape],
sorted by trip_id, service date and departure.
"""

import bisect
import csv
import datetime as dt
import io
import json
import math
import os
import sys
import zipfile
from zoneinfo import ZoneInfo

EARTH_KM = 6371.0088


class Feed:
    def __init__(self, path):
        self.path = path
        self.zip = None if os.path.isdir(path) else zipfile.ZipFile(path)

    def rows(self, name):
        if self.zip is None:
            full = os.path.join(self.path, name)
            if not os.path.exists(full):
                return []
            text = open(full, encoding="utf-8-sig").read()
        else:
            names = [n for n in self.zip.namelist() if n == name or n.endswith("/" + name)]
            if not names:
                return []
            text = self.zip.read(names[0]).decode("utf-8-sig")
        return [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(io.StringIO(text))]


def seconds(text):
    if not text:
        return None
    h, m, s = text.split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


def ymd(text):
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def slerp(a, b, f):
    d = haversine(a, b) / EARTH_KM
    if d < 1e-12:
        return a

    def vec(p):
        la, lo = math.radians(p[0]), math.radians(p[1])
        return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))

    pa, pb = vec(a), vec(b)
    wa, wb = math.sin((1 - f) * d) / math.sin(d), math.sin(f * d) / math.sin(d)
    x, y, z = (wa * pa[i] + wb * pb[i] for i in range(3))
    return (math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x)))


def cumulative(points):
    out, total = [0.0], 0.0
    for p, q in zip(points, points[1:]):
        total += haversine(p, q)
        out.append(total)
    return out


def nearest_on_segment(p, a, b):
    """(squared flat distance, share along a-b) of the point of segment a-b nearest to p."""
    k = math.cos(math.radians(p[0]))
    px, py, ax, ay, bx, by = p[1] * k, p[0], a[1] * k, a[0], b[1] * k, b[0]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    share = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    nx, ny = ax + share * dx, ay + share * dy
    return (px - nx) ** 2 + (py - ny) ** 2, share


def project(shape, cum, stops):
    """Km along the shape of each stop: one place on the shape per stop, in the stops' order
    along it (segment by segment), the choice with the least sum of distances (dynamic
    programming); never behind the stop before."""
    segs = len(shape) - 1
    # table[i][j]: (least sum with stop i on segment j, share along j, segment of stop i-1)
    table = []
    best_before = None  # per segment: least (sum, segment) over segments <= j for stop i-1
    for i, stop in enumerate(stops):
        row = []
        for j in range(segs):
            d2, share = nearest_on_segment(stop, shape[j], shape[j + 1])
            d = math.sqrt(d2)
            if best_before is None:
                row.append((d, share, None))
            else:
                prev_sum, prev_j = best_before[j]
                row.append((prev_sum + d, share, prev_j))
        table.append(row)
        best_before, running = [], None
        for j in range(segs):
            if running is None or row[j][0] < running[0]:
                running = (row[j][0], j)
            best_before.append(running)
    j = best_before[-1][1]
    picks = [None] * len(stops)
    for i in range(len(stops) - 1, -1, -1):
        picks[i] = (j, table[i][j][1])
        j = table[i][j][2]
    out, last = [], 0.0
    for j, share in picks:
        last = max(last, cum[j] + share * (cum[j + 1] - cum[j]))
        out.append(last)
    return out


def point_at(shape, cum, km):
    j = bisect.bisect_right(cum, km)
    if j == 0:
        return shape[0]
    if j >= len(shape):
        return shape[-1]
    k0, k1 = cum[j - 1], cum[j]
    share = 0.0 if k1 <= k0 else (km - k0) / (k1 - k0)
    a, b = shape[j - 1], shape[j]
    return (a[0] + share * (b[0] - a[0]), a[1] + share * (b[1] - a[1]))


class Oracle:
    def __init__(self, path):
        feed = Feed(path)
        self.zone = ZoneInfo(feed.rows("agency.txt")[0]["agency_timezone"])
        self.calendar = {}
        for r in feed.rows("calendar.txt"):
            days = [r[d] == "1" for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")]
            self.calendar[r["service_id"]] = (ymd(r["start_date"]), ymd(r["end_date"]), days)
        self.added, self.removed = set(), set()
        for r in feed.rows("calendar_dates.txt"):
            (self.added if r["exception_type"] == "1" else self.removed).add((r["service_id"], ymd(r["date"])))
        self.trips = {r["trip_id"]: r for r in feed.rows("trips.txt")}
        stops = {r["stop_id"]: r for r in feed.rows("stops.txt")}
        self.coord = {}
        for sid, r in stops.items():
            own = r.get("stop_lat") and r.get("stop_lon")
            src = r if own else stops.get(r.get("parent_station", ""), {})
            if src.get("stop_lat") and src.get("stop_lon"):
                self.coord[sid] = (float(src["stop_lat"]), float(src["stop_lon"]))
        shapes = {}
        for r in feed.rows("shapes.txt"):
            shapes.setdefault(r["shape_id"], []).append((int(r["shape_pt_sequence"]), float(r["shape_pt_lat"]), float(r["shape_pt_lon"])))
        self.shapes = {}
        for sid, pts in shapes.items():
            pts.sort()
            pts = [(p[1], p[2]) for p in pts]
            self.shapes[sid] = (pts, cumulative(pts))
        self.stop_times = {}
        for r in feed.rows("stop_times.txt"):
            self.stop_times.setdefault(r["trip_id"], []).append(
                (int(r["stop_sequence"]), r["stop_id"], seconds(r.get("arrival_time")), seconds(r.get("departure_time"))))
        self.freq = {}
        for r in feed.rows("frequencies.txt"):
            self.freq.setdefault(r["trip_id"], []).append((seconds(r["start_time"]), seconds(r["end_time"]), int(r["headway_secs"])))
        self.courses = {}
        self.timed = {}
        for trip in self.trips:
            self.timed[trip] = self.fill(trip)

    def runs_on(self, service, date):
        if (service, date) in self.removed:
            return False
        if (service, date) in self.added:
            return True
        c = self.calendar.get(service)
        return c is not None and c[0] <= date <= c[1] and c[2][date.weekday()]

    def course(self, trip):
        """(km of each stop for filling times, km along the shape or None)."""
        rows = sorted(self.stop_times.get(trip, []))
        shape_id = self.trips[trip].get("shape_id", "")
        key = (shape_id, tuple(r[1] for r in rows))
        if key not in self.courses:
            coords = [self.coord[r[1]] for r in rows]
            shape = self.shapes.get(shape_id)
            if shape and len(shape[0]) >= 2:
                along = project(shape[0], shape[1], coords)
                self.courses[key] = ([a - along[0] for a in along], along)
            else:
                self.courses[key] = (cumulative(coords), None)
        return self.courses[key]

    def fill(self, trip):
        rows = sorted(self.stop_times.get(trip, []))
        if len(rows) < 2:
            return None
        given = []
        for _, _, a, d in rows:
            if a is None and d is None:
                given.append(None)
            else:
                given.append((a if a is not None else d, d if d is not None else a))
        if given[0] is None or given[-1] is None:
            return None
        km = self.course(trip)[0] if any(g is None for g in given) else None
        times = []
        for i, g in enumerate(given):
            if g is not None:
                times.append(g)
                continue
            before = max(j for j in range(i) if given[j] is not None)
            after = min(j for j in range(i + 1, len(given)) if given[j] is not None)
            t0, t1, k0, k1 = given[before][1], given[after][0], km[before], km[after]
            share = (km[i] - k0) / (k1 - k0) if k1 > k0 else (i - before) / (after - before)
            t = t0 + round((t1 - t0) * max(0.0, min(1.0, share)))
            times.append((t, t))
        return [(rows[i][1], times[i][0], times[i][1]) for i in range(len(rows))]

    def origin(self, date):
        noon = dt.datetime(date.year, date.month, date.day, 12, tzinfo=self.zone)
        return noon.astimezone(dt.timezone.utc) - dt.timedelta(hours=12)

    def where(self, trip, times, t):
        for i in range(len(times) - 1, -1, -1):
            stop, arr, dep = times[i]
            if arr <= t:
                break
        if t < dep or i == len(times) - 1:
            return self.coord[stop], stop, stop, False
        nxt, arr1, _ = times[i + 1]
        f = (t - dep) / (arr1 - dep) if arr1 > dep else 1.0
        along = self.course(trip)[1]
        if along is None:
            return slerp(self.coord[stop], self.coord[nxt], f), stop, nxt, False
        pts, cum = self.shapes[self.trips[trip]["shape_id"]]
        return point_at(pts, cum, along[i] + f * (along[i + 1] - along[i])), stop, nxt, True

    def running(self, instant):
        out = []
        local = instant.astimezone(self.zone).date()
        longest = max((t[-1][1] for t in self.timed.values() if t), default=0)
        longest += max((w[1] for ws in self.freq.values() for w in ws), default=0)
        for back in range(-1, longest // 86400 + 3):
            date = local - dt.timedelta(days=back)
            s = int((instant - self.origin(date)).total_seconds())
            for trip, row in self.trips.items():
                times = self.timed[trip]
                if not times or not self.runs_on(row["service_id"], date):
                    continue
                first = times[0][2]
                starts = [0]
                if trip in self.freq:
                    starts = []
                    for a, b, h in self.freq[trip]:
                        starts += [x - first for x in range(a, b, h)][:10000]
                for shift in starts:
                    t = s - shift
                    if first <= t < times[-1][1]:
                        (lat, lon), frm, to, on_shape = self.where(trip, times, t)
                        departure = self.origin(date) + dt.timedelta(seconds=first + shift)
                        out.append([trip, date.isoformat(), departure.strftime("%Y-%m-%dT%H:%M:%SZ"), lat, lon, frm, to, on_shape])
        out.sort(key=lambda r: (r[0], r[1], r[2]))
        return out


def main():
    oracle = Oracle(sys.argv[1])
    result = {}
    for text in sys.argv[2:]:
        instant = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.timezone.utc)
        result[text] = oracle.running(instant)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
