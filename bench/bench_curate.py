"""Adding one 20-page PDF to a 100k-chunk index, against rebuilding that index.

    python bench/bench_curate.py [--chunks 100000] [--encoder usem3+minilm] [--sample 400]

The 100k-chunk index is synthetic where it does not matter and real where it does: passages
are 120-word texts drawn from the shipped corpus's words, tokenised by kb, with unit vectors
of the encoder's dimension. The incremental add is measured end to end with the real
pipeline: load the index, parse the PDF, chunk, embed with the real encoder, add its rows
(FAISS add_with_ids, BM25 rows appended), publish a new version.

A rebuild cannot be run on synthetic files, so it is measured in parts: the index build over
all chunks (FAISS + BM25 + publish) is run in full; parsing, tokenising and embedding are
timed on real work (the same 20-page PDF, `--sample` passages) and scaled to the index size.
Two rebuilds are reported: cold (every passage embedded) and warm (embeddings from the cache,
so only parsing, tokenising and the index build remain). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from fpdf import FPDF

from bench import corpus_words, timed
from kb.curate.batch import Pipeline
from kb.ingest.chunk import chunk_document
from kb.ingest.embed import make_encoder
from kb.ingest.parse import parse_file
from kb.records import Chunk, DocRecord
from kb.settings import get_settings
from kb.store.lexical import tokenize

WORDS_PER_CHUNK = 120
PAGES = 20


def make_pdf(path: Path, words: list[str], seed: int) -> None:
    """A 20-page report of corpus words (Helvetica: Latin-1, which the corpus words fit)."""
    rng = random.Random(seed)
    pdf = FPDF()
    for _ in range(PAGES):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        for _ in range(6):
            text = " ".join(rng.choice(words) for _ in range(60)) + "."
            pdf.multi_cell(0, 5, text.encode("latin-1", "replace").decode("latin-1"))
            pdf.ln(2)
    pdf.output(str(path))


def synthetic_rows(
    n: int, dim: int, words: list[str]
) -> tuple[dict[str, Any], list[Chunk], list[list[str]], np.ndarray]:
    """n passages in documents of 40 (a 20-page report), 2,000 distinct texts reused."""
    rng = random.Random(0)
    texts = [" ".join(rng.choice(words) for _ in range(WORDS_PER_CHUNK)) for _ in range(2000)]
    toks = [tokenize(t, "en") for t in texts]
    docs, chunks, tokens = {}, [], []
    for i in range(n):
        doc = f"syn{i // 40:06d}"
        docs.setdefault(
            doc,
            DocRecord(title=doc, source=f"{doc}.pdf", doc_type="pdf", language="en", pages=PAGES),
        )
        chunks.append(
            Chunk(
                f"{doc}:{i % 40}",
                doc,
                i % 40,
                texts[i % 2000],
                i % 40 // 2 + 1,
                i % 40 // 2 + 1,
                language="en",
            )
        )
        tokens.append(toks[i % 2000])
    vectors = np.random.default_rng(0).standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return docs, chunks, tokens, vectors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, default=100_000)
    ap.add_argument("--encoder", default=get_settings().encoder)
    ap.add_argument("--sample", type=int, default=400, help="passages embedded to time encoding")
    args = ap.parse_args()
    words = corpus_words()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        s = get_settings().with_(
            index_dir=tmp / "indexes", cache_dir=tmp / "cache", encoder=args.encoder
        )
        pipe = Pipeline(s)
        docs, chunks, tokens, vectors = synthetic_rows(args.chunks, pipe.encoder.dim, words)
        empty = pipe.open_index("bench", rebuild=True)
        built, t_build = timed(lambda: empty.with_documents(docs, chunks, tokens, vectors))
        _, t_publish = timed(built.publish)
        del built

        pdf = tmp / "report-20-pages.pdf"
        make_pdf(pdf, words, seed=7)
        report, t_add = timed(lambda: pipe.ingest_paths([pdf], "bench"))
        assert len(report.added) == 1 and not report.failed, report.to_json()

        doc, t_parse = timed(lambda: parse_file(pdf, settings=s)[0])
        new_chunks, t_chunk = timed(
            lambda: chunk_document(doc, s.chunk_words, s.chunk_overlap_words)
        )
        _, t_tok = timed(lambda: [tokenize(c.text, c.language) for c in new_chunks])
        sample = [c.text for c in chunks[: args.sample]]
        encoder = make_encoder(args.encoder)
        encoder.encode(sample[:4])  # load weights before timing
        _, t_embed = timed(lambda: encoder.encode(sample))

    per_doc = len(new_chunks) or 1
    n_docs = args.chunks / per_doc
    read = n_docs * (t_parse + t_chunk + t_tok)
    embed = args.chunks * t_embed / len(sample)
    index_build = t_build + t_publish
    cold, warm = read + embed + index_build, read + index_build
    print(
        json.dumps(
            {
                "index_chunks": args.chunks,
                "encoder": args.encoder,
                "added_pdf": {"pages": PAGES, "chunks": report.chunks, "seconds": round(t_add, 2)},
                "rebuild_parts_seconds": {
                    "index_build_measured": round(index_build, 1),
                    "parse_chunk_tokenise_scaled": round(read, 1),
                    "embed_scaled": round(embed, 1),
                    "per_20_page_pdf_parse": round(t_parse, 3),
                    "embed_per_passage": round(t_embed / len(sample), 4),
                },
                "rebuild_cold_seconds": round(cold, 1),
                "rebuild_warm_cache_seconds": round(warm, 1),
                "speedup_vs_cold_rebuild": round(cold / t_add, 1),
                "speedup_vs_warm_rebuild": round(warm / t_add, 1),
                "target": ">= 100x vs rebuild",
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
