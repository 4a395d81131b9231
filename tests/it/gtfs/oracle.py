"""An independent conversion of one GTFS trip's times, for tests/it/import_real.rs.

Reads the trip's rows of stop_times.txt and the agency's zone straight from the feed (a zip or a
folder) with Python's csv and zipfile, counts each time from noon minus 12 h of the service
date in the agency's zone with zoneinfo, and writes it in each stop's zone the way a longrail
route file does: "day N HH:MM[:SS]", with the UTC offset where that local time happens twice.

Usage: python3 oracle.py FEED TRIP_ID SERVICE_DATE DEPARTURE_DATE ZONES_JSON
ZONES_JSON maps stop_sequence (as text) to the zone the route file gives that stop. Prints a
JSON object mapping stop_sequence to [arrival, departure] (null where the feed has no time).
"""

import csv
import datetime as dt
import io
import json
import os
import sys
import zipfile
from zoneinfo import ZoneInfo


def rows(feed, name):
    if os.path.isdir(feed):
        text = open(os.path.join(feed, name), encoding="utf-8-sig").read()
    else:
        with zipfile.ZipFile(feed) as z:
            text = z.read(name).decode("utf-8-sig")
    return csv.DictReader(io.StringIO(text))


def seconds(text):
    h, m, s = text.strip().split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


def written(instant, zone, departure):
    local = instant.astimezone(zone)
    day = (local.date() - departure).days + 1
    clock = local.strftime("%H:%M") if local.second == 0 else local.strftime("%H:%M:%S")
    out = f"day {day} {clock}"
    naive = local.replace(tzinfo=None)
    early = naive.replace(tzinfo=zone, fold=0).utcoffset()
    late = naive.replace(tzinfo=zone, fold=1).utcoffset()
    if early != late and early > late:  # a fold (in a gap the later offset is larger)
        off = int(local.utcoffset().total_seconds())
        sign = "-" if off < 0 else "+"
        off = abs(off)
        out += f" {sign}{off // 3600:02d}:{off % 3600 // 60:02d}"
    return out


def main():
    feed, trip, service, departure, zones = sys.argv[1:6]
    zones = json.loads(zones)
    agency = ZoneInfo(next(rows(feed, "agency.txt"))["agency_timezone"].strip())
    service = dt.date.fromisoformat(service)
    departure = dt.date.fromisoformat(departure)
    noon = dt.datetime(service.year, service.month, service.day, 12, tzinfo=agency)
    origin = noon.astimezone(dt.timezone.utc) - dt.timedelta(hours=12)
    out = {}
    for r in rows(feed, "stop_times.txt"):
        if r["trip_id"].strip() != trip:
            continue
        seq = str(int(r["stop_sequence"]))
        if seq not in zones:
            continue
        zone = ZoneInfo(zones[seq])
        pair = []
        for col in ("arrival_time", "departure_time"):
            t = (r.get(col) or "").strip()
            pair.append(written(origin + dt.timedelta(seconds=seconds(t)), zone, departure) if t else None)
        out[seq] = pair
    print(json.dumps(out))


main()
