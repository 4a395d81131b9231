#!/usr/bin/env python3
"""The predicted times of every trip a GTFS-Realtime message updates, worked out apart from
longrail: the message decoded by Google's gtfs-realtime-bindings (protobuf), the static times
read from the feed's stop_times.txt with Python's csv, service days counted in the agency's
zone with zoneinfo, and the specification's rules (trip-updates.md) applied stop by stop.

Usage: realtime_oracle.py FEED.zip MESSAGE.pb
Prints one JSON object: {trip_id: {"date": "YYYY-MM-DD", "stops": [{"stop_id", "stop_sequence",
"scheduled_arrival", "scheduled_departure", "predicted_arrival", "predicted_departure",
"skipped"}]}}, times in RFC 3339 with the agency zone's offset, null without a prediction.

The rules, as the specification words them: an event's `time` wins over its `delay`; a stop
update's delay applies to the stops after it until the next stop with an update ("propagated
to all subsequent stops"); stops before the first update have no prediction ("unknown
delay"); SKIPPED stops have no times and do not stop the propagation; NO_DATA stops it. Where
the specification is silent, longrail's documented choices: an update with only an arrival
gives its departure the same delay, and one with only a departure its arrival; without a
start_date, the service date is the agency-zone date of the message's timestamp (the recorded
BART file's trips all run within that day).
"""
import csv
import io
import json
import sys
import zipfile
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from google.transit import gtfs_realtime_pb2


def read_csv(archive, name):
    with archive.open(name) as f:
        return list(csv.DictReader(io.TextIOWrapper(f, encoding="utf-8-sig")))


def seconds(text):
    h, m, s = (int(x) for x in text.split(":"))
    return h * 3600 + m * 60 + s


def origin(day, zone):
    """Noon minus 12 hours of `day` in `zone`, as a UTC datetime."""
    noon = datetime.combine(day, time(12), tzinfo=zone)
    return noon.astimezone(timezone.utc) - timedelta(hours=12)


def main():
    feed, message_path = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(feed) as z:
        zone = ZoneInfo(read_csv(z, "agency.txt")[0]["agency_timezone"])
        rows = read_csv(z, "stop_times.txt")
    by_trip = {}
    for r in rows:
        by_trip.setdefault(r["trip_id"], []).append(r)
    for stops in by_trip.values():
        stops.sort(key=lambda r: int(r["stop_sequence"]))

    message = gtfs_realtime_pb2.FeedMessage()
    with open(message_path, "rb") as f:
        message.ParseFromString(f.read())
    received = datetime.fromtimestamp(message.header.timestamp, timezone.utc)

    out = {}
    for entity in message.entity:
        if not entity.HasField("trip_update"):
            continue
        update = entity.trip_update
        trip_id = update.trip.trip_id
        if update.trip.start_date:
            day = datetime.strptime(update.trip.start_date, "%Y%m%d").date()
        else:
            day = received.astimezone(zone).date()
        start = origin(day, zone)
        stops = by_trip[trip_id]
        updates = {u.stop_sequence: u for u in update.stop_time_update}
        carry = None
        result = []
        for r in stops:
            arr, dep = seconds(r["arrival_time"]), seconds(r["departure_time"])
            u = updates.get(int(r["stop_sequence"]))
            skipped = False
            pred = None
            if u is not None and u.schedule_relationship == u.SKIPPED:
                skipped = True
            elif u is not None and u.schedule_relationship == u.NO_DATA:
                carry = None
            elif u is not None:
                def delay(event, scheduled):
                    if event.HasField("time"):
                        return event.time - int((start + timedelta(seconds=scheduled)).timestamp())
                    if event.HasField("delay"):
                        return event.delay
                    return None

                a = delay(u.arrival, arr) if u.HasField("arrival") else None
                d = delay(u.departure, dep) if u.HasField("departure") else None
                a = a if a is not None else d
                d = d if d is not None else a
                if a is not None:
                    pred = (arr + a, dep + d)
                    carry = d
                elif carry is not None:
                    pred = (arr + carry, dep + carry)
            elif carry is not None:
                pred = (arr + carry, dep + carry)

            def at(s):
                t = (start + timedelta(seconds=s)).astimezone(zone)
                return t.isoformat()

            result.append({
                "stop_id": r["stop_id"],
                "stop_sequence": int(r["stop_sequence"]),
                "scheduled_arrival": at(arr),
                "scheduled_departure": at(dep),
                "predicted_arrival": at(pred[0]) if pred and not skipped else None,
                "predicted_departure": at(pred[1]) if pred and not skipped else None,
                "skipped": skipped,
            })
        # The file's own times at the stops it updates: the time, else the scheduled time plus
        # the delay, arrival and departure as given (null where the update has none).
        scheduled = {int(r["stop_sequence"]): r for r in stops}
        given = []
        for u in update.stop_time_update:
            r = scheduled[u.stop_sequence]

            def own(event, field):
                if event.HasField("time"):
                    return datetime.fromtimestamp(event.time, zone).isoformat()
                if event.HasField("delay"):
                    s = seconds(r[field]) + event.delay
                    return (start + timedelta(seconds=s)).astimezone(zone).isoformat()
                return None

            given.append({
                "stop_sequence": u.stop_sequence,
                "arrival": own(u.arrival, "arrival_time") if u.HasField("arrival") else None,
                "departure": own(u.departure, "departure_time") if u.HasField("departure") else None,
            })
        out[trip_id] = {"date": day.isoformat(), "stops": result, "updates": given}
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
