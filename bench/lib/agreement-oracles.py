"""Reference implementations for bench/agreement-cli.bench.ts, run as a whole process on the bench's CSV
(item,rater,value): prints {"value": ..., "compute_s": ...} as JSON. Packages from Debian:
python3-nltk, python3-statsmodels, python3-sklearn.

  python3 agreement-oracles.py nltk-alpha FILE       Krippendorff's alpha, nominal (nltk AnnotationTask)
  python3 agreement-oracles.py statsmodels-fleiss FILE   Fleiss' kappa (aggregate_raters + fleiss_kappa)
  python3 agreement-oracles.py sklearn-cohen FILE    Cohen's kappa of a two-rater file (cohen_kappa_score)
"""
import csv
import json
import sys
import time


def rows(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        return [(item, rater, value) for item, rater, value in reader]


def nltk_alpha(path):
    from nltk.metrics.agreement import AnnotationTask

    data = [(rater, item, value) for item, rater, value in rows(path)]
    t = time.perf_counter()
    return AnnotationTask(data=data).alpha(), time.perf_counter() - t


def statsmodels_fleiss(path):
    import numpy as np
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

    items, raters = {}, {}
    records = rows(path)
    for item, rater, _ in records:
        items.setdefault(item, len(items))
        raters.setdefault(rater, len(raters))
    table = np.zeros((len(items), len(raters)), dtype=np.int64)
    for item, rater, value in records:
        table[items[item], raters[rater]] = int(value)
    t = time.perf_counter()
    counts, _ = aggregate_raters(table)
    return fleiss_kappa(counts, method="fleiss"), time.perf_counter() - t


def sklearn_cohen(path):
    from sklearn.metrics import cohen_kappa_score

    by_rater = {}
    for item, rater, value in rows(path):
        by_rater.setdefault(rater, {})[item] = value
    a, b = by_rater.values()
    order = list(a)
    t = time.perf_counter()
    return cohen_kappa_score([a[i] for i in order], [b[i] for i in order]), time.perf_counter() - t


ORACLES = {"nltk-alpha": nltk_alpha, "statsmodels-fleiss": statsmodels_fleiss, "sklearn-cohen": sklearn_cohen}

if __name__ == "__main__":
    value, compute_s = ORACLES[sys.argv[1]](sys.argv[2])
    print(json.dumps({"value": float(value), "compute_s": compute_s}))
