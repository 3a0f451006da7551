"""Reference figures for Glossa's agreement tests (agreement_oracle.rs),
from the packages people trust. Usage: agreement_oracle.py CASES.json OUT.json

A case: {"name", "annotators": [names], "documents": [{"sentences": n,
"works": {name: {"labels": [0..3 or null per sentence], "spans": [[sentence,
tag, start, end], ...]}}}]}. Labels: 0 none, 1 claim, 2 denial, 3 quote;
null where the annotator did not reach the sentence. An annotator without
an entry in a document has every sentence of it missing.

Everything here is computed from that input alone, the way each package's
documentation says to call it; nothing is taken from Glossa's own figures.
Figures a package leaves undefined (nan) are written as null; "nltk_*"
keep nltk's own answer (it returns 1 where the others give nan).
"""
import json
import math
import sys
import warnings
from importlib.metadata import version

import krippendorff
import numpy as np
from nervaluate import Evaluator
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import accuracy_score, cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

warnings.filterwarnings("ignore")

TAGS = ["claim", "denial", "quote"]
PACKAGES = ["scikit-learn", "statsmodels", "krippendorff", "nltk", "nervaluate", "numpy"]


def num(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def columns(case):
    """One list of labels per annotator over every sentence of every document."""
    cols = {a: [] for a in case["annotators"]}
    for doc in case["documents"]:
        for a in case["annotators"]:
            work = doc["works"].get(a)
            cols[a].extend(work["labels"] if work else [None] * doc["sentences"])
    return [cols[a] for a in case["annotators"]]


def sentence_figures(cols, k):
    m = len(cols)
    out = {"cohen": [], "fleiss": None, "fleiss_observed": None, "alpha": None,
           "alpha_error": None, "nltk_alpha": None, "nltk_pi": None,
           "nltk_avg_ao": None, "nltk_kappa": None, "nltk_multi_kappa": None}
    for i in range(m):
        for j in range(i + 1, m):
            both = [(a, b) for a, b in zip(cols[i], cols[j]) if a is not None and b is not None]
            if not both:
                out["cohen"].append({"value": None, "observed": None, "items": 0})
                continue
            y1, y2 = [a for a, _ in both], [b for _, b in both]
            out["cohen"].append({
                "value": num(cohen_kappa_score(y1, y2, labels=list(range(k)))),
                "observed": num(accuracy_score(y1, y2)),
                "items": len(both),
            })
    complete = [row for row in zip(*cols) if all(v is not None for v in row)]
    if complete:
        table, _ = aggregate_raters(np.array(complete), n_cat=k)
        out["fleiss"] = num(fleiss_kappa(table, method="fleiss"))
        task = AnnotationTask(data=[(f"c{c}", str(n), v) for n, row in enumerate(complete)
                                    for c, v in enumerate(row)])
        out["nltk_pi"] = num(task.pi())
        out["nltk_avg_ao"] = num(task.avg_Ao())
        out["nltk_multi_kappa"] = num(task.multi_kappa())
        if len(complete) == len(cols[0]):
            # nltk's kappa divides by every item: only right without gaps.
            out["nltk_kappa"] = num(task.kappa())
    data = np.array([[np.nan if v is None else v for v in c] for c in cols], dtype=float)
    try:
        out["alpha"] = num(krippendorff.alpha(reliability_data=data,
                                              level_of_measurement="nominal",
                                              value_domain=list(range(k))))
    except (ValueError, ZeroDivisionError) as e:
        out["alpha_error"] = str(e)
    given = [(f"c{c}", str(n), v) for c, col in enumerate(cols) for n, v in enumerate(col)
             if v is not None]
    pairable = [n for n, row in enumerate(zip(*cols)) if sum(v is not None for v in row) >= 2]
    if pairable:
        out["nltk_alpha"] = num(AnnotationTask(data=given).alpha())
    return out


def result(r):
    return {"correct": r.correct, "actual": r.actual, "possible": r.possible,
            "precision": r.precision, "recall": r.recall, "f1": r.f1}


def span_figures(case):
    names = case["annotators"]
    pairs = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            true, pred = [], []
            for doc in case["documents"]:
                a, b = doc["works"].get(names[i]), doc["works"].get(names[j])
                if a is None or b is None:
                    continue
                # Only the sentences both reached.
                both = {s for s in range(doc["sentences"])
                        if a["labels"][s] is not None and b["labels"][s] is not None}
                # nervaluate's ends are inclusive.
                true.append([{"label": t, "start": st, "end": en - 1}
                             for s, t, st, en in a["spans"] if s in both])
                pred.append([{"label": t, "start": st, "end": en - 1}
                             for s, t, st, en in b["spans"] if s in both])
            if not true:
                pairs.append(None)
                continue
            r = Evaluator(true, pred, tags=TAGS, loader="dict").evaluate()
            pairs.append({
                scope: {kind: result(res[kind]) for kind in ("strict", "ent_type")}
                for scope, res in [("overall", r["overall"])] + list(r["entities"].items())
            })
    return pairs


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    out = {"versions": {p: version(p) for p in PACKAGES}, "cases": []}
    for case in cases:
        cols = columns(case)
        res = {"overall": sentence_figures(cols, 4)}
        for t, tag in enumerate(TAGS):
            binary = [[None if v is None else int(v == t + 1) for v in c] for c in cols]
            res[tag] = sentence_figures(binary, 2)
        out["cases"].append({"name": case["name"], "sentences": res, "spans": span_figures(case)})
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(out, f)


main()
