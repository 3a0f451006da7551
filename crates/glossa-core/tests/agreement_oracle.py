"""Reference figures for Glossa's agreement tests, from the packages people
trust. Reads cases (JSON) on stdin, writes the figures (JSON) on stdout.
Undefined figures (0/0, which the packages give as nan) are null."""
import json, math, sys, warnings
import numpy as np
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa, aggregate_raters
import krippendorff
from nltk.metrics.agreement import AnnotationTask
from nervaluate import Evaluator

warnings.filterwarnings("ignore")


def num(x):
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


out = []
for case in json.load(sys.stdin):
    coders, k = case["coders"], case["k"]
    m = len(coders)
    res = {"cohen": [], "fleiss": None, "alpha": None, "nltk_kappa": None, "nltk_alpha": None, "strict_f1": [], "ent_type_f1": []}
    for i in range(m):
        for j in range(i + 1, m):
            both = [(a, b) for a, b in zip(coders[i], coders[j]) if a is not None and b is not None]
            res["cohen"].append(num(cohen_kappa_score([a for a, _ in both], [b for _, b in both], labels=list(range(k)))) if both else None)
    complete = [row for row in zip(*coders) if all(v is not None for v in row)]
    if complete:
        table, _ = aggregate_raters(np.array(complete), n_cat=k)
        res["fleiss"] = num(fleiss_kappa(table, method="fleiss"))
    data = np.array([[np.nan if v is None else v for v in c] for c in coders], dtype=float)
    try:
        res["alpha"] = num(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal", value_domain=list(range(k))))
    except (ValueError, ZeroDivisionError):
        res["alpha"] = None
    if len(complete) == len(coders[0]) and complete:
        task = AnnotationTask(data=[(f"c{i}", str(n), str(v)) for i, c in enumerate(coders) for n, v in enumerate(c)])
        try:
            res["nltk_kappa"] = num(task.kappa())
        except ZeroDivisionError:
            res["nltk_kappa"] = None
        try:
            res["nltk_alpha"] = num(task.alpha())
        except ZeroDivisionError:
            res["nltk_alpha"] = None
    spans = case.get("spans", [])
    for i in range(len(spans)):
        for j in range(i + 1, len(spans)):
            true = [[{"label": t, "start": s, "end": e - 1} for t, s, e in spans[i]]]
            pred = [[{"label": t, "start": s, "end": e - 1} for t, s, e in spans[j]]]
            if not spans[i] and not spans[j]:
                res["strict_f1"].append(None)
                res["ent_type_f1"].append(None)
                continue
            r = Evaluator(true, pred, tags=["claim", "denial", "quote"]).evaluate()["overall"]
            res["strict_f1"].append(num(r["strict"].f1))
            res["ent_type_f1"].append(num(r["ent_type"].f1))
    out.append(res)
json.dump(out, sys.stdout)
