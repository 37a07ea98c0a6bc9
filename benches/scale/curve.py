#!/usr/bin/env python3
"""Growth curves: time and peak memory of the real commands against schools and exam rows.

For each size, `schoolpeers generate --schools N --years Y --seed 1` writes a district; then,
each a whole process timed by GNU time:
- `check` (every file read and every row validated, no analysis);
- `run --charts none` (the whole August run, the tables and the workbook, no chart);
- the same run again into the same folder with only district.toml changed (the rerun cache).
Prints one Markdown table row per size (docs/performance.md, "Growth curves").

Run from the repository root (builds the release binary first):
    python3 benches/scale/curve.py [--sizes 30,300,3000,10000,40000] [--years 3]
"""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "compare"))
from pipeline import BINARY, timed  # noqa: E402 (the shared timing, GNU time)


def row(schools, years, work):
    data, out = os.path.join(work, "data"), os.path.join(work, "out")
    subprocess.run([BINARY, "generate", "--schools", str(schools), "--years", str(years),
                    "--seed", "1", "--out", data], check=True, stdout=subprocess.DEVNULL)
    exams = os.path.join(data, "exams.csv")
    with open(exams, "rb") as f:
        rows = sum(1 for _ in f) - 1
    mb = os.path.getsize(exams) / 2**20
    check = timed([BINARY, "check", data, "--out", os.path.join(work, "check")])
    cold = timed([BINARY, "run", data, "--out", out, "--charts", "none"])
    with open(os.path.join(data, "district.toml"), "w") as f:
        f.write("[outcome.weights]\nege_index = 2\noge_index = 1\n")
    warm = timed([BINARY, "run", data, "--out", out, "--charts", "none"])
    return (f"| {schools:,} | {rows:,} | {mb:,.0f} MB | {check[0]:.2f} s, {check[1]:,.0f} MB "
            f"| {cold[0]:.2f} s, {cold[1]:,.0f} MB | {warm[0]:.2f} s, {warm[1]:,.0f} MB |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="30,300,3000,10000,40000")
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "cli"], check=True)
    print("| schools | exam rows | exams.csv | `check` | `run --charts none` | rerun, settings changed |")
    print("|---|---|---|---|---|---|")
    for schools in [int(s) for s in args.sizes.split(",") if s]:
        with tempfile.TemporaryDirectory() as work:
            print(row(schools, args.years, work), flush=True)


if __name__ == "__main__":
    main()
