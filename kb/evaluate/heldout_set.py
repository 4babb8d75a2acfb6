"""The held-out questions and their graded judgements (qrels), pooled and merged blind.

Judgements are graded 0-3 (3 answers the question, 2 relevant, 1 marginal, 0 not) at two
levels: a document for a question, and a passage exactly as a method showed it for a question
(its key is a short hash of the document key and the normalised snippet, so the same text
shown by two methods is judged once). `pool_items` lists what the methods put in their top 10
that has no judgement yet, shuffled and without method names or ranks; `merge_judged` reads a
judged pool file back into `corpus/eval/heldout/qrels.yaml`.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from kb.errors import MetadataError
from kb.files import atomic_write

KINDS = ("program", "document", "page", "none")
GRADES = (0, 1, 2, 3)
_SEED = 13  # the pool's order is shuffled but reproducible
T = TypeVar("T")


@dataclass(frozen=True)
class PageTarget:
    doc: str
    page: int


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    kind: str
    cross_lingual: bool
    query: str
    intended: tuple[str, ...] = ()
    page: PageTarget | None = None
    note: str = ""


def load_questions(path: Path) -> list[Question]:
    """The held-out questions; a malformed entry names the file, the entry and the field."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MetadataError(str(path), f"cannot read the held-out questions: {exc}") from exc
    if not isinstance(raw, list):
        raise MetadataError(str(path), "expected a YAML list of questions")
    out = []
    for i, item in enumerate(raw):
        try:
            page = item.get("page")
            q = Question(
                id=str(item["id"]),
                lang=str(item["lang"]),
                kind=str(item["kind"]),
                cross_lingual=bool(item["cross_lingual"]),
                query=str(item["query"]),
                intended=tuple(str(k) for k in item.get("intended") or ()),
                page=PageTarget(str(page["doc"]), int(page["page"])) if page else None,
                note=str(item.get("note") or ""),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise MetadataError(
                str(path), f"question {i + 1}: needs id, lang, kind, cross_lingual, query ({exc})"
            ) from exc
        if q.kind not in KINDS:
            raise MetadataError(str(path), f"question {q.id}: kind {q.kind!r} not in {KINDS}")
        if (q.kind == "page") != (q.page is not None):
            raise MetadataError(str(path), f"question {q.id}: page questions (only) need page")
        out.append(q)
    if len({q.id for q in out}) != len(out):
        raise MetadataError(str(path), "question ids repeat")
    return out


# ---- passages and judgements ------------------------------------------------------------
def normalise_snippet(text: str) -> str:
    """Case, accents' composition, ellipses and spacing do not make another passage."""
    text = unicodedata.normalize("NFC", text).replace("…", " ").casefold()
    return " ".join(text.split())


def passage_key(doc: str, snippet: str) -> str:
    return hashlib.sha256(f"{doc}\n{normalise_snippet(snippet)}".encode()).hexdigest()[:12]


@dataclass
class Qrels:
    """Graded judgements: documents[qid][doc key] and passages[qid][passage key] -> (grade, doc)."""

    documents: dict[str, dict[str, int]] = field(default_factory=dict)
    passages: dict[str, dict[str, tuple[int, str]]] = field(default_factory=dict)
    rounds: list[dict[str, Any]] = field(default_factory=list)

    def doc_grade(self, qid: str, doc: str) -> int | None:
        return self.documents.get(qid, {}).get(doc)

    def passage_grade(self, qid: str, pkey: str) -> int | None:
        got = self.passages.get(qid, {}).get(pkey)
        return got[0] if got else None

    def best_passages(self, qid: str) -> dict[str, int]:
        """doc key -> its best judged passage grade: what an ideal list of cards could show."""
        best: dict[str, int] = {}
        for grade, doc in self.passages.get(qid, {}).values():
            best[doc] = max(best.get(doc, 0), grade)
        return best

    def to_yaml(self) -> str:
        data = {
            "documents": {q: dict(sorted(d.items())) for q, d in sorted(self.documents.items())},
            "passages": {
                q: {k: {"grade": g, "doc": doc} for k, (g, doc) in sorted(p.items())}
                for q, p in sorted(self.passages.items())
            },
            "rounds": self.rounds,
        }
        return judgements_yaml(
            "Held-out relevance judgements", "kb eval heldout", "Held-out judgements", data
        )


def judgements_yaml(what: str, command: str, section: str, data: dict[str, Any]) -> str:
    """A judgements file: a header saying what wrote it and where it is explained, then YAML."""
    head = (
        f"# {what} (graded 0-3), written by `{command} --judged`.\n"
        f"# See corpus/eval/README.md, '{section}'. Do not edit by hand.\n"
    )
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def load_judgements(path: Path, what: str, parse: Callable[[dict[str, Any]], T], empty: T) -> T:
    """A judgements file read by `parse` (`empty` when it does not exist yet); a malformed one
    is one MetadataError naming the file and `what` it holds."""
    if not Path(path).is_file():
        return empty
    try:
        return parse(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as exc:
        raise MetadataError(str(path), f"cannot read {what}: {exc}") from exc


def grade_table(raw: Mapping[Any, Any] | None) -> dict[str, dict[str, int]]:
    """`{question or profile: {key: grade}}` as read from YAML."""
    return {str(q): {str(k): int(g) for k, g in d.items()} for q, d in (raw or {}).items()}


def _qrels_of(raw: dict[str, Any]) -> Qrels:
    passages = {
        str(q): {str(k): (int(v["grade"]), str(v["doc"])) for k, v in p.items()}
        for q, p in raw.get("passages", {}).items()
    }
    return Qrels(grade_table(raw.get("documents")), passages, list(raw.get("rounds") or []))


def load_qrels(path: Path) -> Qrels:
    """The judgements so far (none when the file does not exist yet)."""
    return load_judgements(path, "the judgements", _qrels_of, Qrels())


# ---- the pool ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Shown:
    """One hit as a method showed it, in the held-out key scheme."""

    key: str
    title: str
    page: int
    snippet: str
    good_match: bool = True

    @property
    def pkey(self) -> str:
        return passage_key(self.key, self.snippet)


@dataclass(frozen=True)
class Answer:
    """A method's answer to one question: the ten hits shown and its first ten documents
    (each with the first hit that brought it)."""

    shown: tuple[Shown, ...]
    docs: tuple[Shown, ...]


def pool_items(
    questions: Sequence[Question], answers: Iterable[dict[str, Answer]], qrels: Qrels
) -> list[dict[str, Any]]:
    """Every unjudged document and passage in any method's top 10, shuffled, no method names.

    `answers` holds one {question id: Answer} per method. A document item lists the passages
    of that document the methods showed (or the one that brought it into a document list).
    """
    by_id = {q.id: q for q in questions}
    docs: dict[tuple[str, str], dict[str, Any]] = {}
    passages: dict[tuple[str, str], dict[str, Any]] = {}
    for per_method in answers:
        for qid, ans in per_method.items():
            q = by_id[qid]
            for s in (*ans.shown, *ans.docs):
                item = docs.get((qid, s.key))
                if item is None and qrels.doc_grade(qid, s.key) is None:
                    item = docs[(qid, s.key)] = _doc_item(q, s)
                if item is not None and all(p["snippet"] != s.snippet for p in item["passages"]):
                    item["passages"].append({"page": s.page, "snippet": s.snippet})
            for s in ans.shown:
                if (qid, s.pkey) not in passages and qrels.passage_grade(qid, s.pkey) is None:
                    passages[(qid, s.pkey)] = _passage_item(q, s)
    items = sorted([*docs.values(), *passages.values()], key=lambda x: x["item"])
    random.Random(_SEED).shuffle(items)
    return items


def _base(q: Question, s: Shown) -> dict[str, Any]:
    # The query only: neither the writer's note nor `intended` (they name the expected
    # documents, and the judge must grade what was found, not recognise what was expected).
    return {"qid": q.id, "query": q.query, "doc": s.key, "title": s.title}


def _doc_item(q: Question, s: Shown) -> dict[str, Any]:
    key = hashlib.sha256(f"{q.id}\n{s.key}".encode()).hexdigest()[:12]
    return {"item": f"d-{key}", "type": "document", **_base(q, s), "passages": [], "grade": None}


def _passage_item(q: Question, s: Shown) -> dict[str, Any]:
    return {
        "item": f"p-{q.id}-{s.pkey}",
        "type": "passage",
        **_base(q, s),
        "page": s.page,
        "snippet": s.snippet,
        "grade": None,
    }


def write_pool(path: Path, items: Sequence[dict[str, Any]]) -> None:
    atomic_write(path, "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), 0o644)


@dataclass(frozen=True)
class MergeReport:
    documents: int  # judgements added or changed
    passages: int
    changed: int  # of those, how many replaced an earlier, different grade
    ungraded: int  # items left without a grade (still to judge)


def read_grade(path: Path, n: int, item: dict[str, Any]) -> int | None:
    """A pool line's grade: None when not graded yet; anything but 0-3 is refused, naming it."""
    grade = item.get("grade")
    if grade is None:
        return None
    if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
        raise MetadataError(str(path), f"line {n}: grade {grade!r} is not one of 0, 1, 2, 3")
    return grade


def pool_lines(path: Path) -> list[str]:
    """The lines of a judged pool file; one clear error when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise MetadataError(str(path), f"cannot read the judged pool: {exc}") from exc


def merge_judged(path: Path, qrels_path: Path, judge: str = "") -> MergeReport:
    """Grades of a judged pool file into the qrels file (atomically); ungraded items wait."""
    qrels = load_qrels(qrels_path)
    docs = passages = changed = ungraded = 0
    for n, line in enumerate(pool_lines(path), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            qid, doc, kind = str(item["qid"]), str(item["doc"]), item["type"]
        except (ValueError, KeyError, TypeError) as exc:
            raise MetadataError(str(path), f"line {n}: not a pool item ({exc})") from exc
        if kind == "recommendation":
            continue  # a profile's program: kb/evaluate/profile_judging.py merges it
        grade = read_grade(path, n, item)
        if grade is None:
            ungraded += 1
            continue
        if kind == "document":
            old = qrels.documents.setdefault(qid, {}).get(doc)
            qrels.documents[qid][doc] = grade
            docs += 1
        elif kind == "passage":
            pkey = passage_key(doc, str(item.get("snippet", "")))
            if item.get("item") not in (None, f"p-{qid}-{pkey}"):
                raise MetadataError(str(path), f"line {n}: the snippet was edited after pooling")
            prev = qrels.passages.setdefault(qid, {}).get(pkey)
            old = prev[0] if prev else None
            qrels.passages[qid][pkey] = (grade, doc)
            passages += 1
        else:
            raise MetadataError(str(path), f"line {n}: type {kind!r} is not document or passage")
        changed += old is not None and old != grade
    if docs or passages:  # a file of recommendations only leaves the questions' file alone
        qrels.rounds.append(
            {
                "date": time.strftime("%Y-%m-%d", time.gmtime()),
                "file": Path(path).name,
                "judge": judge,
                "documents": docs,
                "passages": passages,
            }
        )
        atomic_write(qrels_path, qrels.to_yaml(), 0o644)
    return MergeReport(docs, passages, changed, ungraded)
