#!/usr/bin/env python3
"""The whole run against its pandas + scikit-learn equivalent, on the same generated districts.

For each size, `schoolpeers generate --schools N --years Y --seed 1` writes a district; then,
each --repeat times, both sides read it and write their results, timed as whole processes
(wall time and peak resident memory from GNU time):
  - engine: `schoolpeers run` (every output: workbook, CSVs, results.json, report page and
    charts, --charts auto), and `schoolpeers run --charts none`;
  - reference: benches/compare/reference.py (pandas, scikit-learn, scipy; see its docstring:
    the same steps, no charts, no workbook, no page);
the three sides alternating, every engine run cold (its output folder removed first). Then the
rerun: `schoolpeers run` again into the last run's folder with one weight changed in
district.toml (the rerun cache), --repeat times.
Prints the medians and the ratio reference / engine (above 1: the engine is faster).

Python dependencies go into a virtual environment of its own (benches/compare/.venv, made on
the first run); the script then runs itself there. Run from the repository root:
    python3 benches/compare/pipeline.py [--sizes 30,300,3000] [--years 3] [--repeat 3]
    python3 benches/compare/pipeline.py --sizes 40000 --years 4 --repeat 1   # a country
Needs GNU time (/usr/bin/time); builds the release binary first.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venv")
REQUIREMENTS = ["numpy==2.4.6", "pandas==3.1.1", "scikit-learn==1.9.1", "scipy==1.17.1",
                "fastcluster==1.3.0"]
BINARY = os.path.join("target", "release", "schoolpeers")


def in_own_venv():
    """Re-runs the running script in benches/compare/.venv, making it first if needed."""
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(python):
        print(f"making {VENV} with {', '.join(REQUIREMENTS)}", flush=True)
        venv.create(VENV, with_pip=True)
        subprocess.run([python, "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    os.execv(python, [python, os.path.abspath(sys.argv[0]), *sys.argv[1:]])


def timed(command):
    """(seconds, peak MB) of a command run to its end (GNU time); fails loudly if it fails."""
    with tempfile.NamedTemporaryFile("r") as report:
        done = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", report.name, *command],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
        seconds, kb = report.read().split()
    return float(seconds), int(kb) / 1024


def cold(command, out):
    """`timed(command)` with the folder `out` removed first."""
    shutil.rmtree(out, ignore_errors=True)
    return timed(command)


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def main():
    in_own_venv()
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="30,300,3000")
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; medians shown")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "cli"], check=True)
    reference = [sys.executable, os.path.join(HERE, "reference.py")]
    print(f"{'schools':>8} {'exam rows':>11} | {'engine run':>17} | {'engine, no charts':>17} |"
          f" {'pandas + sklearn':>17} | {'faster by':>9} {'(no charts)':>11} |"
          f" {'rerun, weight changed':>21}", flush=True)
    for n in [int(v) for v in args.sizes.split(",") if v]:
        with tempfile.TemporaryDirectory() as tmp:
            data, out = os.path.join(tmp, "data"), os.path.join(tmp, "out")
            subprocess.run([BINARY, "generate", "--schools", str(n), "--years", str(args.years),
                            "--seed", "1", "--out", data], check=True, stdout=subprocess.DEVNULL)
            with open(os.path.join(data, "exams.csv"), "rb") as f:
                rows = sum(1 for _ in f) - 1
            sides = {
                "engine": [BINARY, "run", data, "--out", out],
                "bare": [BINARY, "run", data, "--out", out, "--charts", "none"],
                "reference": [*reference, data, out + "-py"],
            }
            # Every engine run is cold: its output folder removed first, so that no run takes
            # the district from the previous one's rerun cache. The sides alternate.
            times = {side: [] for side in [*sides, "rerun"]}
            for _ in range(args.repeat):
                for side, command in sides.items():
                    times[side].append(cold(command, out))
            # The rerun: the same folder again (its cache written by the last cold run) with
            # one weight changed in district.toml, every output and the default charts.
            with open(os.path.join(data, "district.toml"), "w") as f:
                f.write("[outcome.weights]\nege_index = 2\noge_index = 1\n")
            for _ in range(args.repeat):
                times["rerun"].append(timed(sides["engine"]))
            (es, em), (bs, bm), (rs, rm), (ws, wm) = (
                (median([t[0] for t in times[s]]), median([t[1] for t in times[s]]))
                for s in ("engine", "bare", "reference", "rerun"))
            print(f"{n:>8} {rows:>11,} | {es:7.2f} s {em:6.0f} MB | {bs:7.2f} s {bm:6.0f} MB |"
                  f" {rs:7.2f} s {rm:6.0f} MB | {rs / es:8.1f}x {rs / bs:10.1f}x |"
                  f" {ws:7.2f} s {wm:6.0f} MB", flush=True)


if __name__ == "__main__":
    main()
