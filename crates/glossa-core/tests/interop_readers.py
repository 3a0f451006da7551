"""Independent readers of Glossa's CSV and brat exports, run by
interop_roundtrip.rs: pandas for the CSV, and Python's own line splitting
(what brat's reader does) for the .ann.

Usage: interop_readers.py DIR, where DIR holds export.csv, export.txt,
export.ann and expected.json (a list of {start, end, tag, note, speaker,
cue} in the CSV's row order). Prints what differs and exits 1, or prints OK.
"""

import json
import re
import sys
from pathlib import Path

import pandas as pd

GUARD = re.compile(r"^'(?='*[=+\-@\t\r])")


def unguard(value: str) -> str:
    """The documented fix-up: one leading ' off when a guarded field follows."""
    return GUARD.sub("", value, count=1)


def main() -> int:
    d = Path(sys.argv[1])
    expected = json.loads((d / "expected.json").read_text(encoding="utf-8"))
    problems = []

    df = pd.read_csv(
        d / "export.csv",
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    if len(df) != len(expected):
        problems.append(f"CSV: {len(df)} rows, expected {len(expected)}")
    for i, (row, want) in enumerate(zip(df.to_dict("records"), expected)):
        for key in ("tag", "note", "speaker", "cue"):
            got = unguard(row[key])
            if got != want[key]:
                problems.append(f"CSV row {i + 1} {key}: {got!r} != {want[key]!r}")
        for key in ("start", "end"):
            if int(unguard(row[key])) != want[key]:
                problems.append(f"CSV row {i + 1} {key}: {row[key]} != {want[key]}")

    with open(d / "export.txt", encoding="utf-8", newline="") as f:
        text = f.read()
    ann = (d / "export.ann").read_text(encoding="utf-8")
    lines = ann.splitlines()
    if len(lines) != ann.count("\n"):
        problems.append(
            f"brat: Python splits the .ann into {len(lines)} lines, "
            f"Glossa wrote {ann.count(chr(10))}"
        )
    t_lines = [l for l in lines if l.startswith("T")]
    if len(t_lines) != len(expected):
        problems.append(f"brat: {len(t_lines)} T lines, expected {len(expected)}")
    for line in t_lines:
        ident, what, quoted = line.split("\t", 2)
        kind, offsets = what.split(" ", 1)
        pieces = []
        for frag in offsets.split(";"):
            s, e = (int(x) for x in frag.split())
            pieces.append(text[s:e])
        if " ".join(pieces) != quoted:
            problems.append(f"brat {ident}: {' '.join(pieces)!r} != {quoted!r}")
    for line in lines:
        if line.startswith("#"):
            ident, head, body = line.split("\t", 2)
            if not head.startswith("AnnotatorNotes T"):
                problems.append(f"brat {ident}: {head!r}")

    for p in problems:
        print(p)
    if problems:
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
