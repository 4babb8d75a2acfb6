"""Small files made in tests: text files, pseudo-reports, text PDFs; where real data lives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fpdf import FPDF

from kb.ingest.parse import parse_file
from kb.records import Document

ROOT = Path(__file__).resolve().parents[2]
DATAKIT = ROOT.parent / "shared" / "datakit"
# Tests that read the shared real material skip, naming it, when it is not beside the repo.
needs_datakit = pytest.mark.skipif(not DATAKIT.is_dir(), reason="../shared/datakit not present")

VOCAB = (
    "fund",
    "bank",
    "loan",
    "firm",
    "export",
    "credit",
    "guarantee",
    "collateral",
    "rule",
    "auction",
    "policy",
    "small",
    "medium",
    "enterprise",
    "agency",
    "market",
    "tax",
    "grant",
    "voucher",
    "training",
    "customs",
    "portal",
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def parsed_page(folder: Path, text: str, name: str = "page.md") -> Document:
    """A saved page written to `folder` as `name` and parsed (its suffix picks the parser)."""
    return parse_file(write(folder / name, text))[0]


def body_paragraphs(doc: Document) -> list[str]:
    """A parsed document's paragraphs, headings left out."""
    return [b.text for page in doc.pages for b in page.blocks if b.kind != "heading"]


def report_text(seed: int, words: int = 400) -> str:
    """A long pseudo-report; two seeds give unrelated texts, the same seed the same one."""
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCAB) for _ in range(words))


def text_pdf(pages: int, seed: int = 0) -> bytes:
    """A text PDF; every page has different words (so none is taken for a running header)."""
    rng = random.Random(seed)
    pdf = FPDF()
    pdf.set_font("Helvetica", size=9)
    for _ in range(pages):
        pdf.add_page()
        pdf.text(20, 40, " ".join(rng.choice(VOCAB) for _ in range(10)))
    return bytes(pdf.output())
