"""The files of one index version on disk: the chunk table, BM25, the CURRENT pointer.

The chunk table is an Arrow IPC file read memory-mapped, and versions written by older kb
(`chunks.parquet`, BM25 kept as tokens) still read. `kb.store.index.Index` composes these into load
and publish.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa

from kb.store.lexical import LexicalIndex

CHUNKS_FILE = "chunks.arrow"


def current_version(path: Path) -> str:
    return (path / "CURRENT").read_text(encoding="utf-8").strip()


def read_chunks(folder: Path) -> pd.DataFrame:
    """The chunk table, memory-mapped: passage text stays on disk until a hit reads it.

    Arrow's IPC file is read without copying, so a loaded 100k-passage index holds ~20 MB of
    chunk table instead of ~250 MB (parquet's decoded pages, which the allocator kept); the
    pages a search touches are file-backed and the kernel may drop them. Versions written
    before kept `chunks.parquet`.
    """
    arrow = folder / CHUNKS_FILE
    if arrow.is_file():
        with pa.memory_map(str(arrow)) as source:
            return pa.ipc.open_file(source).read_all().to_pandas()
    frame = pd.read_parquet(folder / "chunks.parquet")
    pa.default_memory_pool().release_unused()
    return frame


def write_chunks(chunks: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(chunks, preserve_index=False)
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def load_lexical(folder: Path, chunks: pd.DataFrame) -> LexicalIndex:
    if LexicalIndex.is_saved(folder):
        return LexicalIndex.load(folder)
    # Versions written before BM25 term counts were kept stored each chunk's tokens.
    return LexicalIndex.build([list(t) for t in chunks["tokens"]])


def fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            with open(p, "rb") as fh:
                os.fsync(fh.fileno())
