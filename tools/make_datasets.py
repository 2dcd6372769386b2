#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""Writes examples/data/iris.hpp and examples/data/digits.hpp from the copies of the two data sets
that scikit-learn ships inside its package (sklearn/datasets/data/iris.csv and digits.csv.gz):
nothing is downloaded. Each header holds the samples as constexpr arrays, the labels, and a fixed
stratified split (train / validation / test index lists), so that the C++ examples, the
compile-time test and the Python reference scripts all use exactly the same samples.

The split, per class in the order the classes are numbered:
  1. the class's sample indices in file order are shuffled by Fisher-Yates driven by splitmix64
     (seed SEED, one generator for the whole data set: j = next() % (i + 1) for i = n-1 .. 1);
  2. the first round(0.3 n_c) shuffled indices go to test, the next round(0.1 n_c) to validation,
     the rest to train (about 60 / 10 / 30 % of every class);
  3. each part is sorted by sample index.
The validation part is for model selection (early stopping); training never sees it or the test
part. Python's round() rounds halves to even; the resulting counts are printed in each header.

usage: make_datasets.py [--out DIR] [--check DIR] [--sklearn-data DIR]
  --out           where to write iris.hpp and digits.hpp (default: examples/data next to this tool)
  --check         after writing, compare each file with the one in DIR (the committed copies);
                  exit status 1 and the first differing line when they differ
  --sklearn-data  the directory holding iris.csv and digits.csv.gz (default: scikit-learn's own)
The module's load_iris() / load_digits() return the same arrays and split for Python scripts.
"""

import argparse
import csv
import gzip
import io
import math
import os
import sys

SEED = 2024
TEST_FRACTION = 0.3
VALIDATION_FRACTION = 0.1
MASK64 = (1 << 64) - 1

IRIS_FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]

IRIS_CITATION = (
    "Iris: R. A. Fisher (1936), \"The use of multiple measurements in taxonomic problems\", Annals of\n"
    "// Eugenics 7(2). UCI Machine Learning Repository, https://doi.org/10.24432/C56C76, licensed\n"
    "// CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). This copy is scikit-learn's, which\n"
    "// follows Fisher's paper (UCI's file differs in two samples).")
DIGITS_CITATION = (
    "Optical Recognition of Handwritten Digits: E. Alpaydin and C. Kaynak (1998), UCI Machine\n"
    "// Learning Repository, https://doi.org/10.24432/C50P49, licensed CC BY 4.0\n"
    "// (https://creativecommons.org/licenses/by/4.0/). This copy is scikit-learn's: the 1,797\n"
    "// samples of UCI's test file, 8x8 images of pixel counts 0..16.")


def sklearn_data_dir():
    import sklearn.datasets  # only to locate the package's data files
    return os.path.join(os.path.dirname(sklearn.datasets.__file__), "data")


class SplitMix64:
    """Steele, Lea & Flood's splitmix64, the same generator as ctmlp::splitmix64."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)


def stratified_split(labels, class_count, seed=SEED):
    """(train, validation, test) lists of sample indices, each sorted; see the module docstring."""
    gen = SplitMix64(seed)
    train, validation, test = [], [], []
    for c in range(class_count):
        members = [n for n, y in enumerate(labels) if y == c]
        for i in range(len(members) - 1, 0, -1):
            j = gen.next() % (i + 1)
            members[i], members[j] = members[j], members[i]
        n_test = round(TEST_FRACTION * len(members))
        n_val = round(VALIDATION_FRACTION * len(members))
        test += members[:n_test]
        validation += members[n_test:n_test + n_val]
        train += members[n_test + n_val:]
    return sorted(train), sorted(validation), sorted(test)


def read_iris(data_dir):
    with open(os.path.join(data_dir, "iris.csv"), newline="") as f:
        rows = list(csv.reader(f))
    count, _, *class_names = rows[0]
    text = [r[:4] for r in rows[1:]]  # the decimal text as written, e.g. "5.1"
    labels = [int(r[4]) for r in rows[1:]]
    assert len(text) == int(count) == 150 and class_names == ["setosa", "versicolor", "virginica"]
    return text, labels, class_names


def read_digits(data_dir):
    with gzip.open(os.path.join(data_dir, "digits.csv.gz"), "rt") as f:
        rows = [r for r in csv.reader(f) if r]
    pixels = [[int(float(v)) for v in r[:64]] for r in rows]
    labels = [int(float(r[64])) for r in rows]
    assert len(rows) == 1797 and all(0 <= v <= 16 for p in pixels for v in p)
    assert all(0 <= y <= 9 for y in labels)
    return pixels, labels


def float32(x):
    """x rounded to the nearest IEEE single (what a C++ `float` literal of x holds)."""
    import struct
    return struct.unpack("<f", struct.pack("<f", x))[0]


def load_iris(data_dir=None):
    """{'x': 150 lists of 4 float32 values, 'y', 'train', 'validation', 'test', 'mean', 'std',
    'class_names'}: the data, split and standardisation constants of examples/data/iris.hpp."""
    text, labels, class_names = read_iris(data_dir or sklearn_data_dir())
    x = [[float32(float(v)) for v in row] for row in text]
    train, validation, test = stratified_split(labels, 3)
    mean, std = train_statistics(x, train)
    return {"x": x, "y": labels, "train": train, "validation": validation, "test": test,
            "mean": mean, "std": std, "class_names": class_names}


def load_digits(data_dir=None):
    """{'x': 1797 lists of 64 pixels 0..16, 'y', 'train', 'validation', 'test'}: the data and split
    of examples/data/digits.hpp (the programs scale pixels by 1/16)."""
    pixels, labels = read_digits(data_dir or sklearn_data_dir())
    train, validation, test = stratified_split(labels, 10)
    return {"x": pixels, "y": labels, "train": train, "validation": validation, "test": test}


def train_statistics(x, train):
    """Per-feature mean and population standard deviation over the train part, as float32."""
    mean, std = [], []
    for f in range(len(x[0])):
        column = [x[n][f] for n in train]
        m = math.fsum(column) / len(column)
        s = math.sqrt(math.fsum((v - m) ** 2 for v in column) / len(column))
        mean.append(float32(m))
        std.append(float32(s))
    return mean, std


def float_literal(v):
    """The shortest decimal that reads back as the same float32, with an `f` suffix."""
    for digits in range(1, 10):
        s = "%.*g" % (digits, v)
        if float32(float(s)) == v:
            break
    if "e" not in s and "." not in s:
        s += ".0"
    return s + "f"


def wrap(items, indent, width=100):
    """Comma-separated items over lines of at most `width` characters."""
    lines, line = [], indent
    for item in items:
        piece = item + ","
        if len(line) + len(piece) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += piece + " "
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def index_arrays(train, validation, test, total):
    out = []
    for name, part, what in (("train_indices", train, "the training part: what the examples train on"),
                             ("validation_indices", validation,
                              "the validation part: for early stopping / model selection only"),
                             ("test_indices", test, "the test part: reported accuracy, never trained on")):
        out.append("/// Sample indices of %s (%d of %d)." % (what, len(part), total))
        out.append("inline constexpr std::array<std::uint16_t, %d> %s{\n%s\n};" %
                   (len(part), name, wrap([str(n) for n in part], "    ")))
    return "\n".join(out)


def class_counts(labels, part, class_count):
    return "/".join(str(sum(1 for n in part if labels[n] == c)) for c in range(class_count))


HEADER_TOP = """\
// Generated by tools/make_datasets.py from scikit-learn's copy of {source}. Do not edit.
// The code is distributed under the Boost Software License, Version 1.0 (see LICENSE). The data:
// {citation}
//
// Split (stratified, splitmix64 seed {seed}; tools/make_datasets.py documents the algorithm):
// train {n_train}, validation {n_val}, test {n_test} samples; per class {per_class}.
#ifndef {guard}
#define {guard}

#include <array>
#include <cstddef>
#include <cstdint>

namespace ctmlp_data::{ns} {{
"""


def iris_header(data_dir):
    text, labels, class_names = read_iris(data_dir)
    d = load_iris(data_dir)
    train, validation, test = d["train"], d["validation"], d["test"]
    per_class = "train/validation/test " + ", ".join(
        "%s %s/%s/%s" % (name, class_counts(labels, train, 3).split("/")[c],
                         class_counts(labels, validation, 3).split("/")[c],
                         class_counts(labels, test, 3).split("/")[c])
        for c, name in enumerate(class_names))
    out = [HEADER_TOP.format(source="iris.csv", citation=IRIS_CITATION, seed=SEED, n_train=len(train),
                             n_val=len(validation), n_test=len(test), per_class=per_class,
                             guard="CTMLP_EXAMPLES_DATA_IRIS_HPP", ns="iris")]
    out.append("inline constexpr std::size_t sample_count = %d;" % len(labels))
    out.append("inline constexpr std::size_t feature_count = 4;")
    out.append("inline constexpr std::size_t class_count = 3;")
    out.append("/// Class c's name; labels[n] is the class of sample n.")
    out.append("inline constexpr std::array<const char*, 3> class_names{%s};" %
               ", ".join('"%s"' % c for c in class_names))
    out.append("inline constexpr std::array<const char*, 4> feature_names{%s};" %
               ", ".join('"%s"' % f for f in IRIS_FEATURES))
    out.append("")
    out.append("/// features[n] = sample n's measurements in cm, in the order of feature_names.")
    out.append("inline constexpr std::array<std::array<float, 4>, %d> features{{" % len(labels))
    for row in text:
        out.append("    {%s}," % ", ".join(v + "f" for v in row))
    out.append("}};")
    out.append("/// labels[n] = sample n's class, 0..2.")
    out.append("inline constexpr std::array<std::uint8_t, %d> labels{\n%s\n};" %
               (len(labels), wrap([str(y) for y in labels], "    ")))
    out.append("")
    out.append(index_arrays(train, validation, test, len(labels)))
    out.append("")
    out.append("/// Mean of each feature over the train part; standardise with (x - train_mean) / train_std.")
    out.append("inline constexpr std::array<float, 4> train_mean{%s};" %
               ", ".join(float_literal(v) for v in d["mean"]))
    out.append("/// Population standard deviation of each feature over the train part.")
    out.append("inline constexpr std::array<float, 4> train_std{%s};" %
               ", ".join(float_literal(v) for v in d["std"]))
    out.append("")
    out.append("}  // namespace ctmlp_data::iris\n\n#endif")
    return "\n".join(out) + "\n"


def digits_header(data_dir):
    pixels, labels = read_digits(data_dir)
    train, validation, test = stratified_split(labels, 10)
    per_class = "train " + class_counts(labels, train, 10) + ", validation " + \
        class_counts(labels, validation, 10) + ", test " + class_counts(labels, test, 10) + " (digits 0..9)"
    out = [HEADER_TOP.format(source="digits.csv.gz", citation=DIGITS_CITATION, seed=SEED, n_train=len(train),
                             n_val=len(validation), n_test=len(test), per_class=per_class,
                             guard="CTMLP_EXAMPLES_DATA_DIGITS_HPP", ns="digits")]
    out.append("inline constexpr std::size_t sample_count = %d;" % len(labels))
    out.append("inline constexpr std::size_t pixel_count = 64;")
    out.append("inline constexpr std::size_t class_count = 10;")
    out.append("/// The largest pixel value: a pixel counts the set dots of a 4x4 block (scale by 1/16).")
    out.append("inline constexpr std::uint8_t pixel_max = 16;")
    out.append("")
    out.append("/// pixels[n] = sample n's 8x8 image, row by row, each value 0..16.")
    out.append("inline constexpr std::array<std::array<std::uint8_t, 64>, %d> pixels{{" % len(labels))
    for p in pixels:
        out.append("    {%s}," % ",".join(str(v) for v in p))
    out.append("}};")
    out.append("/// labels[n] = the digit sample n shows.")
    out.append("inline constexpr std::array<std::uint8_t, %d> labels{\n%s\n};" %
               (len(labels), wrap([str(y) for y in labels], "    ")))
    out.append("")
    out.append(index_arrays(train, validation, test, len(labels)))
    out.append("")
    out.append("}  // namespace ctmlp_data::digits\n\n#endif")
    return "\n".join(out) + "\n"


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.normpath(os.path.join(here, "..", "examples", "data")))
    parser.add_argument("--check", default=None)
    parser.add_argument("--sklearn-data", default=None)
    args = parser.parse_args(argv)
    data_dir = args.sklearn_data or sklearn_data_dir()
    os.makedirs(args.out, exist_ok=True)
    status = 0
    for name, make in (("iris.hpp", iris_header), ("digits.hpp", digits_header)):
        text = make(data_dir)
        with io.open(os.path.join(args.out, name), "w", newline="\n") as f:
            f.write(text)
        print("wrote", os.path.join(args.out, name))
        if args.check:
            committed_path = os.path.join(args.check, name)
            with io.open(committed_path, newline="") as f:
                committed = f.read()
            if committed != text:
                new_lines, old_lines = text.split("\n"), committed.split("\n")
                line = next((k for k in range(max(len(new_lines), len(old_lines)))
                             if k >= len(new_lines) or k >= len(old_lines) or new_lines[k] != old_lines[k]), 0)
                print("%s differs from the regenerated file, first at line %d:\n  committed:   %s\n"
                      "  regenerated: %s" % (committed_path, line + 1,
                                             old_lines[line] if line < len(old_lines) else "<end of file>",
                                             new_lines[line] if line < len(new_lines) else "<end of file>"))
                status = 1
            else:
                print("identical to", committed_path)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
