"""The bare-encoder baseline: fixed 120-word windows, plain cosine, nothing of kb's search.

Each document's text is cut into consecutive windows of `WINDOW_WORDS` words (no overlap, no
headings, pages only to say where a window starts, no document context, no language
centering), embedded with the same encoder (through the embedding cache), and ranked by
cosine with the query. It answers "what do kb's chunking, fusion, context and cross-lingual
support add over the encoder alone?".

The folder holds `windows.json` (one record per window) and `vectors.npy` (float32, read with
`allow_pickle=False`), written atomically; windows of files whose bytes did not change are kept,
so a second build reads no file again.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from kb.files import atomic_write
from kb.ingest.embed import EmbeddingCache, Encoder, encode_cached
from kb.records import Document

WINDOW_WORDS = 120


@dataclass(frozen=True)
class Window:
    key: str  # the document's key in the held-out key scheme
    title: str
    page: int  # the page of the window's first word
    text: str
    file: str = ""  # the file it came from ("" for case studies, rebuilt every time)
    file_id: str = ""  # content hash of that file


def windows_of(doc: Document, key: str, file: str = "", file_id: str = "") -> list[Window]:
    """Consecutive `WINDOW_WORDS`-word windows over the document's pages, in order."""
    words = [(w, p.number) for p in doc.pages for w in p.text.split()]
    out = []
    for start in range(0, len(words), WINDOW_WORDS):
        part = words[start : start + WINDOW_WORDS]
        text = " ".join(w for w, _ in part)
        out.append(Window(key, doc.title, part[0][1], text, file, file_id))
    return out


@dataclass
class SimpleIndex:
    folder: Path
    windows: list[Window]
    vectors: np.ndarray  # (n, dim) float32, unit rows

    @classmethod
    def load(cls, folder: Path) -> SimpleIndex:
        """The saved windows and vectors, or an empty index when there are none (or unreadable)."""
        try:
            raw = json.loads((folder / "windows.json").read_text(encoding="utf-8"))
            vectors = np.load(folder / "vectors.npy", allow_pickle=False)
            windows = [Window(**w) for w in raw]
            if len(windows) == len(vectors):
                return cls(folder, windows, vectors.astype(np.float32))
        except (OSError, ValueError, TypeError):
            pass  # a missing or broken baseline is rebuilt: it is derived data
        return cls(folder, [], np.zeros((0, 0), dtype=np.float32))

    def files(self) -> dict[str, str]:
        """file -> content hash of the files whose windows are held."""
        return {w.file: w.file_id for w in self.windows if w.file}

    def save(self) -> None:
        buf = io.BytesIO()
        np.save(buf, np.ascontiguousarray(self.vectors, dtype=np.float32), allow_pickle=False)
        atomic_write(self.folder / "vectors.npy", buf.getvalue())
        atomic_write(
            self.folder / "windows.json",
            json.dumps([asdict(w) for w in self.windows], ensure_ascii=False),
        )

    def search(self, qvec: np.ndarray, k: int) -> list[tuple[Window, float]]:
        """The k windows with the highest cosine, best first."""
        if not self.windows:
            return []
        scores = self.vectors @ np.asarray(qvec, dtype=np.float32)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.windows[i], float(scores[i])) for i in top]


def rebuild(
    folder: Path,
    keep: Sequence[Window],
    fresh: Sequence[Window],
    encoder: Encoder,
    cache: EmbeddingCache,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> SimpleIndex:
    """An index of `keep` (already held) plus `fresh` windows, every vector from the cache."""
    windows = [*keep, *fresh]
    vectors = encode_cached(encoder, [w.text for w in windows], cache, batch_size, progress)
    index = SimpleIndex(folder, windows, np.asarray(vectors, dtype=np.float32))
    index.save()
    return index
