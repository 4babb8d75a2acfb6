"""Page truth of passages on the multi-page datakit text PDFs (issue 13).

    python bench/bench_pages.py

Parses and chunks each PDF with the shipped settings, reads its pages again with pdfium
(tests/support/pagecheck.py) and prints, per file and in total: passages, the share whose
text occurs on the page they cite, the share found on their whole page span, passages
spanning pages, and the median passage length in words.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.support

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.settings import get_settings
from tests.support.files import DATAKIT
from tests.support.pagecheck import page_truth

FILES = (
    "004-pdflatex-4-pages/pdflatex-4-pages.pdf",
    "006-pdflatex-outline/pdflatex-outline.pdf",
    "009-pdflatex-geotopo/GeoTopo-komprimiert.pdf",
    "014-outlines/mistitled_outlines_example.pdf",
    "026-latex-multicolumn/multicolumn.pdf",
)


def main() -> None:
    settings = get_settings()
    total = on_page = on_span = spanning = 0
    words: list[int] = []
    for name in FILES:
        path = DATAKIT / "pdfs" / name
        chunks = chunk_document(
            parse_file(path, settings=settings)[0],
            settings.chunk_words,
            settings.chunk_overlap_words,
        )
        t = page_truth(path, chunks)
        words += [len(c.text.split()) for c in chunks if c.kind == "text"]
        total, on_page = total + t.chunks, on_page + t.on_cited_page
        on_span, spanning = on_span + t.on_cited_span, spanning + t.spanning
        print(
            f"{path.name:34s} passages {t.chunks:4d}  on cited page {t.on_cited_page:4d}  "
            f"on span {t.on_cited_span:4d}  spanning {t.spanning:3d}  median {t.median_words}"
        )
    print(
        f"total: {total} passages, {on_page / total:.1%} on their cited page, "
        f"{on_span / total:.1%} on their span, {spanning} spanning pages, "
        f"median {statistics.median(words)} words"
    )


if __name__ == "__main__":
    main()
