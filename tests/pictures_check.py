#!/usr/bin/python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Check the numbers behind the pictures of docs/backpropagation.md: the CSV files that
examples/pictures writes (columns described at the top of examples/pictures.cpp).

Usage: pictures_check.py CSV_DIR SEED_NUMPY_TXT
       pictures_check.py --self-test CSV_DIR SEED_NUMPY_TXT

The first form checks that the files have the expected shape, agree with the independent NumPy
rerun of the seed notebook (tests/fixtures/seed_numpy.txt) where it has the same numbers, agree
with each other, and show what docs/backpropagation.md says each picture shows. Exit status 0
when every check passes, 1 otherwise (each failure printed), 2 on a usage error.

--self-test first requires every check to pass, then changes one number at a time in memory (a
loss, a hidden unit, a prediction, a flag, a grid value, a row dropped) and requires that the
check meant to see it fails: every check can fail. Standard library only.
"""

import copy
import csv
import math
import os
import sys

# Relative tolerance against the NumPy rerun. The CSVs hold ctmlp's doubles exactly (shortest
# round-trip text); NumPy's BLAS sums the 2- and 4-term dot products in another order, so the
# last bits may differ (tests/compare_seed_output.py uses the same bound for the same reason).
NUMPY_REL = 1e-12
# Relative tolerance between two files written from the same doubles by the same program: the
# values are the same computation (or the same sum in the same order), so only the last ulp or
# two of a mean may differ.
SAME_REL = 1e-14

SNAPSHOTS = [0, 10, 100, 300, 1000, 10000]
INPUTS = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
TARGETS = [0.0, 1.0, 1.0, 0.0]
RUNS = ["stuck", "dead", "wide", "fixed"]
GRID = [(i - 20) / 40.0 for i in range(81)]  # the decision grid, as examples/pictures.cpp makes it


def close(a, b, rel):
    return abs(a - b) <= rel * max(abs(a), abs(b))


def number(text):
    try:
        return float(text)
    except ValueError:
        return text


def load(csv_dir):
    """Every CSV file of csv_dir as {name: {"header": [...], "rows": [{column: value}]}}."""
    data = {}
    for name in ["runs", "loss_curves", "decision_stuck", "decision_fixed", "hidden_cell1"] + \
            ["hidden_" + r for r in RUNS]:
        with open(os.path.join(csv_dir, name + ".csv"), newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            rows = [dict(zip(header, (number(v) for v in row))) for row in reader]
            for k, row in enumerate(rows):
                if len(row) != len(header):
                    raise ValueError("%s.csv row %d: %d fields, header has %d" % (name, k + 2, len(row), len(header)))
        data[name] = {"header": header, "rows": rows}
    return data


def load_numpy(path):
    """The records of tests/fixtures/seed_numpy.txt that the pictures share."""
    fx = {"cell1": {}, "cell2_loss": {}}
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            if w[0] == "cell1" and w[1] == "iter" and w[3] == "sample":
                fx["cell1"].setdefault((int(w[2]), int(w[4])), {})[w[5]] = [float(v) for v in w[6:]]
            elif w[0] == "cell2" and w[1] == "epoch":
                fx["cell2_loss"][int(w[2])] = float(w[4])
            elif w[0] == "cell2" and w[1] in ("init", "final"):
                fx["cell2 %s %s" % (w[1], w[2])] = [float(v) for v in w[3:]]
            elif w[0] == "cell2" and w[1] == "output":
                fx["cell2 output"] = [float(v) for v in w[2:]]
    return fx


def rows_at(table, time_name, time):
    """The four rows of a hidden_* table at one epoch/iteration, as {input: row}."""
    return {(r["x1"], r["x2"]): r for r in table["rows"] if r[time_name] == time}


def units(table):
    return [c for c in table["header"] if c.startswith("h") and c[1:].isdigit()]


def right_side(prediction, target):
    return prediction > 0.5 if target > 0.5 else prediction < 0.5


def grid_value(table, x1, x2):
    i, j = GRID.index(x1), GRID.index(x2)
    return table["rows"][j * 81 + i]["prediction"]


def crossings(values):
    """How often a sequence crosses 0.5."""
    sides = [v > 0.5 for v in values]
    return sum(1 for a, b in zip(sides, sides[1:]) if a != b)


# ---- the checks: each yields a description of every failure ------------------------------------

def check_shape(d, fx):
    """Every file has its columns and its number of points."""
    want = {"runs": ["run", "hidden", "activation", "init", "learning_rate", "epochs", "final_loss", "solved"],
            "loss_curves": ["epoch"] + RUNS,
            "decision_stuck": ["x1", "x2", "prediction"], "decision_fixed": ["x1", "x2", "prediction"]}
    for name, header in want.items():
        if d[name]["header"] != header:
            yield "%s.csv: columns %s, expected %s" % (name, d[name]["header"], header)
    if [r["run"] for r in d["runs"]["rows"]] != RUNS:
        yield "runs.csv: runs %s, expected %s" % ([r["run"] for r in d["runs"]["rows"]], RUNS)
    epochs = [r["epoch"] for r in d["loss_curves"]["rows"]]
    if epochs != [float(e) for e in range(10001)]:
        yield "loss_curves.csv: %d rows with epochs %s..%s, expected 10,001 rows, epochs 0..10000 in order" % (
            len(epochs), epochs[:1], epochs[-1:])
    for name in ("decision_stuck", "decision_fixed"):
        coords = [(r["x1"], r["x2"]) for r in d[name]["rows"]]
        if coords != [(x1, x2) for x2 in GRID for x1 in GRID]:
            yield "%s.csv: %d points, expected the 81 x 81 grid (i - 20) / 40, x1 inner" % (name, len(coords))
    runs = {r["run"]: r for r in d["runs"]["rows"]}
    for name, time_name, times, n_units in [("hidden_%s" % r, "epoch", SNAPSHOTS, runs.get(r, {}).get("hidden"))
                                            for r in RUNS] + [("hidden_cell1", "iteration", list(range(10)), 4)]:
        t = d[name]
        hs = ["h%d" % (j + 1) for j in range(int(n_units or 0))]
        cols = [time_name, "x1", "x2", "target"] + hs + ["prediction"]
        if t["header"] != cols:
            yield "%s.csv: columns %s, expected %s" % (name, t["header"], cols)
        got = [(r[time_name], r["x1"], r["x2"], r["target"]) for r in t["rows"]]
        expected = [(float(e), x[0], x[1], y) for e in times for x, y in zip(INPUTS, TARGETS)]
        if got != expected:
            yield "%s.csv: %d rows, expected the four XOR inputs and targets at %s %s" % (
                name, len(got), time_name, times)
    for name, t in d.items():
        for k, r in enumerate(t["rows"]):
            bad = [c for c, v in r.items() if isinstance(v, float) and not math.isfinite(v)]
            if bad:
                yield "%s.csv row %d: non-finite %s" % (name, k + 2, bad)
                break


def check_notebook(d, fx):
    """The numbers the NumPy rerun of the notebook also has agree with it (NUMPY_REL)."""
    loss = {int(r["epoch"]): r["stuck"] for r in d["loss_curves"]["rows"]}
    for epoch, want in sorted(fx["cell2_loss"].items()):
        if not close(loss.get(epoch, math.nan), want, NUMPY_REL):
            yield "loss_curves.csv stuck, epoch %d: %r, the NumPy rerun prints %r" % (epoch, loss.get(epoch), want)
    # Cell 2's hidden layer from the rerun's initial and final parameters: relu(x . W + b).
    for epoch, when in ((0, "init"), (10000, "final")):
        w, b = fx["cell2 %s weights_input_hidden" % when], fx["cell2 %s bias_hidden" % when]
        at = rows_at(d["hidden_stuck"], "epoch", epoch)
        for x in INPUTS:
            for j in range(2):
                want = max(0.0, x[0] * w[j] + x[1] * w[2 + j] + b[j])
                got = at.get(x, {}).get("h%d" % (j + 1), math.nan)
                if not close(got, want, NUMPY_REL):
                    yield "hidden_stuck.csv epoch %d input %s h%d: %r, the NumPy rerun gives %r" % (
                        epoch, x, j + 1, got, want)
    final = rows_at(d["hidden_stuck"], "epoch", 10000)
    for x, want in zip(INPUTS, fx["cell2 output"]):
        got = final.get(x, {}).get("prediction", math.nan)
        if not close(got, want, NUMPY_REL):
            yield "hidden_stuck.csv final prediction for %s: %r, the NumPy rerun prints %r" % (x, got, want)
    for (it, s), rec in sorted(fx["cell1"].items()):
        row = rows_at(d["hidden_cell1"], "iteration", it).get(INPUTS[s], {})
        got = [row.get("h%d" % (j + 1), math.nan) for j in range(4)] + [row.get("prediction", math.nan)]
        if not all(close(g, w, NUMPY_REL) for g, w in zip(got, rec["layer_1"] + rec["layer_2"])):
            yield "hidden_cell1.csv iteration %d input %s: %r, the NumPy rerun gives %r" % (
                it, INPUTS[s], got, rec["layer_1"] + rec["layer_2"])


def check_runs(d, fx):
    """runs.csv agrees with the curves and the final hidden layers (SAME_REL)."""
    last = d["loss_curves"]["rows"][-1]
    for run in d["runs"]["rows"]:
        name = run["run"]
        final = rows_at(d["hidden_" + name], "epoch", 10000)
        preds = [final.get(x, {}).get("prediction", math.nan) for x in INPUTS]
        mse = sum((p - y) ** 2 for p, y in zip(preds, TARGETS)) / 4
        final_loss = run["final_loss"]
        if not (close(final_loss, last.get(name, math.nan), SAME_REL) and close(final_loss, mse, SAME_REL)):
            yield "%s: final_loss %r, last loss %r, mean (prediction - target)^2 %r" % (
                name, run["final_loss"], last.get(name), mse)
        solved = all(right_side(p, y) for p, y in zip(preds, TARGETS))
        if run["solved"] != (1.0 if solved else 0.0):
            yield "%s: solved = %r, but the final predictions %r say %s" % (name, run["solved"], preds, solved)
        if run["epochs"] != 10000.0:
            yield "%s: %r epochs, expected 10000" % (name, run["epochs"])


def check_stuck(d, fx):
    """Cell 2 (the pictures' "stuck" run) is a sigmoid of a linear function stuck at loss 0.25."""
    loss = [r["stuck"] for r in d["loss_curves"]["rows"]]
    # A sigmoid of a linear function cannot do better than ŷ = 0.5 everywhere on XOR (loss 0.25):
    # a value below 0.25 would mean the network bent, which the document says it never does.
    low = min(range(len(loss)), key=lambda e: loss[e])
    if loss[low] < 0.25:
        yield "stuck loss %r at epoch %d is below 0.25" % (loss[low], low)
    # "flat at 0.25": within 2e-4 from epoch 1000 (the rerun prints 0.250132 there) and within
    # 1e-5 at the end (the document prints 0.25001..., the run ends at 0.2500088).
    high = max(range(1000, len(loss)), key=lambda e: loss[e]) if len(loss) > 1000 else None
    if high is None or loss[high] > 0.2502:
        yield "stuck loss leaves [0.25, 0.2502] after epoch 1000: %r at epoch %s" % (
            loss[high] if high else None, high)
    if not loss[-1] < 0.25001:
        yield "stuck final loss %r, expected below 0.25001" % loss[-1]
    t = d["hidden_stuck"]
    for epoch in SNAPSHOTS:
        at = rows_at(t, "epoch", epoch)
        for x, r in at.items():
            # Every unit on for every input, far from the kink: the smallest output the run ever
            # shows is 0.195 ([0,0], unit 2); 0.1 leaves room without allowing a unit to turn off.
            for c in units(t):
                if not r[c] > 0.1:
                    yield "hidden_stuck.csv epoch %d input %s: %s = %r, expected every unit on (> 0.1)" % (
                        epoch, x, c, r[c])
        # Both units are linear, so the four points are an affine image of the square: a
        # parallelogram, h(1,1) - h(0,1) = h(1,0) - h(0,0), up to rounding.
        if len(at) == 4:
            for c in units(t):
                a = at[(1.0, 1.0)][c] - at[(0.0, 1.0)][c]
                b = at[(1.0, 0.0)][c] - at[(0.0, 0.0)][c]
                if abs(a - b) > 1e-12:
                    yield "hidden_stuck.csv epoch %d %s: not a parallelogram (%r vs %r)" % (epoch, c, a, b)
    final = rows_at(t, "epoch", 10000)
    preds = [final.get(x, {}).get("prediction", math.nan) for x in INPUTS]
    # "a few thousandths from 0.5", rounding to [0, 0, 1, 1] as the notebook printed.
    if not all(abs(p - 0.5) < 0.01 for p in preds) or [round(p) for p in preds] != [0, 0, 1, 1]:
        yield "stuck final predictions %r: expected within 0.01 of 0.5, rounding to [0, 0, 1, 1]" % preds
    # The picture: "an almost white surface": within 0.01 of 0.5 over the data square.
    inside = [r["prediction"] for r in d["decision_stuck"]["rows"] if 0 <= r["x1"] <= 1 and 0 <= r["x2"] <= 1]
    if not inside or max(abs(p - 0.5) for p in inside) >= 0.01:
        yield "decision_stuck.csv: ŷ leaves 0.5 ± 0.01 inside [0,1]²"
    # One straight contour: the anti-diagonal x1 + x2 = 1 crosses 0.5 at most once.
    anti = [grid_value(d["decision_stuck"], GRID[i], GRID[80 - i]) for i in range(81)]
    if crossings(anti) > 1:
        yield "decision_stuck.csv: the line x1 + x2 = 1 crosses 0.5 %d times, expected at most once" % crossings(anti)


def check_dead(d, fx):
    """The "dead" run: both units off for [0,0] and [0,1], which then get ŷ ≈ 0.5; loss 0.125."""
    final_loss = d["loss_curves"]["rows"][-1]["dead"]
    # Two inputs at ŷ = 0.5 cost (0.5² + 0.5²) / 4 = 0.125; the other two are nearly right.
    if not 0.125 <= final_loss < 0.1251:
        yield "dead final loss %r, expected in [0.125, 0.1251)" % final_loss
    final = rows_at(d["hidden_dead"], "epoch", 10000)
    for x in ((0.0, 0.0), (0.0, 1.0)):
        r = final.get(x, {})
        if any(r.get(c) != 0.0 for c in units(d["hidden_dead"])):
            yield "hidden_dead.csv final, input %s: %r, expected every unit off (exactly 0)" % (x, r)
    a, b = final.get((0.0, 0.0), {}).get("prediction"), final.get((0.0, 1.0), {}).get("prediction")
    # With every unit off, both inputs see only the output bias: the same ŷ, bit for bit.
    if a is None or a != b or abs(a - 0.5) > 1e-3:
        yield "hidden_dead.csv final predictions for [0,0], [0,1]: %r, %r; expected equal and 0.5 ± 1e-3" % (a, b)
    for x, y in (((1.0, 0.0), 1.0), ((1.0, 1.0), 0.0)):
        p = final.get(x, {}).get("prediction", math.nan)
        if not right_side(p, y):
            yield "hidden_dead.csv final prediction for %s: %r, expected on the side of target %r" % (x, p, y)


def check_solved(d, fx):
    """The two solved runs: loss below 1e-3, every prediction within 0.05 of its target."""
    for name in ("wide", "fixed"):
        final_loss = d["loss_curves"]["rows"][-1][name]
        if not final_loss < 1e-3:
            yield "%s final loss %r, expected below 1e-3" % (name, final_loss)
        final = rows_at(d["hidden_" + name], "epoch", 10000)
        for x, y in zip(INPUTS, TARGETS):
            p = final.get(x, {}).get("prediction", math.nan)
            if not abs(p - y) < 0.05:
                yield "%s final prediction for %s: %r, target %r" % (name, x, p, y)


def check_fixed(d, fx):
    """The fixed run's pictures: a diagonal band of ŷ < 0.5; [0,0] and [1,1] pulled together."""
    g = d["decision_fixed"]
    final = rows_at(d["hidden_fixed"], "epoch", 10000)
    for x, y in zip(INPUTS, TARGETS):
        p = grid_value(g, *x)
        # The grid and the hidden table are the same network on the same input.
        if not right_side(p, y) or p != final.get(x, {}).get("prediction"):
            yield "decision_fixed.csv at %s: %r, expected the side of target %r and hidden_fixed's %r" % (
                x, p, y, final.get(x, {}).get("prediction"))
    anti = [grid_value(g, GRID[i], GRID[80 - i]) for i in range(81)]
    if crossings(anti) != 2:
        yield "decision_fixed.csv: the line x1 + x2 = 1 crosses 0.5 %d times, expected twice (a band)" % (
            crossings(anti))
    diagonal = [grid_value(g, GRID[i], GRID[i]) for i in range(20, 61)]
    if not all(p < 0.5 for p in diagonal):
        yield "decision_fixed.csv: ŷ >= 0.5 on the diagonal x1 = x2 inside [0,1]²"

    def dist(a, b):
        return math.hypot(a["h1"] - b["h1"], a["h2"] - b["h2"])
    if len(final) == 4:
        together = dist(final[(0.0, 0.0)], final[(1.0, 1.0)])
        apart = min([dist(final[a], final[b]) for a in ((0.0, 1.0), (1.0, 0.0)) for b in ((0.0, 0.0), (1.0, 1.0))]
                    + [dist(final[(0.0, 1.0)], final[(1.0, 0.0)])])
        # tanh outputs lie in (-1, 1): "together" is a twentieth of that range, "apart" half of it.
        if not (together < 0.05 and apart > 1.0):
            yield "hidden_fixed.csv final: [0,0]-[1,1] distance %r (expected < 0.05), others %r (expected > 1)" % (
                together, apart)


def check_cell1(d, fx):
    """Cell 1: no biases, so [0,0] maps to 0; with alpha = 0.001 the points barely move."""
    t = d["hidden_cell1"]
    for r in t["rows"]:
        if (r["x1"], r["x2"]) == (0.0, 0.0) and any(r[c] != 0.0 for c in units(t) + ["prediction"]):
            yield "hidden_cell1.csv iteration %r: [0,0] gives %r, expected exactly 0 (no biases)" % (
                r["iteration"], r)
    first, last = rows_at(t, "iteration", 0), rows_at(t, "iteration", 9)
    # "barely move": no unit moves by more than 0.1 in ten iterations (measured: 0.051), against
    # a spread of about 1.3 across the four inputs.
    moved = max((abs(first[x][c] - last[x][c]) for x in first if x in last for c in units(t)), default=math.inf)
    if not moved < 0.1:
        yield "hidden_cell1.csv: a unit moves by %r from iteration 0 to 9, expected below 0.1" % moved


CHECKS = [check_shape, check_notebook, check_runs, check_stuck, check_dead, check_solved, check_fixed, check_cell1]


def run_checks(d, fx):
    failures = []
    for check in CHECKS:
        try:
            failures += ["%s: %s" % (check.__name__, f) for f in check(d, fx)]
        except (KeyError, IndexError, ValueError, TypeError) as e:
            failures.append("%s: cannot evaluate (%s: %s)" % (check.__name__, type(e).__name__, e))
    return failures


# ---- self-test: one changed number per check ---------------------------------------------------

# Where a mutation changes a number: each takes the loaded files and returns the row to change.
def _row(name, key, value, time_name="epoch"):
    """The row of `name` whose time column is `value` and input `key`."""
    return lambda d: next(r for r in d[name]["rows"] if r[time_name] == value and (r["x1"], r["x2"]) == key)


def _loss(epoch):
    """The row of loss_curves.csv at `epoch` (-1: the last)."""
    return lambda d: d["loss_curves"]["rows"][epoch]


def _run(index):
    """Row `index` of runs.csv."""
    return lambda d: d["runs"]["rows"][index]


def _grid(name, x1, x2):
    """The point (x1, x2) of a decision grid."""
    return lambda d: d[name]["rows"][GRID.index(x2) * 81 + GRID.index(x1)]


# What it does there: each returns the mutation, a function that changes the loaded files in place.
def _set(where, **values):
    return lambda d: where(d).update(values)


def _scale(where, column, factor):
    def mutate(d):
        where(d)[column] *= factor
    return mutate


def _shift(where, column, delta):
    def mutate(d):
        where(d)[column] += delta
    return mutate


def _flip(where):
    """Moves a prediction to the other side of 0.5."""
    def mutate(d):
        row = where(d)
        row["prediction"] = 1.0 - row["prediction"]
    return mutate


# (check, a fragment of the failure message it must print, what is changed, the change). Every
# failure message of every check appears here at least once: each condition can fail on its own.
MUTATIONS = [
    ("check_shape", "runs.csv: columns", "a column of runs.csv renamed",
     lambda d: d["runs"]["header"].__setitem__(6, "loss")),
    ("check_shape", "runs.csv: runs", "runs.csv's rows swapped",
     lambda d: d["runs"]["rows"].reverse()),
    ("check_shape", "loss_curves.csv: 10000 rows", "the last loss row dropped",
     lambda d: d["loss_curves"]["rows"].pop()),
    ("check_shape", "expected the 81 x 81 grid", "one grid point moved",
     lambda d: d["decision_fixed"]["rows"][100].update(x1=0.123)),
    ("check_shape", "hidden_wide.csv: columns", "a hidden unit column of hidden_wide.csv dropped",
     lambda d: d["hidden_wide"]["header"].remove("h4")),
    ("check_shape", "hidden_cell1.csv: 36 rows", "cell 1's iteration 9 dropped",
     lambda d: d["hidden_cell1"]["rows"].__delitem__(slice(36, 40))),
    ("check_shape", "non-finite", "a hidden value of the wide run set to NaN",
     lambda d: d["hidden_wide"]["rows"][5].update(h3=math.nan)),
    ("check_notebook", "loss_curves.csv stuck, epoch 1000", "stuck loss at epoch 1000 changed by 1e-9 relative",
     _scale(_loss(1000), "stuck", 1 + 1e-9)),
    ("check_notebook", "hidden_stuck.csv epoch 0 input (1.0, 1.0) h1",
     "stuck [1,1] h1 at epoch 0 changed by 1e-9 relative",
     _scale(_row("hidden_stuck", (1.0, 1.0), 0.0), "h1", 1 + 1e-9)),
    ("check_notebook", "hidden_stuck.csv final prediction for (0.0, 1.0)",
     "stuck final [0,1] prediction changed by 1e-9 relative",
     _scale(_row("hidden_stuck", (0.0, 1.0), 10000.0), "prediction", 1 + 1e-9)),
    ("check_notebook", "hidden_cell1.csv iteration 5 input (1.0, 1.0)",
     "cell 1, iteration 5, [1,1], h3 changed by 1e-9 relative",
     _scale(_row("hidden_cell1", (1.0, 1.0), 5.0, "iteration"), "h3", 1 + 1e-9)),
    ("check_runs", "wide: final_loss", "wide final_loss changed by 1e-12 relative",
     _scale(_run(2), "final_loss", 1 + 1e-12)),
    ("check_runs", "dead: solved = 1.0", "dead run marked solved", _set(_run(1), solved=1.0)),
    ("check_runs", "fixed: 1000.0 epochs", "fixed run's epochs 1000", _set(_run(3), epochs=1000.0)),
    ("check_stuck", "at epoch 5000 is below 0.25", "stuck loss at epoch 5000 set to 0.2499",
     _set(_loss(5000), stuck=0.2499)),
    ("check_stuck", "leaves [0.25, 0.2502] after epoch 1000", "stuck loss at epoch 3000 set to 0.2503",
     _set(_loss(3000), stuck=0.2503)),
    ("check_stuck", "stuck final loss", "stuck final loss set to 0.25002", _set(_loss(-1), stuck=0.25002)),
    ("check_stuck", "h2 = 0.0, expected every unit on", "stuck [0,0] h2 at epoch 300 set to 0 (a unit off)",
     _set(_row("hidden_stuck", (0.0, 0.0), 300.0), h2=0.0)),
    ("check_stuck", "epoch 100 h1: not a parallelogram", "stuck [1,1] h1 at epoch 100 changed by 1e-9",
     _scale(_row("hidden_stuck", (1.0, 1.0), 100.0), "h1", 1 + 1e-9)),
    ("check_stuck", "stuck final predictions", "stuck final [0,1] prediction set to 0.505 (rounds to 1)",
     _set(_row("hidden_stuck", (0.0, 1.0), 10000.0), prediction=0.505)),
    ("check_stuck", "leaves 0.5 ± 0.01 inside", "decision_stuck at (0.5, 0.5) set to 0.52",
     _set(_grid("decision_stuck", 0.5, 0.5), prediction=0.52)),
    ("check_stuck", "crosses 0.5 3 times, expected at most once", "decision_stuck at (-0.45, 1.45) moved across 0.5",
     _flip(_grid("decision_stuck", -0.45, 1.45))),
    ("check_dead", "dead final loss", "dead final loss set to 0.2", _set(_loss(-1), dead=0.2)),
    ("check_dead", "input (0.0, 1.0)", "dead final [0,1] h1 set to 0.01 (a unit on)",
     _set(_row("hidden_dead", (0.0, 1.0), 10000.0), h1=0.01)),
    ("check_dead", "expected equal and 0.5", "dead final [0,0] prediction changed by 1e-12 relative",
     _scale(_row("hidden_dead", (0.0, 0.0), 10000.0), "prediction", 1 + 1e-12)),
    ("check_dead", "final prediction for (1.0, 0.0)", "dead final [1,0] prediction set to 0.4",
     _set(_row("hidden_dead", (1.0, 0.0), 10000.0), prediction=0.4)),
    ("check_solved", "wide final loss", "wide final loss set to 2e-3", _set(_loss(-1), wide=2e-3)),
    ("check_solved", "fixed final prediction for (1.0, 1.0)", "fixed final prediction for [1,1] set to 0.06",
     _set(_row("hidden_fixed", (1.0, 1.0), 10000.0), prediction=0.06)),
    ("check_fixed", "decision_fixed.csv at (1.0, 1.0)", "decision_fixed at (1, 1) changed by 1e-12 relative",
     _scale(_grid("decision_fixed", 1.0, 1.0), "prediction", 1 + 1e-12)),
    ("check_fixed", "crosses 0.5 4 times, expected twice", "decision_fixed at (0.1, 0.9) set to 0.3 (an island)",
     _set(_grid("decision_fixed", 0.1, 0.9), prediction=0.3)),
    ("check_fixed", "on the diagonal", "decision_fixed at (0.25, 0.25) set to 0.6",
     _set(_grid("decision_fixed", 0.25, 0.25), prediction=0.6)),
    ("check_fixed", "[0,0]-[1,1] distance", "fixed final [1,1] h1 moved by 0.1",
     _shift(_row("hidden_fixed", (1.0, 1.0), 10000.0), "h1", -0.1)),
    ("check_cell1", "[0,0] gives", "cell 1 [0,0] h4 at iteration 4 set to 1e-9",
     _set(_row("hidden_cell1", (0.0, 0.0), 4.0, "iteration"), h4=1e-9)),
    ("check_cell1", "a unit moves by", "cell 1 [1,0] h2 at iteration 9 moved by 0.2",
     _scale(_row("hidden_cell1", (1.0, 0.0), 9.0, "iteration"), "h2", 6.0)),
]


def self_test(d, fx):
    failures = run_checks(d, fx)
    if failures:
        print("the unchanged files already fail:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    missed = 0
    for check, fragment, what, mutate in MUTATIONS:
        changed = copy.deepcopy(d)
        mutate(changed)
        seen = [f for f in run_checks(changed, fx) if f.startswith(check + ":") and fragment in f]
        if seen:
            print("ok: %s -> %s" % (what, seen[0]))
        else:
            missed += 1
            print("MISSED: %s: %s did not report '%s'" % (what, check, fragment), file=sys.stderr)
    untested = {c.__name__ for c in CHECKS} - {m[0] for m in MUTATIONS}
    for name in sorted(untested):
        missed += 1
        print("MISSED: no change makes %s fail" % name, file=sys.stderr)
    return 1 if missed else 0


def main(argv):
    args = argv[1:]
    selftest = bool(args) and args[0] == "--self-test"
    if selftest:
        args = args[1:]
    if len(args) != 2:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    try:
        d, fx = load(args[0]), load_numpy(args[1])
    except (OSError, ValueError, StopIteration) as e:
        print("cannot read the pictures' CSV files or the NumPy fixture: %s" % e, file=sys.stderr)
        return 1
    if selftest:
        return self_test(d, fx)
    failures = run_checks(d, fx)
    for f in failures:
        print("FAIL: %s" % f, file=sys.stderr)
    if not failures:
        print("ok: %d checks of the pictures' numbers in %s" % (len(CHECKS), args[0]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
