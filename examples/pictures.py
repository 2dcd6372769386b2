#!/usr/bin/python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Draw the pictures of docs/backpropagation.md from the CSV files that examples/pictures writes.

Usage: pictures.py CSV_DIR OUT_DIR [--format svg|png]     (png: a quick look without a browser)

Reads runs.csv, loss_curves.csv, decision_{stuck,fixed}.csv, hidden_{stuck,fixed,cell1}.csv
(their columns are described at the top of examples/pictures.cpp) and writes loss_curves,
decision_stuck, decision_fixed, hidden_stuck, hidden_fixed and hidden_cell1 (.svg by default)
into OUT_DIR. Needs matplotlib (Debian: python3-matplotlib) and NumPy.

The SVG output is reproducible: the same CSV files and the same matplotlib give the same bytes
(no date in the metadata, `svg.hashsalt` fixed so that the ids of clip paths and markers do not
change from run to run, text kept as text rather than glyph outlines). Exit status: 0 on success,
1 when an input file is missing or malformed, 2 on a usage error.
"""

import csv
import os
import sys

import matplotlib

matplotlib.use("agg")  # no display; savefig picks the SVG writer by format
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402

# Reproducible, self-contained SVG. The hash salt seeds the ids matplotlib gives clip paths and
# markers (by default a random string per process); "none" keeps text as <text> elements.
matplotlib.rcParams.update({
    "svg.hashsalt": "ctmlp",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 10,
    "figure.titlesize": 12,
    "legend.fontsize": 9,
})

# Okabe-Ito colours (colour-blind safe), as the pictures used before.
TARGET_COLOUR = {0: "#0072b2", 1: "#d55e00"}
TARGET_MARKER = {0: "o", 1: "s"}
RUN_COLOUR = {"stuck": "#d55e00", "dead": "#cc79a7", "wide": "#009e73", "fixed": "#0072b2"}
INPUT_ORDER = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0)]  # around the square


def read_csv(path):
    """The rows of a CSV file with a header row, as dicts of strings."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def describe(run):
    """A run of runs.csv as a legend entry, e.g. "2 tanh, Xavier, lr 1 — solved, final loss 4.03e-05"."""
    text = "%s %s, %s, lr %s" % (run["hidden"], run["activation"], run["init"], run["learning_rate"])
    if run["run"] == "stuck":
        text = "cell 2: " + text
    outcome = "solved" if run["solved"] == "1" else "stuck"
    return "%s — %s, final loss %.3g" % (text, outcome, float(run["final_loss"]))


def input_name(x1, x2):
    return "[%d,%d]" % (round(x1), round(x2))


def save(fig, out_dir, name, fmt, title):
    path = os.path.join(out_dir, "%s.%s" % (name, fmt))
    # No date (it would change every run); the Creator entry names the matplotlib version.
    metadata = {"Date": None, "Title": title} if fmt == "svg" else {}
    fig.savefig(path, format=fmt, metadata=metadata, dpi=100)
    plt.close(fig)
    print("wrote %s" % path)


def loss_curves(csv_dir, out_dir, fmt):
    runs = {r["run"]: r for r in read_csv(os.path.join(csv_dir, "runs.csv"))}
    rows = read_csv(os.path.join(csv_dir, "loss_curves.csv"))
    epochs = np.array([float(r["epoch"]) for r in rows])
    fig, ax = plt.subplots(figsize=(9, 4.4), layout="constrained")
    for level, text in ((0.25, "0.25: ŷ = 0.5 for all four inputs"),
                        (0.125, "0.125: ŷ = 0.5 for two inputs, the others right")):
        ax.axhline(level, color="#999999", linewidth=0.8, linestyle=":")
        ax.annotate(text, (epochs[-1], level), xytext=(0, 3), textcoords="offset points",
                    ha="right", va="bottom", color="#555555", fontsize=8)
    for name in ("stuck", "dead", "wide", "fixed"):
        loss = np.array([float(r[name]) for r in rows])
        ax.plot(epochs, loss, color=RUN_COLOUR[name], linewidth=1.6, label=describe(runs[name]))
    ax.set_yscale("log")
    ax.set_xlim(0, epochs[-1])
    ax.set_xlabel("epochs trained")
    ax.set_ylabel("mean (ŷ − y)² over the four inputs (log scale)")
    title = "XOR, full batch, 10,000 epochs, from seed 40 after cell 1's draws: the printed loss"
    ax.set_title(title)
    ax.grid(True, which="major", color="#e3e3e3", linewidth=0.8)
    ax.legend(loc="center right", frameon=True)
    save(fig, out_dir, "loss_curves", fmt, title)


def decision(csv_dir, out_dir, fmt, run, title):
    rows = read_csv(os.path.join(csv_dir, "decision_%s.csv" % run))
    x1 = np.array([float(r["x1"]) for r in rows])
    x2 = np.array([float(r["x2"]) for r in rows])
    p = np.array([float(r["prediction"]) for r in rows])
    xs, ys = np.unique(x1), np.unique(x2)
    if xs.size * ys.size != p.size:
        raise ValueError("decision_%s.csv: not a full grid" % run)
    grid = p.reshape(ys.size, xs.size)  # rows: x2 outer, x1 inner
    half = (xs[1] - xs[0]) / 2
    fig, ax = plt.subplots(figsize=(5.8, 4.6), layout="constrained")
    image = ax.imshow(grid, origin="lower", cmap="RdBu_r", vmin=0.0, vmax=1.0, interpolation="bilinear",
                      extent=(xs[0] - half, xs[-1] + half, ys[0] - half, ys[-1] + half))
    contour = ax.contour(xs, ys, grid, levels=[0.5], colors="black", linewidths=1.4)
    ax.clabel(contour, fmt={0.5: "ŷ = 0.5"}, fontsize=8)
    hidden = read_csv(os.path.join(csv_dir, "hidden_%s.csv" % run))
    last = max(int(r["epoch"]) for r in hidden)
    for r in hidden:
        if int(r["epoch"]) != last:
            continue
        a, b, t = float(r["x1"]), float(r["x2"]), int(float(r["target"]))
        ax.scatter([a], [b], s=60, marker=TARGET_MARKER[t], color=TARGET_COLOUR[t], edgecolors="black",
                   zorder=3, label="target %d" % t)
        ax.annotate("%s: ŷ = %.3f" % (input_name(a, b), float(r["prediction"])), (a, b), xytext=(0, 9),
                    textcoords="offset points", ha="center", fontsize=8,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none", alpha=0.85))
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend([unique[k] for k in sorted(unique)], sorted(unique), loc="upper left", fontsize=8)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="prediction ŷ", shrink=0.9)
    save(fig, out_dir, "decision_%s" % run, fmt, title)


def hidden(csv_dir, out_dir, fmt, source, name, title, time_name, x_label, y_label, columns):
    """Small multiples: hidden units 1 and 2 of the four inputs, one panel per snapshot."""
    rows = read_csv(os.path.join(csv_dir, "hidden_%s.csv" % source))
    times = sorted({int(r[time_name]) for r in rows})
    h1 = np.array([float(r["h1"]) for r in rows])
    h2 = np.array([float(r["h2"]) for r in rows])
    pad_x = 0.08 * max(h1.max() - h1.min(), 1e-3)
    pad_y = 0.08 * max(h2.max() - h2.min(), 1e-3)
    limits_x = (h1.min() - pad_x, h1.max() + pad_x)
    limits_y = (h2.min() - pad_y, h2.max() + pad_y)
    panel_rows = (len(times) + columns - 1) // columns
    fig, axes = plt.subplots(panel_rows, columns, figsize=(2.1 * columns + 0.6, 2.1 * panel_rows + 0.9),
                             sharex=True, sharey=True, layout="constrained", squeeze=False)
    for k, time in enumerate(times):
        ax = axes[k // columns][k % columns]
        at = {(float(r["x1"]), float(r["x2"])): r for r in rows if int(r[time_name]) == time}
        # The image of the input square (its corners in order), so that the shape shows.
        ring = [at[c] for c in INPUT_ORDER if c in at]
        ax.plot([float(r["h1"]) for r in ring + ring[:1]], [float(r["h2"]) for r in ring + ring[:1]],
                color="#bbbbbb", linewidth=0.8, zorder=1)
        for (a, b), r in sorted(at.items()):
            t = int(float(r["target"]))
            ax.scatter([float(r["h1"])], [float(r["h2"])], s=36, marker=TARGET_MARKER[t], color=TARGET_COLOUR[t],
                       edgecolors="black", linewidths=0.6, zorder=3, label="target %d" % t)
            # Labels go above the point for x2 = 1 and below it for x2 = 0, so that [0,0] and
            # [1,1] stay apart where the fixed run brings them together; to the left of points in
            # the right half of the panel, so that they stay inside it.
            x, y = float(r["h1"]), float(r["h2"])
            left = x > (limits_x[0] + limits_x[1]) / 2
            ax.annotate(input_name(a, b), (x, y), xytext=(-5 if left else 5, 4 if b == 1.0 else -10),
                        textcoords="offset points", ha="right" if left else "left", fontsize=7,
                        color="#333333")
        ax.set_title("%s %s" % (time_name, format(time, ",")))
        ax.set_xlim(*limits_x)
        ax.set_ylim(*limits_y)
        ax.grid(True, color="#eeeeee", linewidth=0.6)
    for k in range(len(times), panel_rows * columns):
        axes[k // columns][k % columns].set_visible(False)
    handles, labels = axes[0][0].get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    axes[0][0].legend([unique[k] for k in sorted(unique)], sorted(unique), loc="best", fontsize=7)
    fig.supxlabel(x_label)
    fig.supylabel(y_label)
    fig.suptitle(title)
    save(fig, out_dir, name, fmt, title)


def main(argv):
    args = [a for a in argv[1:] if a != "--format"]
    fmt = "svg"
    if "--format" in argv:
        i = argv.index("--format")
        if i + 1 >= len(argv) or argv[i + 1] not in ("svg", "png"):
            sys.stderr.write("pictures.py: --format takes svg or png\n")
            return 2
        fmt = argv[i + 1]
        args.remove(fmt)
    if len(args) != 2:
        sys.stderr.write("usage: pictures.py CSV_DIR OUT_DIR [--format svg|png]\n")
        return 2
    csv_dir, out_dir = args
    os.makedirs(out_dir, exist_ok=True)
    try:
        loss_curves(csv_dir, out_dir, fmt)
        decision(csv_dir, out_dir, fmt, "stuck", "Cell 2 after 10,000 epochs: 2 ReLU, U[0,1), lr 0.01")
        decision(csv_dir, out_dir, fmt, "fixed", "Fixed: 2 tanh, Xavier init, lr 1.0, 10,000 epochs")
        hidden(csv_dir, out_dir, fmt, "stuck", "hidden_stuck", "Cell 2 (stuck): hidden layer of the four inputs",
               "epoch", "hidden unit 1 (ReLU output)", "hidden unit 2 (ReLU output)", 3)
        hidden(csv_dir, out_dir, fmt, "fixed", "hidden_fixed",
               "Fixed run (2 tanh units): hidden layer of the four inputs",
               "epoch", "hidden unit 1 (tanh output)", "hidden unit 2 (tanh output)", 3)
        hidden(csv_dir, out_dir, fmt, "cell1", "hidden_cell1",
               "Cell 1's layer_1[0] vs layer_1[1] for the four inputs, iterations 0 to 9 (the notebook's animation)",
               "iteration", "layer_1[0]", "layer_1[1]", 5)
    except (OSError, KeyError, ValueError) as e:
        sys.stderr.write("pictures.py: %s: %s\n" % (type(e).__name__, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
