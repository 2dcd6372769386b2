#!/usr/bin/env python3
# Distributed under the Boost Software License, Version 1.0 (see LICENSE).
"""scikit-learn's MLPClassifier on the split of examples/data/ (the same samples, scaling and
hidden sizes as examples/iris.cpp, examples/digits.cpp and classification_bench.cpp): test
accuracy and training time per epoch (fit() wall time / epochs, median of REPEATS runs of the same
seed; the accuracy is that of the last run).

usage: sklearn_reference.py [REPEATS]     (default 5; needs python3-sklearn and python3-numpy)

Setups, as close to ctmlp's as MLPClassifier allows (softmax output and cross-entropy are its
only choice for classification; it has no learning-rate schedule for Adam):
  Iris   (8,) tanh,  Adam lr 0.01,  batches of 8,  shuffled, 100 epochs, alpha 0 (no L2)
  digits (32,) relu, Adam lr 0.003, batches of 16, shuffled, 60 epochs,  alpha 0, constant rate
Stopping rules are disabled (tol = 0, n_iter_no_change = epochs) so every run does all epochs.
"""

import os
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import make_datasets  # noqa: E402  (the split and scaling the C++ programs use)


def run(name, x, y, parts, hidden, activation, rate, batch, epochs, repeats):
    train, test = parts["train"], parts["test"]
    times, model = [], None
    for _ in range(repeats):
        model = MLPClassifier(hidden_layer_sizes=(hidden,), activation=activation, solver="adam",
                              learning_rate_init=rate, batch_size=batch, max_iter=epochs, shuffle=True,
                              alpha=0.0, tol=0.0, n_iter_no_change=epochs, random_state=1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached: on purpose
            t0 = time.perf_counter()
            model.fit(x[train], y[train])
            times.append(time.perf_counter() - t0)
        assert model.n_iter_ == epochs
    accuracy = model.score(x[test], y[test])
    print("| scikit-learn MLPClassifier | %s | %d | %.1f%% | %.3f |"
          % (name, epochs, 100.0 * accuracy, 1000.0 * statistics.median(times) / epochs))


def main(argv):
    repeats = int(argv[0]) if argv else 5
    import sklearn
    print("scikit-learn %s, NumPy %s" % (sklearn.__version__, np.__version__))
    print("| library | data | epochs | test accuracy | ms per epoch |\n|---|---|---|---|---|")
    iris = make_datasets.load_iris()
    x = (np.array(iris["x"], dtype=np.float32) - np.array(iris["mean"], dtype=np.float32)) \
        / np.array(iris["std"], dtype=np.float32)
    run("Iris 4-8-3", x, np.array(iris["y"]), iris, 8, "tanh", 0.01, 8, 100, repeats)
    digits = make_datasets.load_digits()
    x = np.array(digits["x"], dtype=np.float32) / np.float32(16.0)
    run("digits 64-32-10", x, np.array(digits["y"]), digits, 32, "relu", 0.003, 16, 60, repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
