#!/usr/bin/python3
"""Check that every SVG file named on the command line is well-formed XML with an <svg> root.

Usage: check_svg.py FILE.svg [FILE.svg ...]

Exits 0 if all files pass, 1 if any file is missing, malformed or has no SVG root element,
and 2 on a usage error. Standard library only (xml.etree.ElementTree).
"""

import sys
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"


def check(path):
    """Return None if `path` is a well-formed SVG document, else a description of the problem."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return "malformed XML: %s" % e
    except OSError as e:
        return "cannot read: %s" % e
    if root.tag == "{%s}svg" % SVG_NS:
        return None
    if root.tag == "svg":
        return "root <svg> lacks xmlns=\"%s\"" % SVG_NS
    return "root element is <%s>, not <svg>" % root.tag


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: %s FILE.svg [FILE.svg ...]\n" % argv[0])
        return 2
    failed = 0
    for path in argv[1:]:
        problem = check(path)
        if problem is None:
            print("ok: %s" % path)
        else:
            failed += 1
            print("FAIL: %s: %s" % (path, problem), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
