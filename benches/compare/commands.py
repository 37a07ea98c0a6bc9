#!/usr/bin/env python3
"""`schoolpeers cluster` as a user runs it, against the Python process a user would write instead.

Both sides are whole processes on the same CSV (blobs in 20 dimensions around 6 centres, an id
column first): read the file, standardise every column, group into 6, write each row's group.
- k-means: `schoolpeers cluster FILE --id-column id --k 6` against pandas + scikit-learn's
  KMeans(6, n_init=10);
- Ward: `... --method ward --k 6` against pandas + fastcluster's linkage_vector (Ward) cut by
  scipy's fcluster at 6.
The sides alternate, --repeat times each (5); each line gives the medians of the wall seconds
and peak resident memory (GNU time) and the ratio of the Python process's time to the engine's
(above 1: the engine is faster).

Run from the repository root (makes benches/compare/.venv on its first run, as pipeline.py):
    python3 benches/compare/commands.py [--kmeans 40000] [--ward 20000] [--repeat 5]
"""
import argparse
import os
import subprocess
import sys
import tempfile

from pipeline import BINARY, in_own_venv, median, timed

PYTHON_SIDE = {
    "kmeans": """
import sys, pandas as pd
from sklearn.cluster import KMeans
df = pd.read_csv(sys.argv[1])
x = df.drop(columns="id").to_numpy()
x = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
labels = KMeans(n_clusters=6, n_init=10, random_state=0).fit(x).labels_ + 1
pd.DataFrame({"id": df["id"], "group": labels}).to_csv(sys.argv[2], index=False)
""",
    "ward": """
import sys, pandas as pd, fastcluster
from scipy.cluster.hierarchy import fcluster
df = pd.read_csv(sys.argv[1])
x = df.drop(columns="id").to_numpy()
x = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
labels = fcluster(fastcluster.linkage_vector(x, method="ward"), 6, criterion="maxclust")
pd.DataFrame({"id": df["id"], "group": labels}).to_csv(sys.argv[2], index=False)
""",
}


def blobs_csv(path, n, d=20, k=6, seed=2026):
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=5.0, size=(k, d))
    x = centres[rng.integers(0, k, size=n)] + rng.normal(size=(n, d))
    with open(path, "w") as f:
        f.write("id," + ",".join(f"x{j}" for j in range(d)) + "\n")
        for i, row in enumerate(x):
            f.write(f"r{i}," + ",".join(f"{v:.6f}" for v in row) + "\n")


def main():
    in_own_venv()
    parser = argparse.ArgumentParser()
    parser.add_argument("--kmeans", default="40000")
    parser.add_argument("--ward", default="20000")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each side; medians shown")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "--bin", "schoolpeers"], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        for method, sizes in [("kmeans", args.kmeans), ("ward", args.ward)]:
            for n in [int(v) for v in sizes.split(",") if v]:
                data = os.path.join(tmp, f"blobs-{n}.csv")
                blobs_csv(data, n)
                engine = [BINARY, "cluster", data, "--id-column", "id", "--k", "6",
                          "--method", method, "--force", "--out", os.path.join(tmp, "e.csv")]
                python = [sys.executable, "-c", PYTHON_SIDE[method], data,
                          os.path.join(tmp, "p.csv")]
                eng, ref = [], []
                for _ in range(args.repeat):
                    eng.append(timed(engine))
                    ref.append(timed(python))
                es, em = median([e[0] for e in eng]), median([e[1] for e in eng])
                rs, rm = median([r[0] for r in ref]), median([r[1] for r in ref])
                print(
                    f"cluster --k 6 {method:6} n={n:6}  engine {es:7.2f} s {em:7.0f} MB"
                    f"  | Python process {rs:7.2f} s {rm:7.0f} MB"
                    f"  | engine faster by {rs / es:5.2f}x",
                    flush=True,
                )


if __name__ == "__main__":
    main()
