#!/usr/bin/python3
"""Keep a generated fragment of a markdown document equal to a program's output.

Usage: docs_fragment.py [--update] DOC NAME -- COMMAND [ARGS...]

Runs COMMAND and compares its standard output with the text of DOC between the lines
`<!-- begin: NAME -->` and `<!-- end: NAME -->`. Exits 0 when they are equal, 1 with a unified
diff when they differ (or the command fails), 2 on a usage error or missing markers. With
--update, rewrites DOC's fragment with the output instead. Standard library only.
"""

import difflib
import subprocess
import sys


def main(argv):
    update = False
    if argv and argv[0] == "--update":
        update = True
        argv = argv[1:]
    if len(argv) < 4 or argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    doc, name, command = argv[0], argv[1], argv[3:]
    begin, end = "<!-- begin: %s -->\n" % name, "<!-- end: %s -->" % name
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    b = text.find(begin)
    e = text.find(end, b + len(begin)) if b >= 0 else -1
    if b < 0 or e < 0:
        print("%s: no fragment markers for %r" % (doc, name), file=sys.stderr)
        return 2
    run = subprocess.run(command, stdout=subprocess.PIPE, check=False)
    if run.returncode != 0:
        print("%s exited with %d" % (command[0], run.returncode), file=sys.stderr)
        return 1
    fresh = run.stdout.decode("utf-8")
    if fresh and not fresh.endswith("\n"):
        fresh += "\n"
    current = text[b + len(begin):e]
    if current == fresh:
        return 0
    if update:
        with open(doc, "w", encoding="utf-8") as f:
            f.write(text[:b + len(begin)] + fresh + text[e:])
        print("updated %s: %s" % (doc, name))
        return 0
    sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), fresh.splitlines(True),
                                               "%s (%s)" % (doc, name), " ".join(command)))
    print("\n%s: fragment %r differs from the program's output; regenerate with --update" % (doc, name))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
