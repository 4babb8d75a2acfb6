"""FAISS + BM25 + manifest, in a self-describing, versioned folder.

    indexes/<name>/CURRENT              name of the live version (switched with os.replace)
    indexes/<name>/versions/<version>/  manifest.json, vectors.faiss, chunks.arrow
                                        (Arrow IPC, memory-mapped), docs.json, bm25/

A publish writes a complete new version under a temporary name, renames it into
place, then switches CURRENT: a crash at any moment leaves CURRENT naming a whole
version, before or after the change. Readers load one version into memory and
keep it until they reload. Updates touch only the changed documents' rows: FAISS
ids are stable, vectors of unchanged chunks are copied, never re-encoded.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import pandas as pd

from kb.errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from kb.files import atomic_write
from kb.records import Chunk, DocRecord
from kb.store.base import FORMAT, Manifest, record_json
from kb.store.file_view import FileSearch
from kb.store.layout import (
    CHUNKS_FILE,
    current_version,
    fsync_tree,
    load_lexical,
    read_chunks,
    write_chunks,
)
from kb.store.lexical import LexicalIndex

KEEP_VERSIONS = 3
LOAD_ATTEMPTS = 3
MIN_LANGUAGE_CHUNKS = 20
CHUNK_COLUMNS = [
    "faiss_id",
    "chunk_id",
    "doc_id",
    "seq",
    "text",
    "page_start",
    "page_end",
    "heading",
    "char_start",
    "char_end",
    "language",
    "kind",
    "ocr",
    "page_label",
    "ocr_confidence",
]


def _new_faiss(dim: int, storage: str) -> faiss.Index:
    return faiss.index_factory(dim, f"IDMap2,{storage}", faiss.METRIC_INNER_PRODUCT)


def _empty_chunks() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in CHUNK_COLUMNS})


@dataclass
class Index(FileSearch):
    """One loaded version of an index: everything search needs, in memory (an IndexView)."""

    path: Path
    manifest: Manifest
    vectors: faiss.Index
    chunks: pd.DataFrame
    docs: dict[str, DocRecord]
    lexical: LexicalIndex

    # ---- creation and loading -------------------------------------------------
    @classmethod
    def empty(
        cls,
        path: Path,
        encoder: str,
        dim: int,
        chunk_words: int,
        overlap: int,
        storage: str = "Flat",
        centering: bool = False,
        document_context: float = 0.0,
    ) -> Index:
        manifest = Manifest(
            name=path.name,
            encoder=encoder,
            dim=dim,
            chunk_words=chunk_words,
            chunk_overlap_words=overlap,
            vector_storage=storage,
            centering=centering,
            document_context=document_context,
        )
        return cls(
            path, manifest, _new_faiss(dim, storage), _empty_chunks(), {}, LexicalIndex.build([])
        )

    @staticmethod
    def exists(path: Path) -> bool:
        return (path / "CURRENT").is_file()

    @classmethod
    def load(cls, path: Path, expect_encoder: str | None = None) -> Index:
        if not cls.exists(path):
            raise IndexMissingError(path.name, str(path))
        for _ in range(LOAD_ATTEMPTS - 1):
            version = current_version(path)
            try:
                return cls._load_version(path, version, expect_encoder)
            except IndexCorruptError as exc:
                # Publishes while this reader read may have pruned its version: read the new one.
                # A SystemError is CPython 3.11's thread-unsafe AST bug (a concurrent first
                # import), not a bad file: reading again succeeds.
                if current_version(path) == version and not isinstance(exc.__cause__, SystemError):
                    raise
        return cls._load_version(path, current_version(path), expect_encoder)

    @classmethod
    def _load_version(cls, path: Path, version: str, expect_encoder: str | None) -> Index:
        vdir = path / "versions" / version
        try:
            raw = json.loads((vdir / "manifest.json").read_text(encoding="utf-8"))
            manifest = Manifest(**raw)
        except (OSError, ValueError, TypeError) as exc:
            raise IndexCorruptError(str(vdir), f"manifest: {exc}") from exc
        if manifest.format != FORMAT:
            raise IndexCorruptError(str(vdir), f"format {manifest.format}, this kb reads {FORMAT}")
        if expect_encoder and manifest.encoder != expect_encoder:
            raise IndexMismatchError(path.name, manifest.encoder, expect_encoder)
        try:
            vectors = faiss.read_index(str(vdir / "vectors.faiss"))
            chunks = read_chunks(vdir)
            raw_docs = json.loads((vdir / "docs.json").read_text(encoding="utf-8"))
            docs = {k: DocRecord.from_json(v) for k, v in raw_docs.items()}
            lexical = load_lexical(vdir / "bm25", chunks)
            chunks = chunks.drop(columns=["tokens"], errors="ignore")
        except Exception as exc:  # any unreadable part means the version is unusable
            raise IndexCorruptError(str(vdir), f"{exc.__class__.__name__}: {exc}") from exc
        if vectors.ntotal != len(chunks) or lexical.size != len(chunks):
            raise IndexCorruptError(str(vdir), "vector, chunk and BM25 counts differ")
        for column in CHUNK_COLUMNS:  # versions written before a column existed
            if column not in chunks.columns:
                chunks[column] = None
        return cls(path, manifest, vectors, chunks.reset_index(drop=True), docs, lexical)

    # ---- changes (each returns a new Index; nothing is written until publish) ----
    def without(self, doc_ids: Iterable[str]) -> Index:
        drop = set(doc_ids) & set(self.docs)
        if not drop:
            return self
        mask = self.chunks["doc_id"].isin(drop).to_numpy()
        ids = self.chunks.loc[mask, "faiss_id"].to_numpy(dtype=np.int64)
        vectors = faiss.clone_index(self.vectors)
        vectors.remove_ids(ids)
        chunks = self.chunks.loc[~mask].reset_index(drop=True)
        docs = {k: v for k, v in self.docs.items() if k not in drop}
        return self._with(vectors, chunks, docs, self.lexical.select(~mask))

    def with_documents(
        self,
        docs: dict[str, DocRecord],
        chunks: Sequence[Chunk],
        tokens: Sequence[list[str]],
        vectors: np.ndarray,
    ) -> Index:
        """Add documents (replacing any with the same id) with their chunks and vectors."""
        if len(tokens) != len(chunks):
            raise ValueError(f"{len(chunks)} chunks but {len(tokens)} token lists")
        base = self.without(docs)
        if base.manifest.document_context and len(chunks):
            vectors = with_document_context(
                vectors, [c.doc_id for c in chunks], base.manifest.document_context
            )
        if base.manifest.centering and len(chunks):
            base, vectors = base._center_new(vectors, [c.language for c in chunks])
        start = base.manifest.next_id
        ids = np.arange(start, start + len(chunks), dtype=np.int64)
        rows = pd.DataFrame(
            [{**_chunk_row(c), "faiss_id": int(i)} for c, i in zip(chunks, ids, strict=True)],
            columns=CHUNK_COLUMNS,
        )
        index = faiss.clone_index(base.vectors)
        if len(chunks):
            index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
        frames = [f for f in (base.chunks, rows) if len(f)]
        table = pd.concat(frames, ignore_index=True) if frames else _empty_chunks()
        merged = {**base.docs, **docs}
        out = base._with(index, table, merged, base.lexical.extend(tokens))
        out.manifest = replace(out.manifest, next_id=start + len(chunks))
        return out

    def _with(
        self,
        vectors: faiss.Index,
        chunks: pd.DataFrame,
        docs: dict[str, DocRecord],
        lexical: LexicalIndex,
    ) -> Index:
        # BM25 rows follow chunk rows: callers pass the lexical index changed the same way.
        manifest = replace(self.manifest, docs=len(docs), chunks=len(chunks))
        return Index(self.path, manifest, vectors, chunks, docs, lexical)

    def with_records(self, records: Mapping[str, DocRecord]) -> Index:
        """Documents' metadata changed: vectors, chunks and BM25 are reused as they are."""
        return replace(self, docs={**self.docs, **records})

    # ---- language centering ----------------------------------------------------------
    def _center_new(
        self, vectors: np.ndarray, langs: Sequence[str | None]
    ) -> tuple[Index, np.ndarray]:
        """Centre new vectors; the first time the index is big enough, centre the stored ones too.

        Until MIN_LANGUAGE_CHUNKS passages exist, a mean would be mostly the passages themselves,
        so vectors are stored as encoded; the batch that crosses the threshold estimates the
        means from every passage and rewrites the stored vectors centred.
        """
        if self.manifest.language_means:
            base = self._with_means(vectors, langs)
            return base, base.centered(vectors, langs)
        ids = self.chunks["faiss_id"].to_numpy(dtype=np.int64)
        old = self.embedding(ids) if len(ids) else np.zeros((0, len(vectors[0])), np.float32)
        old_langs = list(self.chunks["language"])
        if len(ids) + len(vectors) < MIN_LANGUAGE_CHUNKS:
            return self, np.asarray(vectors, dtype=np.float32)
        base = self._with_means(np.vstack([old, vectors]), [*old_langs, *langs])
        if len(ids):
            index = _new_faiss(self.manifest.dim, self.manifest.vector_storage)
            index.add_with_ids(np.ascontiguousarray(base.centered(old, old_langs)), ids)
            base = replace(base, vectors=index)
        return base, base.centered(vectors, langs)

    def _with_means(self, vectors: np.ndarray, langs: Sequence[str | None]) -> Index:
        """Estimate the mean vector of each language not seen before (and of all text, '*').

        Means are frozen once estimated, so vectors already stored stay comparable with new
        ones; a rebuild estimates them afresh. A language with fewer than MIN_LANGUAGE_CHUNKS
        passages is too thin for a mean of its own and is centred by the overall mean.
        """
        means = dict(self.manifest.language_means)
        arr = np.asarray([lang or "" for lang in langs])
        if "*" not in means:
            means["*"] = np.asarray(vectors, dtype=np.float64).mean(axis=0).tolist()
        for lang in set(arr.tolist()) - set(means) - {""}:
            rows = arr == lang
            if rows.sum() >= MIN_LANGUAGE_CHUNKS:
                means[lang] = np.asarray(vectors[rows], dtype=np.float64).mean(axis=0).tolist()
        if means == self.manifest.language_means:
            return self
        return replace(self, manifest=replace(self.manifest, language_means=means))

    def centered(self, vectors: np.ndarray, langs: Sequence[str | None]) -> np.ndarray:
        return self.manifest.centered(vectors, langs)

    # ---- publishing --------------------------------------------------------------
    def publish(self) -> Index:
        """Write this state as a new version and make it the live one, atomically."""
        versions = self.path / "versions"
        versions.mkdir(parents=True, exist_ok=True)
        stamp = time.time()
        name = (
            time.strftime("v%Y%m%dT%H%M%S", time.gmtime(stamp))
            + f"-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
        )
        manifest = replace(self.manifest, version=name, created=stamp)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=versions))
        try:
            self._write(tmp, manifest)
            fsync_tree(tmp)
            os.replace(tmp, versions / name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        atomic_write(self.path / "CURRENT", name)
        self._prune(versions, keep=name)
        return replace(self, manifest=manifest)

    def _write(self, folder: Path, manifest: Manifest) -> None:
        faiss.write_index(self.vectors, str(folder / "vectors.faiss"))
        write_chunks(self.chunks, folder / CHUNKS_FILE)
        (folder / "docs.json").write_text(docs_json(self.docs), encoding="utf-8")
        self.lexical.save(folder / "bm25")
        (folder / "manifest.json").write_text(
            json.dumps(asdict(manifest), indent=1), encoding="utf-8"
        )

    @staticmethod
    def _prune(versions: Path, keep: str) -> None:
        done = sorted(
            (p for p in versions.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
        )
        for old in done[:-KEEP_VERSIONS]:
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)


def docs_json(docs: Mapping[str, DocRecord]) -> str:
    """docs.json, each record bounded first: a version that could not be loaded back (a
    record expanding to gigabytes) is never written (issue 17)."""
    records = {k: record_json(k, d) for k, d in docs.items()}
    return json.dumps(records, ensure_ascii=False)


def with_document_context(vectors: np.ndarray, doc_ids: Sequence[str], weight: float) -> np.ndarray:
    """Each passage's vector plus `weight` times its document's mean direction, renormalised.

    A passage is read in the light of the document around it (a sentence about "the fund"
    belongs to a guarantee-fund case study); on XQuAD-R this added about 0.01 mAP@20
    (docs/evaluation.md). A document's passages always arrive together, so an update that
    replaces a document recomputes its context and touches no other document.
    """
    vecs = np.asarray(vectors, dtype=np.float32)
    _, group = np.unique(np.asarray(list(doc_ids)), return_inverse=True)
    sums = np.zeros((int(group.max()) + 1, vecs.shape[1]), dtype=np.float32)
    np.add.at(sums, group, vecs)
    sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    out = vecs + weight * sums[group]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


def _chunk_row(c: Chunk) -> dict[str, Any]:
    row = asdict(c)
    return row
