#!/usr/bin/env python3
"""Write the `via` waypoints (drawn geometry between stops) into the built-in route files.

The waypoints are kept here once, in westbound order (Pyongyang -> Moscow), per pair of
consecutive stops.  For every route file the script looks at each pair of consecutive stops
(A, B): if (A, B) is listed, A gets the points as they are; if (B, A) is listed, A gets them
reversed.  Any existing `via` (one line or wrapped) is replaced, so the script can be re-run
after editing the table.  Usage:  python3 assets/routes/waypoints.py [FILE.toml ...]

Every point is ESTIMATED unless its label carries a source key (see WAYPOINT_NOTE): station and
town positions from general knowledge, good to about 0.05-0.15 deg, plus unnamed points where
the track bends.  They only shape the drawn line; km and times do not depend on them.
"""

import os
import re
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = ["pyongyang-moscow.toml", "moscow-pyongyang.toml", "pyongyang-khabarovsk.toml"]

WAYPOINT_NOTE = """\
# Waypoints: each stop's `via` lists the points the line passes on the way to the next stop
#   (drawn geometry only; km and times do not use them).  Written by assets/routes/waypoints.py
#   (same points, mirrored, in all three route files).  ESTIMATED unless keyed below: positions of
#   intermediate stations and towns from general knowledge (+-0.05..0.15 deg) and unnamed bend points.
#   SOPY   https://wikizero.net/wiki/de/Bahnhof_Sop%E2%80%99y%C5%8Fngyang (Sopyongyang 39°03'11"N 125°43'34"E)
#   PWL    station order Sopo-Sainjang-Sunchon-Sinchang-Jangnim-Yangdok-Songnae-Kowon [PWL above]
#   KOWON  http://the-uncensored-wiki.com:20151/2015-wikipedia_en_all_2015-05/A/Kowon_Station.html (39.440N 127.249E)
#   BKL    station order and km of the Baranovsky-Khasan line [BKL above]
#   KAYA   https://perceptiode.com/%D0%9A%D0%B0%D1%8F_%28%D1%81%D1%82%D0%B0%D0%BD%D1%86%D0%B8%D1%8F%29 (Kaya 52°16'08"N 104°13'08"E)
#   CONFL  http://confluence.org/confluence.php?visitid=17639 (52N 104E lies 6.8 km ENE of Podkamennaya, by the line)
#   TANKH  https://perceptiode.com/%D0%A2%D0%B0%D0%BD%D1%85%D0%BE%D0%B9_%28%D1%81%D1%82%D0%B0%D0%BD%D1%86%D0%B8%D1%8F%29 (Tankhoy 51°33'17"N 105°06'43"E)
#   ZAUD   https://perceptioro.com/%D0%97%D0%B0%D1%83%D0%B4%D0%B8%D0%BD%D1%81%D0%BA%D0%B8%D0%B9_%28%D1%81%D1%82%D0%B0%D0%BD%D1%86%D0%B8%D1%8F%29 (Zaudinsky 51°49'26"N 107°40'48"E)
#   SONB   http://cryer.org.uk/Sonbong_station (Sonbong station 42.3527N 130.3794, the card's 'W' read as E)
#   BRIDGE https://qa.edu.vn/en/Korea%E2%80%93Russia_Friendship_Bridge (bridge 42°24'55"N 130°38'28"E)
#   TOLB   https://m.livejournal.com./read/user/periskop/1014511 (from Petrovsky Zavod the line runs almost due
#          south to the Khilok valley, then turns sharply east past Tolbaga)
"""
NOTE_MARK = "# Waypoints: each stop's `via`"

# (from, to, [(lat, lon, label)], extra note).  Label "" = unnamed bend point.  Westbound order.
SEGMENTS = [
    ("Pyongyang", "Hamhung", [
        (39.053, 125.726, "Sopyongyang [SOPY]"), (39.10, 125.77, "Sopo"), (39.17, 125.87, ""),
        (39.26, 125.92, "Sainjang"), (39.42, 125.93, "Sunchon"), (39.42, 126.15, "Sinchang"),
        (39.33, 126.40, "Jangnim"), (39.22, 126.63, "Yangdok"), (39.28, 126.85, ""),
        (39.35, 127.02, "Songnae"), (39.440, 127.249, "Kowon [KOWON]"), (39.53, 127.25, "Kumya"),
        (39.79, 127.38, "Jongpyong"),
    ], "order [PWL]; over the hills to the east coast, then north"),
    ("Hamhung", "Kilju", [
        (40.00, 127.78, ""), (40.03, 127.95, "Hongwon"), (40.04, 128.18, "Sinpo"),
        (40.10, 128.35, "Pukchong"), (40.22, 128.50, ""), (40.35, 128.66, "Riwon"),
        (40.46, 128.91, "Tanchon"), (40.56, 129.06, ""), (40.67, 129.19, "Kimchaek"),
    ], "along the coast"),
    ("Kilju", "Chongjin", [
        (41.08, 129.43, "Myongchon"), (41.25, 129.55, ""), (41.40, 129.64, "Orang"),
        (41.58, 129.61, "Kyongsong"), (41.71, 129.68, "Nanam"),
    ], "back to the coast at Nanam"),
    ("Chongjin", "Rajin", [
        (41.92, 129.88, "Chongam"), (42.06, 130.05, ""), (42.20, 130.25, ""),
    ], "Chongjin-Rajin line near the coast"),
    ("Rajin", "Hongui", [(42.3527, 130.3794, "Sonbong [SONB]")], "Sonbong station, on the line; whether the car calls there is not known"),
    ("Tumangang", "Khasan", [(42.4152, 130.6411, "Friendship Bridge [BRIDGE]")], "across the Tumen"),
    ("Khasan", "Baranovsky", [
        (42.55, 130.70, ""), (42.73, 130.80, "Makhalino"), (42.73, 130.94, "Gvozdevo"),
        (42.77, 131.08, "Sukhanovka"), (42.80, 131.24, "Ryazanovka"), (42.93, 131.37, "Bamburovo"),
        (43.02, 131.45, "Narva"), (43.10, 131.52, "Kedrovaya"), (43.15, 131.58, "Primorskaya"),
        (43.22, 131.63, "Barabashevka"), (43.27, 131.75, "Provalovo"), (43.35, 131.85, "Vinevitino"),
        (43.57, 131.90, "Olenevod"),
    ], "station order [BKL]; west shore of Amur Bay"),
    ("Ussuriysk", "Khabarovsk", [
        (44.21, 132.45, "Sibirtsevo"), (44.45, 132.65, ""), (44.60, 132.82, "Spassk-Dalny"),
        (44.92, 133.00, ""), (45.25, 133.25, "Shmakovka"), (45.47, 133.41, "Ruzhino/Lesozavodsk"),
        (45.93, 133.73, "Dalnerechensk"), (46.20, 133.95, ""), (46.47, 134.22, "Luchegorsk"),
        (46.82, 134.26, "Bikin"), (47.15, 134.55, ""), (47.53, 134.75, "Vyazemsky"),
        (47.88, 134.95, "Khor"), (48.20, 135.03, ""),
    ], "Ussuri valley"),
    ("Khabarovsk", "Birobidzhan", [
        (48.43, 134.99, "Amur bridge"), (48.48, 134.85, ""), (48.56, 134.55, "Volochayevka"),
        (48.60, 133.82, "Smidovich"), (48.68, 133.35, ""),
    ], ""),
    ("Birobidzhan", "Obluchye", [
        (48.95, 132.65, ""), (49.00, 132.45, "Bira"), (49.05, 131.98, "Londoko"),
        (49.00, 131.50, "Izvestkovy"),
    ], ""),
    ("Obluchye", "Arkhara", [(49.08, 130.75, ""), (49.25, 130.40, "")], "Khingan hills, Tarmanchukan tunnel"),
    ("Arkhara", "Belogorsk", [
        (49.60, 129.95, ""), (49.76, 129.85, "Bureya"), (50.11, 129.44, "Zavitaya"),
        (50.40, 129.10, ""), (50.65, 128.80, "Pozdeyevka"),
    ], ""),
    ("Belogorsk", "Skovorodino", [
        (51.38, 128.13, "Svobodny"), (51.68, 128.00, "Ledyanaya"), (52.00, 127.68, "Shimanovsk"),
        (52.40, 127.15, ""), (52.79, 126.48, "Ushumun"), (53.11, 126.35, "Tygda"),
        (53.45, 125.80, "Magdagachi"), (53.67, 124.82, "Taldan"), (53.97, 124.10, "Bolshoy Never"),
    ], "northward arc, well north of the Amur"),
    ("Skovorodino", "Mogocha", [
        (54.02, 123.40, ""), (54.05, 122.90, "Urusha"), (54.00, 122.40, ""),
        (53.96, 121.95, "Yerofey Pavlovich"), (53.90, 121.40, ""), (53.86, 120.88, "Amazar"),
        (53.80, 120.30, ""),
    ], ""),
    ("Mogocha", "Chita", [
        (53.56, 118.73, "Ksenyevskaya"), (53.30, 118.10, ""), (53.03, 117.52, "Zilovo"),
        (52.52, 117.01, "Chernyshevsk"), (52.25, 117.10, "Kuenga"), (51.93, 116.62, "Priiskovaya"),
        (51.85, 116.03, "Shilka"), (51.70, 115.50, "Onon"), (51.63, 114.90, ""),
        (51.62, 114.35, "Karymskaya"), (51.75, 113.98, "Darasun"), (51.93, 113.72, ""),
    ], ""),
    ("Chita", "Ulan-Ude", [
        (51.95, 113.05, ""), (51.87, 112.55, "Yablonovy pass"), (51.80, 112.20, ""),
        (51.74, 111.96, "Mogzon"), (51.55, 111.05, ""), (51.36, 110.46, "Khilok"),
        (51.30, 110.05, "Bada"), (51.17, 109.55, ""), (51.10, 109.15, "Tolbaga [TOLB]"),
        (51.13, 108.92, "Balyaga"), (51.27, 108.84, "Petrovsk-Zabaykalsky"), (51.45, 108.78, ""),
        (51.68, 108.68, "Novoilyinsky"), (51.83, 108.27, "Zaigraevo"), (51.92, 108.07, "Onokhoy"),
        (51.824, 107.680, "Zaudinsky [ZAUD]"),
    ], ""),
    ("Ulan-Ude", "Slyudyanka", [
        (51.92, 107.42, ""), (52.04, 107.25, "Ilyinka"), (52.11, 106.97, "Tataurovo"),
        (52.05, 106.75, "Selenga"), (51.98, 106.55, "Timlyui"), (51.98, 106.25, "Posolskaya"),
        (51.84, 106.06, "Boyarsky"), (51.71, 105.86, "Mysovaya/Babushkin"), (51.64, 105.55, "Mishikha"),
        (51.555, 105.112, "Tankhoy [TANKH]"), (51.50, 104.88, ""), (51.45, 104.65, "Vydrino"),
        (51.48, 104.38, "Solzan"), (51.52, 104.15, "Baikalsk"), (51.56, 104.03, "Utulik"),
        (51.62, 103.85, ""),
    ], "southern shore of Lake Baikal"),
    ("Slyudyanka", "Irkutsk", [
        (51.72, 103.70, "Kultuk"), (51.80, 103.79, ""), (51.88, 103.85, "Andrianovskaya"),
        (51.977, 103.908, "Podkamennaya [CONFL]"), (52.00, 104.00, "Tayozhnaya [CONFL]"),
        (52.08, 104.07, "Bolshoy Lug"), (52.16, 104.12, "Goncharovo"),
        (52.269, 104.219, "Kaya [KAYA]"),
    ], "over the hills"),
    ("Irkutsk", "Zima", [
        (52.38, 104.12, ""), (52.54, 103.89, "Angarsk"), (52.75, 103.64, "Usolye-Sibirskoye"),
        (52.95, 103.35, ""), (53.15, 103.07, "Cheremkhovo"), (53.36, 102.78, "Kutulik"),
        (53.56, 102.52, "Zalari"),
    ], ""),
    ("Zima", "Taishet", [
        (54.05, 101.88, ""), (54.34, 101.50, "Kuytun"), (54.56, 100.58, "Tulun"),
        (54.75, 99.80, ""), (54.90, 99.03, "Nizhneudinsk"), (55.25, 98.85, ""),
        (55.55, 98.66, "Alzamay"),
    ], ""),
    ("Taishet", "Krasnoyarsk", [
        (56.05, 97.60, ""), (56.16, 97.22, "Nizhnyaya Poyma"), (56.23, 96.07, "Ilanskaya"),
        (56.20, 95.70, "Kansk"), (55.96, 94.71, "Zaozyorny"), (55.81, 94.32, "Uyar"),
        (55.92, 93.70, ""), (56.00, 93.20, ""),
    ], ""),
    ("Krasnoyarsk", "Mariinsk", [
        (56.07, 92.62, ""), (56.10, 92.10, ""), (56.16, 91.60, ""), (56.16, 91.13, "Kozulka"),
        (56.27, 90.50, "Achinsk"), (56.21, 89.53, "Bogotol"), (56.12, 88.52, "Tyazhin"),
    ], ""),
    ("Mariinsk", "Tayga", [(56.19, 86.62, "Izhmorskaya"), (56.08, 86.04, "Anzhero-Sudzhensk")], ""),
    ("Tayga", "Novosibirsk", [
        (55.72, 84.88, "Yurga"), (55.67, 84.39, "Bolotnoye"), (55.45, 83.85, ""),
        (55.25, 83.35, ""), (55.10, 83.00, ""),
    ], ""),
    ("Novosibirsk", "Barabinsk", [
        (55.00, 82.60, ""), (55.02, 82.20, "Kochenevo"), (55.05, 81.55, ""),
        (55.10, 80.96, "Chulym"), (55.19, 80.28, "Kargat"), (55.30, 79.68, "Ubinskaya"),
        (55.33, 79.00, ""),
    ], ""),
    ("Barabinsk", "Omsk", [
        (55.33, 77.60, ""), (55.31, 76.78, "Chany"), (55.21, 75.98, "Tatarsk"),
        (55.12, 75.30, ""), (55.05, 74.58, "Kalachinsk"), (54.99, 74.10, "Kormilovka"),
    ], ""),
    ("Omsk", "Ishim", [
        (55.05, 73.05, ""), (55.15, 72.70, "Lyubinskaya"), (55.35, 72.00, ""),
        (55.57, 71.35, "Nazyvayevsk"), (55.85, 70.40, ""),
    ], ""),
    ("Ishim", "Tyumen", [
        (56.39, 68.37, "Golyshmanovo"), (56.48, 67.67, "Omutinsk"), (56.50, 66.55, "Zavodoukovsk"),
        (56.65, 66.30, "Yalutorovsk"), (56.90, 65.90, ""),
    ], ""),
    ("Tyumen", "Yekaterinburg", [
        (57.06, 64.65, "Tugulym"), (57.01, 63.73, "Talitsa"), (56.84, 62.71, "Kamyshlov"),
        (56.78, 62.05, "Bogdanovich"), (56.88, 61.45, ""), (56.87, 61.00, ""),
    ], ""),
    ("Yekaterinburg", "Perm", [
        (56.91, 60.35, ""), (56.91, 59.95, "Pervouralsk"), (56.97, 59.81, "Bilimbay/obelisk"),
        (57.03, 59.45, "Kuzino"), (57.12, 59.10, ""), (57.25, 58.74, "Shalya"),
        (57.33, 58.20, ""), (57.35, 57.65, ""), (57.37, 57.24, "Kishert"),
        (57.43, 56.95, "Kungur"), (57.65, 56.50, "Kukushtan"), (57.85, 56.25, ""),
    ], "winding line over the Urals"),
    ("Perm", "Balezino", [
        (58.05, 55.85, "Overyata"), (58.13, 55.15, "Mendeleevo"), (58.08, 54.66, "Vereshchagino"),
        (57.93, 53.55, "Chepsta"),
    ], ""),
    ("Glazov", "Kirov", [
        (58.25, 52.10, "Yar"), (58.36, 51.58, "Falenki"), (58.40, 51.15, "Zuevka"),
        (58.50, 50.55, ""), (58.55, 50.05, "Kirovo-Chepetsk"),
    ], ""),
    ("Kirov", "Kotelnich", [(58.52, 49.35, ""), (58.42, 48.85, "")], ""),
    ("Kotelnich", "Sharya", [
        (58.28, 47.52, "Svecha"), (58.30, 47.05, "Shabalino"), (58.35, 46.31, "Ponazyrevo"),
    ], ""),
    ("Sharya", "Galich", [
        (58.33, 44.76, "Manturovo"), (58.29, 43.87, "Neya"), (58.40, 43.00, "Antropovo"),
    ], ""),
    ("Galich", "Kostroma", [(58.15, 42.10, ""), (57.88, 41.71, "Sudislavl"), (57.80, 41.30, "")], ""),
    ("Kostroma", "Yaroslavl", [
        (57.62, 40.78, ""), (57.46, 40.57, "Nerekhta"), (57.55, 40.25, ""),
    ], "via Nerekhta"),
    ("Yaroslavl", "Aleksandrov", [
        (57.42, 39.70, ""), (57.31, 39.54, "Semibratovo"), (57.19, 39.42, "Rostov"),
        (57.01, 39.27, "Petrovsk"), (56.61, 38.56, "Berendeyevo"),
    ], "west of Pereslavl"),
    ("Aleksandrov", "Moscow Yaroslavsky", [
        (56.30, 38.13, "Sergiev Posad"), (56.25, 37.98, "Khotkovo"), (56.01, 37.85, "Pushkino"),
        (55.91, 37.73, "Mytishchi"),
    ], ""),
]


def fmt(x):
    s = f"{x:.3f}".rstrip("0")
    return s + "0" if s.endswith(".") else s


def comment(points, note):
    names = [p[2] for p in points if p[2]]
    has_src = any("[" in n for n in names)
    tag = "ESTIMATED (keyed points SOURCE, see header)" if has_src else "ESTIMATED"
    text = f"{tag}: " + (", ".join(names) if names else "bend points")
    if note:
        text += f"; {note}"
    return text


def via_lines(points, note):
    pairs = [f"[{fmt(lat)}, {fmt(lon)}]" for lat, lon, _ in points]
    c = comment(points, note)
    if len(pairs) <= 3:
        return [f"via = [{', '.join(pairs)}]  # {c}"]
    out = [f"via = [  # {c}"]
    for i in range(0, len(pairs), 4):
        out.append("  " + ", ".join(pairs[i:i + 4]) + ",")
    out.append("]")
    return out


def lookup(a, b):
    for frm, to, pts, note in SEGMENTS:
        if (frm, to) == (a, b):
            return pts, note
        if (frm, to) == (b, a):
            return list(reversed(pts)), note
    return None


def process(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    names = [s["name"] for s in tomllib.loads(text)["stops"]]
    lines = text.split("\n")

    # drop existing via (single or multi-line) inside [[stops]] blocks
    out, i = [], 0
    while i < len(lines):
        if re.match(r"\s*via\s*=", lines[i]):
            depth = lines[i].split("#")[0].count("[") - lines[i].split("#")[0].count("]")
            i += 1
            while depth > 0 and i < len(lines):
                code = lines[i].split("#")[0]
                depth += code.count("[") - code.count("]")
                i += 1
            continue
        out.append(lines[i])
        i += 1
    lines = out

    # header note
    if not any(l.startswith(NOTE_MARK) for l in lines):
        k = next(n for n, l in enumerate(lines) if l.startswith("# Legend:"))
        lines[k:k] = WAYPOINT_NOTE.rstrip("\n").split("\n") + ["#"]

    # insert via at the end of each stop block
    headers = [n for n, l in enumerate(lines) if l.strip() == "[[stops]]"]
    assert len(headers) == len(names)
    count = 0
    for idx in reversed(range(len(names) - 1)):
        seg = lookup(names[idx], names[idx + 1])
        if not seg:
            continue
        h = headers[idx]
        end = h + 1
        while end < len(lines) and lines[end].strip() and not lines[end].startswith("["):
            end += 1
        lines[end:end] = via_lines(*seg)
        count += len(seg[0])
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return count


if __name__ == "__main__":
    targets = sys.argv[1:] or [os.path.join(HERE, f) for f in FILES]
    for t in targets:
        print(f"{os.path.basename(t)}: {process(t)} waypoints")
