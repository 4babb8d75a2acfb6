"""Held-out metrics from methods' answers and the graded judgements.

- `docs_ndcg`: nDCG@10 (ranx, linear gains) of the distinct documents in order of first
  appearance, against the document judgements;
- `hits_ndcg`: nDCG@10 of the ten hits as shown, each graded by its passage judgement; a hit of a
  document already shown above it adds nothing (the user learns nothing new from it), and the
  ideal list is ten distinct documents, each with its best judged passage;
- `hits_best_ndcg`: the same cards in the same order, each graded by its document's best judged
  passage: what choosing a source's passage costs (`hits_ndcg` below it), as a diagnostic. It
  is an upper bound, the best of every passage judged for the source, never a target;
- `intended_ndcg`: nDCG@10 of the document list against the writer's `intended` keys (binary,
  not exhaustive): a provisional figure until judgements exist;
- `judged_docs` / `judged_hits`: the share of top-10 items with a judgement; unjudged items count
  as not relevant, so a low share means the nDCG figures are not yet to be trusted;
- `page_accuracy` (`page_accuracy_ocr`: with the notes as scans): page questions whose cited
  page (the page of the best-ranked hit of the target document in the ten shown; wrong if
  absent) is the known page;
- `none_no_match` / `answerable_no_match`: questions answered "no good match" (no shown hit with
  `good_match`) among the `none` questions, and among the answerable ones (a wrong refusal).

Questions count in an nDCG mean only when something is relevant to them (a positive grade or
an intended key); `counts` says how many did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .heldout_set import Answer, Qrels, Question, Shown

DEPTH = 10
_EMPTY = "\u2400"  # ranx needs one run entry per question


def _ranx(qrels: dict[str, dict[str, int]], run: dict[str, list[str]], metric: str) -> dict:
    from ranx import Qrels as RQrels
    from ranx import Run, evaluate

    ids = list(qrels)
    if not ids:
        return {}
    scored = {}
    for q in ids:
        ranked = list(dict.fromkeys(run.get(q, [])))[:DEPTH] or [_EMPTY]
        scored[q] = {k: float(len(ranked) - i) for i, k in enumerate(ranked)}
    r = Run(scored)
    evaluate(RQrels(qrels), r, [metric], make_comparable=True)
    return {q: float(r.scores[metric][q]) for q in ids}


def ndcg_docs(qrels: Mapping[str, Mapping[str, int]], run: Mapping[str, Sequence[str]]) -> dict:
    """Per question: nDCG@10 of a ranked key list (questions without a positive grade left out)."""
    rel = {q: dict(g) for q, g in qrels.items() if any(v > 0 for v in g.values())}
    return _ranx(rel, {q: list(v) for q, v in run.items()}, f"ndcg@{DEPTH}")


def card_gains(ans: Answer, grade_of: Callable[[Shown], int]) -> list[int]:
    """The gain of each shown hit: `grade_of` it, 0 when its document was shown above (the
    user learns nothing new from it)."""
    seen: set[str] = set()
    gains = []
    for s in ans.shown[:DEPTH]:
        gains.append(0 if s.key in seen else grade_of(s))
        seen.add(s.key)
    return gains


def shown_gains(ans: Answer, qid: str, qrels: Qrels, unjudged: int = 0) -> list[int]:
    """The gain of each shown hit: its passage grade (`unjudged` when it has none)."""

    def grade(s: Shown) -> int:
        got = qrels.passage_grade(qid, s.pkey)
        return unjudged if got is None else got

    return card_gains(ans, grade)


def dcg_many(gains: Mapping[str, Sequence[int]]) -> dict[str, float]:
    """Per question: DCG@10 of a list of gains, through ranx (the formula of `ndcg_docs`).

    One ranx call for all questions: ranx's first call in a process compiles its data
    structures (seconds), later ones are cheap.
    """
    qrels = {q: {f"h{i}": g for i, g in enumerate(gs[:DEPTH]) if g > 0} for q, gs in gains.items()}
    positive = {q: r for q, r in qrels.items() if r}
    run = {q: [f"h{i}" for i in range(min(len(gains[q]), DEPTH))] for q in positive}
    got = _ranx(positive, run, f"dcg@{DEPTH}")
    return {q: got.get(q, 0.0) for q in gains}


def best_gains(ans: Answer, best: Mapping[str, int]) -> list[int]:
    """The gain of each shown card had it shown its document's best judged passage (`best`:
    Qrels.best_passages)."""
    return card_gains(ans, lambda s: best.get(s.key, 0))


def ndcg_shown(answers: Mapping[str, Answer], qrels: Qrels, best: bool = False) -> dict[str, float]:
    """Per question with a positively judged passage: nDCG@10 of the hits as shown, or
    (`best`) of the same cards each showing its document's best judged passage."""
    gains, ideals = {}, {}
    for qid, ans in answers.items():
        best_of = qrels.best_passages(qid)
        ideal = sorted(best_of.values(), reverse=True)[:DEPTH]
        if any(ideal):
            gains[qid] = best_gains(ans, best_of) if best else shown_gains(ans, qid, qrels)
            ideals[qid] = ideal
    dcg, idcg = dcg_many(gains), dcg_many(ideals)
    return {q: dcg[q] / idcg[q] for q in gains}


def cited_page(ans: Answer, doc: str) -> int | None:
    """The page of the best-ranked shown hit of `doc`, if one is shown."""
    return next((s.page for s in ans.shown[:DEPTH] if s.key == doc), None)


def no_good_match(ans: Answer) -> bool:
    return not any(s.good_match for s in ans.shown[:DEPTH])


def _mean(values: Mapping[str, float], ids: Sequence[str]) -> float | None:
    got = [values[i] for i in ids if i in values]
    return round(sum(got) / len(got), 4) if got else None


def _share(flags: Mapping[str, bool], ids: Sequence[str]) -> float | None:
    got = [flags[i] for i in ids if i in flags]
    return round(sum(got) / len(got), 4) if got else None


def per_question(
    questions: Sequence[Question],
    answers: Mapping[str, Answer],
    qrels: Qrels,
    ocr_answers: Mapping[str, Answer] | None = None,
) -> dict[str, dict[str, Any]]:
    """Every figure of every question (kept for audits, not printed); `ocr_answers` are the
    same method's answers over the collection with scanned notes (page questions only)."""
    answerable = [q for q in questions if q.kind != "none"]
    doc_run = {q.id: [s.key for s in answers[q.id].docs] for q in answerable}
    docs = ndcg_docs({q.id: qrels.documents.get(q.id, {}) for q in answerable}, doc_run)
    hits = ndcg_shown({q.id: answers[q.id] for q in answerable}, qrels)
    best = ndcg_shown({q.id: answers[q.id] for q in answerable}, qrels, best=True)
    intended = ndcg_docs({q.id: dict.fromkeys(q.intended, 1) for q in answerable}, doc_run)
    out: dict[str, dict[str, Any]] = {}
    for q in questions:
        ans = answers[q.id]
        row: dict[str, Any] = {"no_good_match": no_good_match(ans)}
        if q.kind != "none":
            row.update(docs_ndcg=docs.get(q.id), hits_ndcg=hits.get(q.id))
            row["hits_best_ndcg"] = best.get(q.id)
            row["intended_ndcg"] = intended.get(q.id)
            top_docs = [s.key for s in ans.docs[:DEPTH]]
            row["judged_docs"] = [qrels.doc_grade(q.id, k) is not None for k in top_docs]
            row["judged_hits"] = [
                qrels.passage_grade(q.id, s.pkey) is not None for s in ans.shown[:DEPTH]
            ]
        if q.page is not None:
            row["cited_page"] = cited_page(ans, q.page.doc)
            row["page_right"] = row["cited_page"] == q.page.page
            if ocr_answers is not None and q.id in ocr_answers:
                row["cited_page_ocr"] = cited_page(ocr_answers[q.id], q.page.doc)
                row["page_right_ocr"] = row["cited_page_ocr"] == q.page.page
        out[q.id] = row
    return out


def summary(questions: Sequence[Question], rows: Mapping[str, Mapping[str, Any]]) -> dict:
    """Means over a group of questions: the figures of the module doc, and their counts."""
    ids = [q.id for q in questions]

    def values(name: str) -> dict[str, float]:
        return {i: rows[i][name] for i in ids if rows[i].get(name) is not None}

    def flat(name: str) -> list[bool]:
        return [x for i in ids for x in rows[i].get(name, [])]

    answerable = [q.id for q in questions if q.kind != "none"]
    page = {i: rows[i]["page_right"] for i in ids if "page_right" in rows[i]}
    page_ocr = {i: rows[i]["page_right_ocr"] for i in ids if "page_right_ocr" in rows[i]}
    refused = {i: rows[i]["no_good_match"] for i in ids}
    judged_docs, judged_hits = flat("judged_docs"), flat("judged_hits")
    return {
        "docs_ndcg": _mean(values("docs_ndcg"), ids),
        "hits_ndcg": _mean(values("hits_ndcg"), ids),
        "hits_best_ndcg": _mean(values("hits_best_ndcg"), ids),
        "intended_ndcg": _mean(values("intended_ndcg"), ids),
        "judged_docs": round(sum(judged_docs) / len(judged_docs), 4) if judged_docs else None,
        "judged_hits": round(sum(judged_hits) / len(judged_hits), 4) if judged_hits else None,
        "page_accuracy": _share(page, ids),
        "page_accuracy_ocr": _share(page_ocr, ids),
        "none_no_match": _share(refused, [q.id for q in questions if q.kind == "none"]),
        "answerable_no_match": _share(refused, answerable),
        "counts": {
            "questions": len(ids),
            "docs_ndcg": len(values("docs_ndcg")),
            "hits_ndcg": len(values("hits_ndcg")),
            "intended_ndcg": len(values("intended_ndcg")),
            "page": len(page),
        },
    }


def breakdown(questions: Sequence[Question], rows: Mapping[str, Mapping[str, Any]]) -> dict:
    """The summary overall and by language, kind and cross-lingual."""
    groups: dict[str, Callable[[Question], str]] = {
        "lang": lambda q: q.lang,
        "kind": lambda q: q.kind,
        "cross_lingual": lambda q: "yes" if q.cross_lingual else "no",
    }
    out: dict[str, Any] = {"all": summary(questions, rows)}
    for name, of in groups.items():
        values = sorted({of(q) for q in questions})
        out[name] = {v: summary([q for q in questions if of(q) == v], rows) for v in values}
    return out
