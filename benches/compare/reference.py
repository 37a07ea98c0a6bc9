#!/usr/bin/env python3
"""What an analyst would otherwise write: the district run in pandas + scikit-learn + scipy.

    reference.py DATA_DIR OUT_DIR [--seed 42]

Reads the four tables `schoolpeers generate` writes (UTF-8 with BOM, `;`, decimal comma),
and does the engine's steps with the usual Python tools:
  1. per school and year, each exam subject's mean standardised across schools, their mean
     the composite, averaged over the latest three years; ЕГЭ below the minimum and high
     scores, ОГЭ fails, ВПР marks; staff shares and experience; olympiad awards per 100 pupils;
  2. the passport as context, missing values filled with the median, standardised;
  3. k from 2 to min(8, n / 4) by scikit-learn's KMeans (k-means++, n_init = 10), scored by
     silhouette (exact up to 10,000 schools, on a sample of 10,000 above, as the engine
     computes it), Calinski–Harabasz and the
     gap statistic (10 uniform references, one start each); the best admissible silhouette;
  4. the rank, percentile, median and top quarter within each group; low and base schools;
  5. stability: 20 bootstrap resamples regrouped, adjusted Rand index against the grouping;
  6. 5 nearest peers of each school (scikit-learn NearestNeighbors);
  7. each low school's gaps to its group's medians (diagnosis);
  8. pairing: scipy's linear_sum_assignment per group over base schools with 2 places each;
  9. ranking.csv, pairs.csv (Excel dialect) and results.json.
It draws no charts and writes no workbook or report page: it does less than the engine, so
the comparison is in Python's favour.
"""
import argparse
import json
import os

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, calinski_harabasz_score, silhouette_score
from sklearn.neighbors import NearestNeighbors

READ = dict(sep=";", decimal=",", encoding="utf-8-sig", dtype={"код ОО": str})
EGE_MINIMUM = {"русский": 24, "математика": 27, "физика": 36, "химия": 36, "информатика": 40,
               "биология": 36, "история": 32, "география": 37, "обществознание": 42}


def features(data):
    schools = pd.read_csv(os.path.join(data, "schools.csv"), **READ).set_index("код ОО")
    exams = pd.read_csv(os.path.join(data, "exams.csv"), **READ)
    staff = pd.read_csv(os.path.join(data, "staff.csv"), **READ)
    olympiads = pd.read_csv(os.path.join(data, "olympiads.csv"), **READ)

    years = sorted(exams["год"].unique())[-3:]
    exams = exams[exams["год"].isin(years)]
    scored = exams.dropna(subset=["балл"])
    cell = scored.groupby(["код ОО", "год", "экзамен", "предмет"])["балл"].agg(["mean", "size"])
    by_subject = cell.groupby(level=["год", "экзамен", "предмет"])["mean"]
    cell["z"] = (cell["mean"] - by_subject.transform("mean")) / by_subject.transform("std")
    cell["wz"] = cell["z"] * cell["size"]
    per_year = cell.groupby(level=["код ОО", "год"])[["wz", "size"]].sum()
    per_year["composite"] = per_year["wz"] / per_year["size"]
    out = pd.DataFrame(index=schools.index)
    out["composite"] = per_year["composite"].groupby(level="код ОО").mean()

    ege = scored[scored["экзамен"] == "ЕГЭ"]
    first = ege["предмет"].str.split().str[0]
    minimum = first.map(EGE_MINIMUM)
    out["ege_below_min"] = (ege["балл"] < minimum).groupby(ege["код ОО"]).mean() * 100
    out["ege_high"] = (ege["балл"] >= 81).groupby(ege["код ОО"]).mean() * 100
    if "отметка" in exams:
        oge = exams[exams["экзамен"] == "ОГЭ"]
        out["oge_fail"] = (oge["отметка"] == 2).groupby(oge["код ОО"]).mean() * 100
        vpr = exams[exams["экзамен"] == "ВПР"]
        out["vpr_mark"] = vpr.groupby("код ОО")["отметка"].mean()

    teachers = staff.groupby("код ОО")
    out["highest_category"] = teachers["категория"].apply(lambda c: (c == "высшая").mean() * 100)
    out["experience"] = teachers["стаж"].mean()
    out["young"] = teachers["стаж"].apply(lambda e: (e <= 5).mean() * 100)
    out["teachers_per_100"] = teachers.size() / schools["обучающихся"] * 100
    awards = olympiads[olympiads["результат"].isin(["победитель", "призёр"])]
    out["awards_per_100"] = (awards.groupby("код ОО").size() / schools["обучающихся"] * 100).fillna(0)

    context = schools.select_dtypes("number").drop(columns=["широта", "долгота"], errors="ignore")
    context = context.assign(обучающихся=np.log(context["обучающихся"]))
    context = context.fillna(context.median())
    context = (context - context.mean()) / context.std(ddof=0).replace(0, 1)
    return schools, out, context


def gap_statistic(x, ks, inertias, seed, references=10):
    rng = np.random.default_rng(seed)
    lows, highs = x.min(axis=0), x.max(axis=0)
    refs = np.array([[np.log(KMeans(k, n_init=1, random_state=seed).fit(u).inertia_) for k in ks]
                     for u in (rng.uniform(lows, highs, size=x.shape) for _ in range(references))])
    return refs.mean(axis=0) - np.log(inertias), refs.std(axis=0) * np.sqrt(1 + 1 / references)


def choose_k(x, seed):
    n = len(x)
    ks = list(range(2, max(2, min(8, n // 4)) + 1))
    fits = [KMeans(k, n_init=10, random_state=seed).fit(x) for k in ks]
    gap, _ = gap_statistic(x, ks, [f.inertia_ for f in fits], seed)
    table = []
    for k, f, g in zip(ks, fits, gap):
        sizes = np.bincount(f.labels_, minlength=k)
        admissible = sizes.min() >= 3 and sizes.max() <= 0.5 * n
        # As the engine: exact up to 10,000 rows, a seeded sample of 10,000 above.
        sample = 10_000 if n > 10_000 else None
        table.append(dict(k=k, silhouette=silhouette_score(x, f.labels_, sample_size=sample,
                                                           random_state=seed),
                          calinski_harabasz=calinski_harabasz_score(x, f.labels_), gap=g,
                          admissible=bool(admissible)))
    best = max((t for t in table if t["admissible"]), key=lambda t: t["silhouette"],
               default=table[0])
    return fits[ks.index(best["k"])].labels_, table


def stability(x, labels, k, seed, draws=20):
    rng = np.random.default_rng(seed)
    scores = []
    for _ in range(draws):
        rows = rng.choice(len(x), size=len(x), replace=True)
        again = KMeans(k, n_init=10, random_state=seed).fit(x[rows]).labels_
        scores.append(adjusted_rand_score(labels[rows], again))
    return float(np.mean(scores))


def haversine_km(a, b):
    lat1, lon1, lat2, lon2 = map(np.radians, (a[:, None, 0], a[:, None, 1], b[None, :, 0], b[None, :, 1]))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(h))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    schools, out, context = features(args.data)
    ranked = out.dropna(subset=["composite"]).index.intersection(context.index)
    x = context.loc[ranked].to_numpy()
    labels, table = choose_k(x, args.seed)
    k = labels.max() + 1
    stable = stability(x, labels, k, args.seed)
    peers = NearestNeighbors(n_neighbors=min(6, len(x))).fit(x).kneighbors(x)[1][:, 1:]

    r = out.loc[ranked].assign(group=labels + 1)
    by_group = r.groupby("group")["composite"]
    r["rank"] = by_group.rank(ascending=False, method="min")
    r["percentile"] = by_group.rank(pct=True) * 100
    r["median"] = by_group.transform("median")
    r["top_quarter"] = by_group.transform(lambda s: s.quantile(0.75))
    sd = r["composite"].std()
    quarter = by_group.transform(lambda s: s.quantile(0.25))
    r["status"] = np.where((r["composite"] <= quarter) & (r["composite"] < r["median"] - 0.5 * sd),
                           "low", np.where(r["composite"] >= r["top_quarter"], "base", "regular"))

    factors = [c for c in out.columns if c != "composite"]
    medians = r.groupby("group")[factors].transform("median")
    gaps = (r[factors] - medians) / r[factors].std()
    diagnosis = {school: gaps.loc[school].dropna().nsmallest(3).round(3).to_dict()
                 for school in r.index[r["status"] == "low"]}

    pairs = []
    places = schools.loc[ranked, ["широта", "долгота"]].to_numpy()
    position = {school: i for i, school in enumerate(ranked)}
    for g, members in r.groupby("group"):
        low = [position[s] for s in members.index[members["status"] == "low"]]
        base = [position[s] for s in members.index[members["status"] == "base"]]
        if not low or not base:
            continue
        slots = np.repeat(base, 2)
        cost = np.linalg.norm(x[low][:, None, :] - x[slots][None, :, :], axis=2)
        cost += haversine_km(places[low], places[slots]) / 10.0
        rows, cols = linear_sum_assignment(cost)
        pairs += [(ranked[low[i]], ranked[slots[j]], round(float(cost[i, j]), 3)) for i, j in zip(rows, cols)]

    os.makedirs(args.out, exist_ok=True)
    excel = dict(sep=";", decimal=",", encoding="utf-8-sig")
    r.sort_values(["group", "rank"]).to_csv(os.path.join(args.out, "ranking.csv"), **excel)
    pd.DataFrame(pairs, columns=["low", "base", "cost"]).to_csv(
        os.path.join(args.out, "pairs.csv"), index=False, **excel)
    with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as f:
        json.dump(dict(k_selection=table, stability=stable, diagnosis=diagnosis,
                       peers={ranked[i]: [ranked[j] for j in p] for i, p in enumerate(peers)},
                       schools=json.loads(r.reset_index().to_json(orient="records"))),
                  f, ensure_ascii=False, default=float)
    print(f"schools={len(schools)} ranked={len(r)} groups={k} low={(r['status'] == 'low').sum()} "
          f"pairs={len(pairs)}")


if __name__ == "__main__":
    main()
