#!/usr/bin/env python3
"""Times pySBD and glossa-cli on the same paragraphs of one article.

Both tools get exactly the same input: the article's paragraphs (blocks of
non-blank lines, without the categories line, the title and the
`Source : ...` line), one call per paragraph. pySBD runs as
`pysbd.Segmenter(language="en", clean=False, char_span=False)`; Glossa's time
is the one `glossa-cli split --time` measures inside the process around
`segment::split` over the same paragraphs (file reading, layout parsing and
JSON output excluded, as they are for pySBD).

pySBD is slow, so it runs over the paragraphs in order until it has done them
all or spent --pysbd-budget seconds; its throughput is measured on the prefix
it finished, and the script says so. Sentence counts are reported for that
same prefix for both tools, and for the whole article for Glossa.
"""

import argparse
import json
import subprocess
import sys
import time


def paragraphs_of(text):
    """Blocks of non-blank lines, like glossa_core::article (layout articles)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks, cur = [], []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    texts = ["\n".join(b).strip() for b in blocks]
    if texts and texts[-1].startswith("Source") and len(blocks[-1]) == 1:
        texts = texts[:-1]
    # Categories line and title.
    return texts[2:]


def parse_time_line(stderr):
    for line in stderr.splitlines():
        if line.startswith("glossa-cli time:"):
            return dict(kv.split("=", 1) for kv in line.split()[2:])
    sys.exit("pysbd_bench: glossa-cli printed no time line:\n" + stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("article")
    ap.add_argument("--cli", required=True, help="path to the release glossa-cli")
    ap.add_argument("--pysbd-budget", type=float, default=120.0,
                    help="seconds pySBD may run before the prefix is cut (default 120)")
    args = ap.parse_args()

    with open(args.article, encoding="utf-8") as f:
        text = f.read()
    paragraphs = paragraphs_of(text)
    total_bytes = sum(len(p.encode("utf-8")) for p in paragraphs)

    # Glossa: JSON for the sentence counts, --time for the segmentation time.
    t0 = time.perf_counter()
    run = subprocess.run([args.cli, "split", "--time", args.article],
                         capture_output=True, check=True)
    wall = time.perf_counter() - t0
    doc = json.loads(run.stdout)
    timing = parse_time_line(run.stderr.decode("utf-8"))
    glossa_paragraphs = doc["paragraphs"]
    if len(glossa_paragraphs) != len(paragraphs) or int(timing["paragraph_bytes"]) != total_bytes:
        sys.exit("pysbd_bench: glossa-cli and this script disagree on the paragraphs "
                 f"({len(glossa_paragraphs)} vs {len(paragraphs)} paragraphs, "
                 f"{timing['paragraph_bytes']} vs {total_bytes} bytes)")
    glossa_secs = float(timing["segment_seconds"])
    glossa_mbps = total_bytes / glossa_secs / 1e6
    glossa_sentences = sum(len(p) for p in glossa_paragraphs)

    # pySBD, paragraph by paragraph, within the time budget.
    import pysbd
    seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
    done_bytes = 0
    py_sentences = 0
    agree = 0
    k = 0
    t0 = time.perf_counter()
    for k, p in enumerate(paragraphs, start=1):
        out = seg.segment(p)
        py_sentences += len(out)
        done_bytes += len(p.encode("utf-8"))
        mine = [s["text"] for s in glossa_paragraphs[k - 1]]
        if [s.strip() for s in out] == mine:
            agree += 1
        if time.perf_counter() - t0 > args.pysbd_budget:
            break
    py_secs = time.perf_counter() - t0
    py_mbps = done_bytes / py_secs / 1e6
    glossa_prefix_sentences = sum(len(p) for p in glossa_paragraphs[:k])

    full = k == len(paragraphs)
    print()
    print(f"Article: {args.article}: {len(text.encode('utf-8'))} bytes, "
          f"{len(paragraphs)} paragraphs, {total_bytes} bytes of paragraph text")
    print("Both tools split the same paragraphs, one call per paragraph.")
    if not full:
        print(f"pySBD measured on a prefix: the first {k} paragraphs, {done_bytes} bytes "
              f"(it ran out of its {args.pysbd_budget:.0f} s budget).")
    print(f"  Glossa (segment::split, timed in glossa-cli): {glossa_mbps:10.1f} MB/s "
          f"({glossa_secs * 1000:.1f} ms for {total_bytes} bytes; whole CLI run incl. "
          f"JSON {wall:.2f} s)")
    print(f"  pySBD {pysbd_version(pysbd)}:                          {py_mbps:10.3f} MB/s "
          f"({py_secs:.1f} s for {done_bytes} bytes)")
    print(f"  Ratio Glossa / pySBD:                        {glossa_mbps / py_mbps:10.0f}x")
    scope = "whole article" if full else f"first {k} paragraphs"
    print(f"  Sentences ({scope}): Glossa {glossa_prefix_sentences}, pySBD {py_sentences}; "
          f"identical splits in {agree} of {k} paragraphs")
    if not full:
        print(f"  Sentences (whole article): Glossa {glossa_sentences}")


def pysbd_version(pysbd):
    return getattr(pysbd, "__version__", "")


if __name__ == "__main__":
    main()
