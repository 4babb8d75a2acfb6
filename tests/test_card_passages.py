"""What a card shows under its first passage (kb/answer/card_passages.py)."""

from __future__ import annotations

from kb.settings import Settings


def test_a_card_skips_a_passage_that_only_repeats_its_first() -> None:
    """Two overlapping chunks of one section: every window of the second repeats a sentence
    the first shows, so the card shows the next passage instead (or none)."""
    from types import SimpleNamespace

    from kb.answer.card_passages import shown_passages as _shown

    first = (
        "The agency runs trade missions. Firms exhibit at trade fairs abroad with a subsidy "
        "that covers part of the stand. Buyers are invited to meet preselected suppliers."
    )
    overlap = "Firms exhibit at trade fairs abroad with a subsidy that covers part of the stand."
    other = "An evaluation found more first-time exporters among the firms that took part."
    texts = {0: first, 1: overlap, 2: other}

    def chunk(row: int) -> dict[str, object]:
        return {
            "text": texts[row], "chunk_id": f"c{row}", "page_start": 1, "page_end": 1,
            "heading": None, "page_label": None, "language": "en", "kind": "text",
            "ocr": False, "seq": 0, "doc_id": "d",
        }  # fmt: skip

    searcher = SimpleNamespace(index=SimpleNamespace(chunk=chunk), settings=Settings())
    args = ("trade fairs", "")
    rows = [(0, 0.9), (1, 0.8), (2, 0.7)]
    assert [p.row for p in _shown(searcher, rows, *args, 2)] == [0, 2]  # type: ignore[arg-type]
    assert [p.row for p in _shown(searcher, rows[:2], *args, 2)] == [0]  # type: ignore[arg-type]
    assert [p.row for p in _shown(searcher, [rows[0], rows[2], rows[1]], *args, 3)] == [0, 2]  # type: ignore[arg-type]
