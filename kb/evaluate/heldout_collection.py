"""The mixed collection the held-out set asks over, its keys, and its indexes.

The collection is the shipped corpus (case studies and policy notes), every datakit PDF (the
encrypted one with the password its README gives), the UNDP Accelerator Labs pages, the ECLAC
repository export and the rendered working notes: as text-layer PDFs (`text`) or as scans
(`ocr`). Each variant is parsed once by kb's `parse_file` and goes through kb's ingest pipeline
into `<cache>/heldout/<tag>/mixed-<variant>`, and into the bare-encoder baseline's
`simple-<variant>`. The tag is a hash of everything that shapes an index (encoder, chunk and
vector settings, and the source of kb's ingest and store code), so a change in chunking or
parsing rebuilds the indexes instead of measuring stale ones; the embedding cache keeps a
rebuild cheap.

Hits map to the documents' keys (heldout/README.md, "Key scheme"): `program:<id>`,
`policy-note:<stem>`, `undp:<stem>`, `eclac:<handle URL>`, `datakit:pdfs/<path>`, `note:<stem>`.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kb.curate.batch import Pipeline
from kb.errors import KbError, UsageError
from kb.ingest.embed import EmbeddingCache, Encoder
from kb.ingest.parse import parse_file
from kb.ingest.pipeline import ProgressSink, Silent, corpus_documents, display_source
from kb.records import Document, content_id
from kb.settings import PROJECT_ROOT, Settings
from kb.store.base import IndexView

from .heldout_simple import SimpleIndex, Window, rebuild, windows_of

DATAKIT = PROJECT_ROOT.parent / "shared" / "datakit"
ECLAC_CSV = Path("eclac-repository") / "eclac-repository-climate-export.csv"
UNDP_PAGES = Path("undp-acclab") / "pages"
# The open password printed in datakit/pdfs/005-libreoffice-writer-password/README.md; PDFs
# without encryption ignore it.
PDF_PASSWORD = "openpassword"
VARIANTS = ("text", "ocr")
# Code whose change alters passages, vectors or BM25 tokens: a change means a new index.
_SHAPING_CODE = ("ingest", "store")


def check_datakit(datakit: Path) -> None:
    """The datakit must be there: without it the questions would silently lose their answers."""
    missing = [p for p in ("pdfs", str(UNDP_PAGES), str(ECLAC_CSV)) if not (datakit / p).exists()]
    if missing:
        raise UsageError(
            f"no datakit at {datakit} (missing {', '.join(missing)}): pass --datakit PATH, the "
            "folder holding pdfs/, undp-acclab/ and eclac-repository/"
        )


@dataclass(frozen=True)
class Collection:
    """Where the parts of the mixed collection are, for one variant of the working notes."""

    corpus_dir: Path
    datakit: Path
    notes: Path  # the folder of the rendered notes of this variant (text/ or scan/)

    def files(self) -> list[Path]:
        """Every file of the collection except the case studies, sorted."""
        d = self.datakit
        parts = [
            sorted((d / "pdfs").rglob("*.pdf")),
            sorted((d / UNDP_PAGES).glob("*.md")),
            [d / ECLAC_CSV],
            sorted((self.corpus_dir / "documents").glob("*.md")),
            sorted(self.notes.glob("*.pdf")),
        ]
        return [p for group in parts for p in group]

    def key(self, source: str, doc_type: str, program_id: str | None) -> str:
        """The held-out key of a document from what a hit or index record says about it."""
        if program_id:
            return f"program:{program_id}"
        if doc_type == "repository-record":
            return f"eclac:{source}"
        path = Path(source)
        path = (path if path.is_absolute() else PROJECT_ROOT / path).resolve()
        if path.is_relative_to((self.corpus_dir / "programs").resolve()):
            # a case study or one of its translations (translations/<id>.<lang>.md)
            return f"program:{path.name.split('.')[0]}"
        roots = (
            (self.datakit / "pdfs", "datakit:pdfs/", True),
            (self.datakit / UNDP_PAGES, "undp:", False),
            (self.corpus_dir / "documents", "policy-note:", False),
            (self.notes, "note:", False),
        )
        for root, prefix, whole in roots:
            try:
                rel = path.relative_to(root.resolve())
            except ValueError:
                continue
            return prefix + (rel.as_posix() if whole else rel.with_suffix("").as_posix())
        return f"other:{source}"


def index_tag(settings: Settings) -> str:
    """A short hash of the settings and code that shape the indexes (see the module doc)."""
    s = settings
    h = hashlib.sha256(
        repr(
            (
                s.encoder,
                tuple(s.encoder_weights),
                s.language_centering,
                s.document_context,
                s.vector_storage,
                s.chunk_words,
                s.chunk_overlap_words,
                s.ocr_enabled,
                s.ocr_dpi,
            )
        ).encode()
    )
    kb_dir = Path(__file__).resolve().parent.parent
    for part in _SHAPING_CODE:
        for path in sorted((kb_dir / part).rglob("*.py")):
            h.update(path.relative_to(kb_dir).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


@dataclass
class BuiltVariant:
    variant: str
    index_settings: Settings  # index_dir = <cache>/heldout/<tag>
    kb_index: str  # index name under index_settings.index_dir
    simple: SimpleIndex
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def heldout_dir(settings: Settings, work: str = "heldout") -> Path:
    """Where a question set's rendered notes, indexes and audit rows live: one folder per set
    (`heldout`, `dev_pages`), so one set's notes never enter another's collection."""
    return settings.cache_dir / work


def prune_other_tags(settings: Settings, tag: str, work: str = "heldout") -> None:
    """Indexes of earlier code or settings are never read again: remove them."""
    root = heldout_dir(settings, work) / "indexes"
    if root.is_dir():
        for old in root.iterdir():
            if old.is_dir() and old.name != tag:
                shutil.rmtree(old, ignore_errors=True)


def _stale(
    index: IndexView, programs: list[Document], sources: set[str], records: set[str]
) -> list:
    """Documents held that the collection no longer has (deleted files, edited case studies)."""
    current_programs = {d.doc_id for d in programs}
    out = []
    for doc_id, rec in index.docs.items():
        if rec.doc_type == "program":
            gone = doc_id not in current_programs
        elif rec.doc_type == "repository-record":
            gone = doc_id not in records
        else:
            gone = rec.source not in sources
        if gone:
            out.append(doc_id)
    return out


@dataclass
class _Reading:
    """What one pass over the collection's files found to do."""

    new_docs: list[Document] = field(default_factory=list)  # for kb's index
    keep: list[Window] = field(default_factory=list)  # baseline windows of unchanged files
    fresh: list[Window] = field(default_factory=list)  # baseline windows to add
    records: set[str] = field(default_factory=set)  # ids of the export's records
    failed: list[tuple[str, str]] = field(default_factory=list)


def _read_changed(
    coll: Collection,
    index: IndexView,
    simple: SimpleIndex,
    s: Settings,
    say: Callable[[str], None] | None,
) -> _Reading:
    """Parse each file at most once, and only when kb's index or the baseline lacks it."""
    out, held = _Reading(), simple.files()
    files = coll.files()
    for n, path in enumerate(files):
        try:
            fid = content_id(path.read_bytes())
        except OSError as exc:
            out.failed.append((str(path), f"cannot read the file: {exc.strerror or exc}"))
            continue
        csv = path.suffix.lower() == ".csv"  # one file, many records: always re-read (cheap)
        need_kb = csv or fid not in index.docs
        need_simple = held.get(str(path)) != fid
        if not need_simple:
            out.keep += [w for w in simple.windows if w.file == str(path)]
        if not (need_kb or need_simple):
            continue
        if say:
            say(f"{index.name}: reading {path.name} ({n + 1}/{len(files)})")
        try:
            docs = parse_file(path, password=PDF_PASSWORD, settings=s)
        except KbError as exc:
            out.failed.append((str(path), getattr(exc, "reason", str(exc))))
            continue
        out.records |= {d.doc_id for d in docs if d.doc_type == "repository-record"}
        if need_kb:
            out.new_docs += docs
        if need_simple:
            for d in docs:
                out.fresh += windows_of(d, coll.key(d.source, d.doc_type, None), str(path), fid)
    return out


def build_variant(
    settings: Settings,
    coll: Collection,
    variant: str,
    encoder: Encoder,
    progress: ProgressSink | None = None,
    say: Callable[[str], None] | None = None,
    work: str = "heldout",
) -> BuiltVariant:
    """Parse what changed once; ingest it into kb's index and the baseline's windows."""
    t0 = time.perf_counter()
    tag = index_tag(settings)
    s = settings.with_(index_dir=heldout_dir(settings, work) / "indexes" / tag)
    name = f"mixed-{variant}"
    pipe = Pipeline(s, encoder, progress or Silent())
    index = pipe.open_index(name)
    simple = SimpleIndex.load(s.index_dir / f"simple-{variant}")
    programs, errors = corpus_documents(settings)
    got = _read_changed(coll, index, simple, s, say)
    sources = {display_source(str(p)) for p in coll.files()}
    stale = _stale(index, programs, sources, got.records)
    report = pipe.ingest_paths([], name, extra=[*programs, *got.new_docs], drop=stale)
    failed = [(e.path, e.reason) for e in errors] + got.failed
    failed += [(f.file, f.reason) for f in report.failed]  # the held-out report has no kinds
    # Case studies are rebuilt every time: no file to parse, vectors from the cache.
    keys = [coll.key(d.source, d.doc_type, d.program.id if d.program else None) for d in programs]
    fresh = [w for d, k in zip(programs, keys, strict=True) for w in windows_of(d, k)]
    fresh += got.fresh
    cache = EmbeddingCache(s.cache_dir / "embeddings.sqlite")
    try:
        if say:
            say(f"simple-{variant}: {len(got.keep) + len(fresh)} windows")
        simple = rebuild(simple.folder, got.keep, fresh, encoder, cache, s.embed_batch_size)
    finally:
        cache.close()
    prune_other_tags(settings, tag, work)
    return BuiltVariant(variant, s, name, simple, failed, time.perf_counter() - t0)
