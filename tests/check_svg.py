#!/usr/bin/python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Check that examples/pictures.py draws reproducible, well-formed SVG, and that the committed
pictures in docs/ are what it draws from this build's CSV files.

Usage: check_svg.py twice   PICTURES_PY CSV_DIR WORK_DIR
       check_svg.py current PICTURES_PY CSV_DIR WORK_DIR DOCS_DIR

`twice` draws the pictures into WORK_DIR/a and WORK_DIR/b (two processes, so two different
default hash salts and two clocks) and requires the same bytes, six files, each well-formed XML
with an <svg> root and without a date. `current` draws them once and requires that DOCS_DIR holds
the same bytes (else: run `cmake --build <build> --target pictures_update`); it exits 77 (CTest:
skipped) when the committed pictures were drawn by another matplotlib version, whose output may
differ in every byte. Exit status 1 on a failed check, 2 on a usage error. Standard library only
(the drawing itself needs matplotlib).
"""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
NAMES = ["loss_curves", "decision_stuck", "decision_fixed", "hidden_stuck", "hidden_fixed", "hidden_cell1"]
SKIP = 77


def draw(script, csv_dir, out_dir):
    """Runs the plotting script; returns {name: bytes}."""
    subprocess.run([sys.executable, script, csv_dir, out_dir], check=True, stdout=subprocess.DEVNULL)
    return read_all(out_dir)


def read_all(folder):
    out = {}
    for name in NAMES:
        with open(os.path.join(folder, name + ".svg"), "rb") as f:
            out[name] = f.read()
    return out


def problems(name, data):
    """What is wrong with one SVG document, if anything."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        return ["%s.svg: malformed XML: %s" % (name, e)]
    found = []
    if root.tag != "{%s}svg" % SVG_NS:
        found.append("%s.svg: root element is %s, not <svg>" % (name, root.tag))
    if re.search(rb"<dc:date>", data):
        found.append("%s.svg: carries a date (savefig metadata {'Date': None} missing)" % name)
    return found


def creator(data):
    """The matplotlib version named in an SVG's metadata, or None."""
    m = re.search(rb"Matplotlib v([0-9][^,<]*)", data)
    return m.group(1).decode() if m else None


def main(argv):
    if len(argv) == 5 and argv[1] == "twice":
        script, csv_dir, work = argv[2:]
        a = draw(script, csv_dir, os.path.join(work, "a"))
        b = draw(script, csv_dir, os.path.join(work, "b"))
        failed = [p for name in NAMES for p in problems(name, a[name])]
        failed += ["%s.svg: two runs drew different bytes (%d and %d bytes)" % (n, len(a[n]), len(b[n]))
                   for n in NAMES if a[n] != b[n]]
        for f in failed:
            print("FAIL: %s" % f, file=sys.stderr)
        if not failed:
            print("ok: two runs drew the same %d well-formed SVG files (%d bytes)" % (
                len(NAMES), sum(len(v) for v in a.values())))
        return 1 if failed else 0
    if len(argv) == 6 and argv[1] == "current":
        script, csv_dir, work, docs = argv[2:]
        try:
            committed = read_all(docs)
        except OSError as e:
            print("FAIL: %s" % e, file=sys.stderr)
            return 1
        drawn = draw(script, csv_dir, os.path.join(work, "current"))
        theirs, ours = creator(committed[NAMES[0]]), creator(drawn[NAMES[0]])
        if theirs != ours:
            print("skipped: docs/ was drawn by matplotlib %s, this is %s" % (theirs, ours))
            return SKIP
        stale = [n for n in NAMES if committed[n] != drawn[n]]
        for n in stale:
            print("FAIL: %s/%s.svg differs from what examples/pictures.py draws from this build "
                  "(cmake --build <build> --target pictures_update)" % (docs, n), file=sys.stderr)
        if not stale:
            print("ok: the %d pictures in %s are current" % (len(NAMES), docs))
        return 1 if stale else 0
    sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
