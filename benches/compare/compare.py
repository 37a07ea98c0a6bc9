#!/usr/bin/env python3
"""The engine's k-means and Ward against scikit-learn and fastcluster on the same data.

For each size, blobs in 20 dimensions around 6 centres (numpy, seed 2026) are written to a
CSV; scikit-learn's KMeans (k = 6, k-means++, n_init = 10) and fastcluster's linkage_vector
(Ward) run on it in a fresh interpreter each, the engine's through target/release/cluster_timing.
Each side runs --repeat times (5), the two sides alternating; each line gives the medians of
the seconds, the inertia (k-means) and the peak resident memory during the call above the
memory before it, and the ratio of the reference's time to the engine's (above 1: the engine
is faster).

Run from the repository root (builds the timing binary first):
    pip install numpy scikit-learn fastcluster
    python3 benches/compare/compare.py [--kmeans 1000,10000,40000] [--ward 1000,10000,20000]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np


def blobs(n, d=20, k=6, seed=2026):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=5.0, size=(k, d))
    labels = rng.integers(0, k, size=n)
    return centres[labels] + rng.normal(size=(n, d))


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def in_subprocess(setup, call, path):
    """Runs `setup`, then times `call`, on the data in a fresh interpreter: (seconds, inertia,
    peak resident memory during the call above the resident memory before it, in MB)."""
    script = f"""
import resource, time, numpy as np
{setup}
x = np.loadtxt({path!r}, delimiter=",")
def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
before = rss_kb()
start = time.perf_counter()
{call}
seconds = time.perf_counter() - start
delta = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024.0
print(seconds, inertia, delta)
"""
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    s, inertia, delta = out.stdout.split()
    return float(s), float(inertia), float(delta)


def engine(method, path, k=6):
    out = subprocess.run(
        ["target/release/cluster_timing", method, path, str(k)],
        check=True,
        capture_output=True,
        text=True,
    )
    fields = dict(f.split("=") for f in out.stdout.split())
    return float(fields["seconds"]), float(fields["inertia"]), float(fields["peak_delta_mb"])


SKLEARN = (
    "from sklearn.cluster import KMeans",
    "inertia = KMeans(n_clusters=6, n_init=10, random_state=0).fit(x).inertia_",
)

FASTCLUSTER = (
    "import fastcluster",
    'z = fastcluster.linkage_vector(x, method="ward"); inertia = 0.0',
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kmeans", default="1000,10000,40000")
    parser.add_argument("--ward", default="1000,10000,20000")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each side; medians shown")
    args = parser.parse_args()
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "benches", "--bin", "cluster_timing"],
        check=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        for method, sizes, reference, name in [
            ("kmeans", args.kmeans, SKLEARN, "scikit-learn KMeans"),
            ("ward", args.ward, FASTCLUSTER, "fastcluster linkage_vector"),
        ]:
            for n in [int(v) for v in sizes.split(",") if v]:
                path = os.path.join(tmp, f"blobs-{n}.csv")
                np.savetxt(path, blobs(n), delimiter=",", fmt="%.17g")
                # Alternating, so that a slow spell of the machine falls on both sides.
                ref, eng = [], []
                for _ in range(args.repeat):
                    ref.append(in_subprocess(*reference, path))
                    eng.append(engine(method, path))
                rs, ri, rm = (median([r[i] for r in ref]) for i in range(3))
                es, ei, em = (median([e[i] for e in eng]) for i in range(3))
                line = (
                    f"{method:6} n={n:6}  engine {es:8.3f} s {em:7.1f} MB"
                    f"  | {name} {rs:8.3f} s {rm:7.1f} MB  | speed-up {rs / es:5.2f}x"
                )
                if method == "kmeans":
                    line += f"  | inertia engine/reference {ei / ri:.6f}"
                else:
                    line += f"  | memory engine/reference {em / max(rm, 0.1):.2f}"
                print(line, flush=True)


if __name__ == "__main__":
    main()
