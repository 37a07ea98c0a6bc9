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
# # The August run on the demo district
#
# Runs `schoolpeers` on the bundled demo district (28 schools, 3 years of results) and reads
# what it wrote, as an analyst would: `results.json` and the CSVs. Only the documented outputs
# are used (docs/output-format.md); nothing of the engine's code is imported.
#
# The binary is `$SCHOOLPEERS` if set, else `target/release/schoolpeers` of this repository
# (`cargo build --release` first).

# %%
import json
import os
import subprocess
import tempfile
from pathlib import Path

import polars as pl

HERE = Path.cwd()
REPO = Path(os.environ.get("SCHOOLPEERS_REPO", HERE.parent if HERE.name == "notebooks" else HERE))
BINARY = os.environ.get("SCHOOLPEERS", str(REPO / "target" / "release" / "schoolpeers"))
OUT = Path(tempfile.mkdtemp(prefix="august-run-"))

run = subprocess.run(
    [BINARY, "--lang", "en", "--csv-dialect", "rfc4180", "run", str(REPO / "data" / "demo"),
     "--out", str(OUT)],
    capture_output=True, text=True,
)
assert run.returncode == 0, run.stderr
print(run.stdout.splitlines()[0])

# %% [markdown]
# ## Every school is accounted for
# `results.json` lists every school once: ranked in a peer group, or excluded with a reason.

# %%
results = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
summary = results["summary"]
schools = pl.DataFrame(
    [
        {k: s[k] for k in ("school_id", "name", "peer_group", "rank_in_group", "score",
                           "compared_score", "gap_to_group_median", "percentile_in_group",
                           "status")}
        for s in results["schools"]
    ]
)
assert schools.height == summary["schools"] == 28
assert summary["ranked"] + summary["excluded"] == summary["schools"]
assert schools["school_id"].n_unique() == schools.height
schools.group_by("status").len().sort("status")

# %% [markdown]
# ## The peer groups
# Schools working in similar conditions: each group's size, stability (how often its schools
# stay together when the district is resampled) and its median result.

# %%
groups = pl.DataFrame(
    [{k: g[k] for k in ("peer_group", "description", "size", "stability", "median_score")}
     for g in results["groups"]]
)
assert groups["size"].sum() == summary["ranked"]
assert groups.height == summary["groups"]
groups

# %% [markdown]
# ## The ranking inside one group
# A school is compared only with its peers: its rank, its gap to the group's median, its
# percentile. Here, the largest group, from `ranking.csv` (the scripts' dialect: `,` and `.`).
# The rank follows the *compared* result (`compared_score` in results.json: the result beyond
# what the school's conditions lead one to expect, see docs/method.md), not the raw score.

# %%
ranking = pl.read_csv(OUT / "ranking.csv", schema_overrides={"School ID": pl.String})
largest = groups.sort(["size", "peer_group"], descending=[True, False])["peer_group"][0]
in_group = ranking.filter(pl.col("Group") == largest).sort("Rank in group")
assert in_group.height == groups.filter(pl.col("peer_group") == largest)["size"][0]
assert in_group["Rank in group"].to_list() == sorted(in_group["Rank in group"].to_list())
# Ranked by the compared result: rank 1 has the group's highest.
compared = schools.filter(pl.col("peer_group") == largest).sort("rank_in_group")
assert compared["compared_score"].to_list() == sorted(compared["compared_score"], reverse=True)
assert compared["school_id"].to_list() == in_group["School ID"].to_list()
in_group.select("Rank in group", "School ID", "Name", "Score", "Gap to group median")

# %% [markdown]
# ## Low schools and their base schools
# The bottom of each group, and the strong school of a similar group proposed to help.

# %%
low = schools.filter(pl.col("status") == "low")
pairs = pl.DataFrame(
    [{k: p[k] for k in ("low_school_id", "low_school_name", "base_school_id",
                        "base_school_name", "context_distance", "distance_km")}
     for p in results["pairs"]]
)
assert low.height == summary["low"] > 0
assert pairs.height == summary["pairs"]
# Every pair's low school is low; every base school is a base school.
status = dict(zip(schools["school_id"], schools["status"]))
assert all(status[s] == "low" for s in pairs["low_school_id"])
assert all(status[s] == "base" for s in pairs["base_school_id"])
# A base school supports at most two.
assert pairs["base_school_id"].value_counts()["count"].max() <= 2
pairs

# %% [markdown]
# ## The engine's charts
# The peer-group map and each group ranked, as PNG (shown here) and SVG.

# %%
charts = OUT / "charts"
pictures = [charts / "map.png", charts / f"group-{largest}.png"]
for picture in pictures:
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture
try:
    from IPython.display import Image, display

    for picture in pictures:
        display(Image(filename=str(picture)))
except ImportError:
    print("\n".join(str(p) for p in pictures))
