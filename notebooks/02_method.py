# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The method: how the peer groups are formed, and how robust they are
#
# On a generated district of 300 schools (student-level results, 3 years): the table the
# number of groups was chosen from, the groups' stability, what changes with another k or
# another method, and the small-cohort shrinkage of the results. Only the binary and its
# documented outputs are used (docs/method.md explains each step).

# %%
import json
import os
import subprocess
import tempfile
from collections import Counter
from math import comb
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import polars as pl  # noqa: E402

HERE = Path.cwd()
REPO = Path(os.environ.get("SCHOOLPEERS_REPO", HERE.parent if HERE.name == "notebooks" else HERE))
BINARY = os.environ.get("SCHOOLPEERS", str(REPO / "target" / "release" / "schoolpeers"))
WORK = Path(tempfile.mkdtemp(prefix="method-"))
DATA = WORK / "district"


def schoolpeers(*args):
    done = subprocess.run([BINARY, "--lang", "en", *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def run(name, config=None):
    """Runs the engine (with `config` as district.toml) and returns results.json."""
    (DATA / "district.toml").unlink(missing_ok=True)
    if config:
        (DATA / "district.toml").write_text(config, encoding="utf-8")
    out = WORK / f"out-{name}"
    schoolpeers("run", DATA, "--out", out, "--charts", "none")
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


schoolpeers("generate", "--schools", 300, "--years", 3, "--seed", 2026, "--out", DATA)
default = run("default")

# %% [markdown]
# ## Choosing the number of groups
# Each k tried, per side of the school-kind split (`tier`), with its three scores; only
# admissible k (no group under the minimum size, none over the maximum share) can be chosen,
# and among them the criterion (silhouette by default) decides.

# %%
selection = default["k_selection"]
candidates = pl.DataFrame(selection["candidates"]).select(
    "tier", "k", "silhouette", "calinski_harabasz", "gap", "smallest_group", "largest_group",
    "admissible",
)
best = (
    candidates.filter(pl.col("admissible"))
    .sort(["tier", "silhouette", "k"], descending=[False, True, False])
    .group_by("tier", maintain_order=True)
    .first()
)
assert selection["criterion"] == "silhouette"
# The groups made are the chosen k of each side.
assert best["k"].sum() == len(default["groups"]), (best, len(default["groups"]))
candidates

# %% [markdown]
# ## Stability
# Each group's stability: how often its schools are grouped together again when the district
# is subsampled and grouped anew (1 = always). Boundary schools sit between two groups.

# %%
groups = pl.DataFrame(
    [{k: g[k] for k in ("peer_group", "tier", "size", "stability", "boundary")}
     for g in default["groups"]]
)
assert groups["stability"].is_between(0, 1).all()
assert groups["size"].sum() == default["summary"]["ranked"]
groups


# %% [markdown]
# ## Another k, another method
# The adjusted Rand index compares two groupings of the same schools (1: the same groups;
# about 0: no more alike than chance). The same settings and seed give the same groups.

# %%
def labels(results):
    return {s["school_id"]: s["peer_group"] for s in results["schools"] if s["peer_group"]}


def adjusted_rand(a, b):
    keys = sorted(a.keys() & b.keys())
    pairs = Counter((a[k], b[k]) for k in keys)
    rows, cols = Counter(a[k] for k in keys), Counter(b[k] for k in keys)
    index = sum(comb(n, 2) for n in pairs.values())
    row_sum, col_sum = sum(comb(n, 2) for n in rows.values()), sum(comb(n, 2) for n in cols.values())
    expected = row_sum * col_sum / comb(len(keys), 2)
    return (index - expected) / ((row_sum + col_sum) / 2 - expected)


variants = {
    "same settings again": run("again"),
    "k = 3 per side": run("k3", "[groups]\nk = 3\n"),
    "Ward linkage": run("ward", '[groups]\nmethod = "ward"\n'),
}
comparison = pl.DataFrame(
    [{"variant": name, "groups": len(r["groups"]),
      "adjusted Rand vs default": adjusted_rand(labels(default), labels(r))}
     for name, r in variants.items()]
)
assert comparison["adjusted Rand vs default"][0] == 1.0, "same inputs and seed, same groups"
assert comparison["groups"][1] == 3 * best.height
assert comparison["adjusted Rand vs default"].is_between(-1, 1).all()
comparison

# %% [markdown]
# ## Small cohorts are shrunk toward what their conditions predict
# A school with few exam takers has a noisy mean: its result is pulled toward the expected
# one, the more so the smaller the cohort (docs/method.md). The chart shows how far each
# school's result moved against its number of exam takers.

# %%
moved = pl.DataFrame(
    [{"cohort": s["cohort"], "shift": s["score"] - s["score_unshrunk"]}
     for s in default["schools"] if s["score"] is not None and s["score_unshrunk"] is not None]
)
figure, axes = plt.subplots(figsize=(7, 4))
axes.scatter(moved["cohort"], moved["shift"].abs(), s=12)
axes.set_xscale("log")
axes.set_xlabel("exam takers (years used)")
axes.set_ylabel("|shrunk − unshrunk result|")
axes.set_title("Small-cohort shrinkage")
figure.savefig(WORK / "shrinkage.png", dpi=100, bbox_inches="tight")
small = moved.filter(pl.col("cohort") < moved["cohort"].median())["shift"].abs().mean()
large = moved.filter(pl.col("cohort") >= moved["cohort"].median())["shift"].abs().mean()
assert small > large, (small, large)
assert (WORK / "shrinkage.png").stat().st_size > 5_000
print(f"mean shift: {small:.3f} for the smaller half of the cohorts, {large:.3f} for the larger")
