"""OCR speed and accuracy on a generated scanned document (image-only PDF).

    python bench/bench_ocr.py [--copies 2] [--skew 1.0] [--dpi 200]

Draws the pages of a made-up report (Spanish and Portuguese, with a running header and a
page-number footer) as images, puts them in a PDF with no text layer, parses it with kb,
and prints OCR pages per second and the share of the source text's words recovered
(target >= 95 %). Words are compared as a multiset, case-folded, punctuation stripped.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.scan_support

from kb.ingest.parse import ocr, parse_file
from kb.settings import get_settings
from tests.support.scan import PAGES, scanned_pdf

TARGET = 0.95
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(text))


def recovered(source: str, read: str) -> float:
    """Share of the source's words (with multiplicity) found in the OCR text."""
    want, got = words(source), words(read)
    return sum((want & got).values()) / max(sum(want.values()), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--copies", type=int, default=2, help="times the 4 report pages repeat")
    ap.add_argument("--skew", type=float, default=1.0, help="page rotation in degrees")
    ap.add_argument("--dpi", type=int, default=get_settings().ocr_dpi, help="OCR resolution")
    args = ap.parse_args()
    if ocr.find_tesseract() is None:
        sys.exit("tesseract is not installed: " + ocr.ENABLE_HINT)
    texts = list(PAGES) * args.copies
    settings = get_settings().with_(ocr_dpi=args.dpi, ocr_max_pages=len(texts))
    with tempfile.TemporaryDirectory() as tmp:
        path = scanned_pdf(Path(tmp) / "scan.pdf", texts, skew=args.skew)
        start = time.perf_counter()
        doc = parse_file(path, settings=settings)[0]
        seconds = time.perf_counter() - start
    shares = [recovered(src, page.text) for src, page in zip(texts, doc.pages, strict=True)]
    total = recovered("\n".join(texts), doc.text)
    confidence = doc.metadata.get("ocr_confidence")
    print(
        f"{len(texts)} scanned pages at {args.dpi} dpi, skew {args.skew}°: {seconds:.1f}s, "
        f"{len(texts) / seconds:.2f} pages/s; mean Tesseract confidence {confidence}"
    )
    print(
        f"words recovered: {total:.1%} (target {TARGET:.0%}); worst page "
        f"{min(shares):.1%}; languages {doc.metadata.get('ocr_languages')}"
    )
    if total < TARGET:
        sys.exit(1)


if __name__ == "__main__":
    main()
