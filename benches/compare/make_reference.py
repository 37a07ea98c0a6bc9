#!/usr/bin/env python3
"""Reference results for the cluster crate's tests, computed with scipy and scikit-learn.

Writes crates/cluster/tests/reference/:
  NAME.data.csv               the data set (one row per line, comma-separated, 17 digits)
  NAME.METHOD.linkage.csv     scipy.cluster.hierarchy.linkage(X, METHOD): left,right,height,size
  NAME.METHOD.cut.csv         scipy.cluster.hierarchy.cut_tree(Z, k) for k = 2..6: k,label,label,…
  kmeans.csv                  name,k,inertia: the best inertia of scikit-learn's KMeans
                              (k-means++, n_init=10, random_state=0)

Run from the repository root:  python3 benches/compare/make_reference.py
Needs numpy, scipy and scikit-learn (pip install numpy scipy scikit-learn).
"""
import os

import numpy as np
import scipy
import sklearn
from scipy.cluster.hierarchy import cut_tree, linkage
from sklearn.cluster import KMeans

OUT = os.path.join("crates", "cluster", "tests", "reference")


def blobs(rng):
    centres = np.array([[0, 0, 0], [6, 1, 0], [1, 7, 2], [5, 6, 8]], dtype=float)
    return np.vstack([c + rng.normal(scale=1.0, size=(15, 3)) for c in centres])


def grid():
    # A 4 × 5 grid with unit spacing: many pairs at exactly the same distance.
    return np.array([[x, y] for x in range(4) for y in range(5)], dtype=float)


def district(rng):
    # 150 schools, 6 standardised context indicators with a urban-to-remote gradient.
    remote = rng.uniform(0, 1, size=150)
    cols = [
        np.log(50 + 1500 * (1 - remote) ** 2) + rng.normal(scale=0.2, size=150),
        10 + 40 * remote + rng.normal(scale=5, size=150),
        60 - 45 * remote + rng.normal(scale=6, size=150),
        3 + 4 * rng.uniform(size=150),
        2 + 8 * remote * rng.uniform(size=150),
        80 * remote ** 1.5 + rng.normal(scale=3, size=150),
    ]
    x = np.column_stack(cols)
    return (x - x.mean(axis=0)) / x.std(axis=0)


def large(rng):
    # Enough rows for the vector engine of Ward (more than 4,096).
    centres = rng.normal(scale=4, size=(8, 4))
    return np.vstack([c + rng.normal(size=(650, 4)) for c in centres])


def write_rows(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(",".join(r) + "\n")


def num(x):
    return repr(float(x))


def main():
    rng = np.random.default_rng(2026)
    sets = {
        "blobs": blobs(rng),
        "grid": grid(),
        "district": district(rng),
        "large": large(rng),
    }
    os.makedirs(OUT, exist_ok=True)
    kmeans_rows = []
    for name, x in sets.items():
        write_rows(os.path.join(OUT, f"{name}.data.csv"), [[num(v) for v in row] for row in x])
        methods = ["ward"] if name == "large" else ["ward", "average", "complete"]
        for method in methods:
            z = linkage(x, method)
            write_rows(
                os.path.join(OUT, f"{name}.{method}.linkage.csv"),
                [[str(int(r[0])), str(int(r[1])), num(r[2]), str(int(r[3]))] for r in z],
            )
            cuts = cut_tree(z, n_clusters=list(range(2, 7)))
            write_rows(
                os.path.join(OUT, f"{name}.{method}.cut.csv"),
                [[str(k)] + [str(int(v)) for v in cuts[:, i]] for i, k in enumerate(range(2, 7))],
            )
        if name in ("blobs", "district"):
            for k in (3, 4, 6):
                km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(x)
                kmeans_rows.append([name, str(k), num(km.inertia_)])
    write_rows(os.path.join(OUT, "kmeans.csv"), kmeans_rows)
    print(f"scipy {scipy.__version__}, scikit-learn {sklearn.__version__}: written to {OUT}")


if __name__ == "__main__":
    main()
