#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Runs a classification example (examples/iris.cpp, examples/digits.cpp) and checks what it
prints and writes. Standard library only.

usage: classification_check.py [--min-accuracy P] [--csv FILE] -- PROGRAM [ARGS...]
  --min-accuracy P  the printed `test accuracy: NN.N%` must be >= P (percent)
  --csv FILE        the loss curve the program wrote must be sane: the expected header, epochs
                    1, 2, ... up to the printed `epochs run`, every number finite, losses >= 0,
                    accuracies in [0, 1], and the test accuracy of the epoch whose weights the
                    network holds equal to the printed one (to the printed 0.1%)
Exit status 0 when every check passes; each failure is printed.
"""

import csv
import math
import re
import subprocess
import sys

HEADER = ["epoch", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "test_accuracy"]


def fail(message):
    print("FAIL:", message)
    return 1


def check_csv(path, printed_accuracy, epochs_run, final_epoch):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != HEADER:
        return fail("%s: header %r, expected %r" % (path, rows[0] if rows else None, HEADER))
    body = rows[1:]
    if len(body) != epochs_run:
        return fail("%s: %d epochs, the program ran %d" % (path, len(body), epochs_run))
    final_row = None
    for k, row in enumerate(body, start=1):
        if len(row) != len(HEADER):
            return fail("%s line %d: %d fields" % (path, k + 1, len(row)))
        if int(row[0]) != k:
            return fail("%s line %d: epoch %s, expected %d (epochs must count 1, 2, ...)" % (path, k + 1, row[0], k))
        values = [float(v) for v in row[1:]]
        if not all(math.isfinite(v) for v in values):
            return fail("%s epoch %d: a value is not finite: %r" % (path, k, row))
        train_loss, train_acc, val_loss, val_acc, test_acc = values
        if train_loss < 0 or val_loss < 0:
            return fail("%s epoch %d: a negative loss: %r" % (path, k, row))
        if not all(0.0 <= a <= 1.0 for a in (train_acc, val_acc, test_acc)):
            return fail("%s epoch %d: an accuracy outside [0, 1]: %r" % (path, k, row))
        if k == final_epoch:
            final_row = values
    if final_row is None:
        return fail("%s: no row for epoch %d, whose weights the network holds" % (path, final_epoch))
    if abs(100.0 * final_row[4] - printed_accuracy) > 0.05 + 1e-9:
        return fail("%s: test accuracy of epoch %d is %.4f%%, the program printed %.1f%%"
                    % (path, final_epoch, 100.0 * final_row[4], printed_accuracy))
    first, last = float(body[0][1]), float(body[final_epoch - 1][1])
    print("loss curve OK: %d epochs, train loss %.4f -> %.4f, test accuracy %.1f%% at epoch %d"
          % (len(body), first, last, 100.0 * final_row[4], final_epoch))
    return 0


def main(argv):
    if "--" not in argv:
        print(__doc__)
        return 2
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1:]
    min_accuracy, csv_path = None, None
    while options:
        name = options.pop(0)
        if name == "--min-accuracy":
            min_accuracy = float(options.pop(0))
        elif name == "--csv":
            csv_path = options.pop(0)
        else:
            print("unknown option", name)
            return 2
    run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sys.stdout.write(run.stdout)
    if run.returncode != 0:
        return fail("%s exited with status %d" % (command[0], run.returncode))
    accuracy = re.findall(r"^test accuracy: ([0-9]+\.[0-9])%", run.stdout, re.M)
    epochs = re.findall(r"^epochs run: ([0-9]+); the network holds the weights of epoch ([0-9]+)$", run.stdout, re.M)
    if len(accuracy) != 1 or len(epochs) != 1:
        return fail("expected one `test accuracy: NN.N%` line and one `epochs run: ...` line")
    printed = float(accuracy[0])
    status = 0
    if min_accuracy is not None:
        if printed < min_accuracy:
            status = fail("test accuracy %.1f%% is below %.1f%%" % (printed, min_accuracy))
        else:
            print("test accuracy %.1f%% >= %.1f%%" % (printed, min_accuracy))
    if csv_path is not None:
        status |= check_csv(csv_path, printed, int(epochs[0][0]), int(epochs[0][1]))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
